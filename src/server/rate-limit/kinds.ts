// Which budget a call counts against.
export type CallKind = "send" | "write" | "query";

/** Procedures that put a message in a chat; they share the sends budget. */
const SEND_PATHS = new Set(["messages.send", "messages.forward", "polls.create"]);

export function callKind(type: "query" | "mutation" | "subscription", path: string): CallKind | null {
  if (type === "subscription") return null;
  if (type === "query") return "query";
  return SEND_PATHS.has(path) ? "send" : "write";
}

/** What the refusal calls them: "Too many messages — try again in 7 s". */
export const CALL_WORDS: Record<CallKind, string> = { send: "messages", write: "changes", query: "requests" };
