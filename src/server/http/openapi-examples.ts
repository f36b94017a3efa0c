// Example requests for the main routes of the API document, so that the interactive page at
// /docs starts with something that works.
type Operation = { requestBody?: { content?: Record<string, { example?: unknown }> }; parameters?: { name: string; example?: unknown }[] };
type Document = { paths?: Record<string, Record<string, Operation>> };

const bodies: Record<string, Record<string, unknown>> = {
  "post /api/v1/auth/register": { username: "ada", password: "correct horse battery", firstName: "Ada", lastName: "Lovelace", age: 36 },
  "post /api/v1/auth/login": { username: "ada", password: "correct horse battery" },
  "post /api/v1/chats/direct": { userId: "ck9x2v0f40000qzrmn831i7rn" },
  "post /api/v1/chats/group": { title: "Analytical engine", memberIds: ["ck9x2v0f40000qzrmn831i7rn"] },
  "post /api/v1/messages/send": { chatId: "cm1b7s3xk0001qzrm4a8h2d9e", content: "Hello!", clientId: "tmp-1" },
  "post /api/v1/messages/{messageId}/reactions": { emoji: "👍" },
  "post /api/v1/calls/initiate": { chatId: "cm1b7s3xk0001qzrm4a8h2d9e", type: "audio" },
};

const queries: Record<string, Record<string, unknown>> = {
  "get /api/v1/users/search": { q: "ada", limit: 20 },
  "get /api/v1/chats": { limit: 30 },
  "get /api/v1/chats/{chatId}/messages": { limit: 50 },
  "get /api/v1/messages/search": { q: "hello" },
};

export function addExamples<D extends object>(document: D): D {
  const paths = (document as Document).paths ?? {};
  for (const [key, example] of Object.entries(bodies)) {
    const [method, path] = key.split(" ") as [string, string];
    const json = paths[path]?.[method]?.requestBody?.content?.["application/json"];
    if (json) json.example = example;
  }
  for (const [key, example] of Object.entries(queries)) {
    const [method, path] = key.split(" ") as [string, string];
    for (const parameter of paths[path]?.[method]?.parameters ?? []) {
      if (parameter.name in example) parameter.example = example[parameter.name];
    }
  }
  return document;
}
