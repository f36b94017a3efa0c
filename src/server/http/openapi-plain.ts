// The plain HTTP routes in the API document: they are no procedures (bytes, not JSON), so
// they are described by hand here, next to nothing else.
const error = { description: "Refused", content: { "application/json": { schema: { $ref: "#/components/schemas/FileError" } } } };
const fileId = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" } };
const range = {
  name: "Range",
  in: "header",
  required: false,
  description: "A byte range (`bytes=0-1023`): the answer is 206 with that part only.",
  schema: { type: "string", example: "bytes=0-1023" },
};
const bytes = (what: string) => ({
  200: {
    description: `${what}, whole`,
    headers: { "Accept-Ranges": { schema: { type: "string", const: "bytes" } } },
    content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } },
  },
  206: {
    description: `Part of ${what.toLowerCase()} (the Range asked for); Content-Range says which`,
    headers: { "Content-Range": { schema: { type: "string", example: "bytes 0-1023/48213" } } },
    content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } },
  },
  304: { description: "Not modified (If-None-Match matched)" },
  401: error,
  404: error,
  416: error,
});
const download = (what: string, description: string) => ({
  get: {
    tags: ["files"],
    operationId: `files.download${what}`,
    summary: description,
    description: "Served with the file's own type when it is safe to show; otherwise application/octet-stream as an attachment.",
    security: [{ bearer: [] }],
    parameters: [fileId, range],
    responses: bytes(description),
  },
});

export const plainHttpPaths = {
  "/api/files": {
    post: {
      tags: ["files"],
      operationId: "files.upload",
      summary: "Upload a file (multipart, field `file`); send it in a message with its id",
      security: [{ bearer: [] }],
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream" } } },
          },
        },
      },
      responses: {
        201: { description: "Stored", content: { "application/json": { schema: { $ref: "#/components/schemas/FileView" } } } },
        400: error,
        401: error,
        413: error,
        415: error,
      },
    },
  },
  "/api/files/{id}": download("", "The file's bytes"),
  "/api/files/{id}/thumbnail": download("Thumbnail", "An image's thumbnail (webp)"),
  "/api/files/{id}/cover": download("Cover", "An audio file's cover art"),
  "/api/health": {
    get: {
      tags: ["health"],
      operationId: "health",
      summary: "Readiness: 200 once the app can serve (database migrated, WebSocket listening)",
      responses: {
        200: { description: "Serving", content: { "application/json": { schema: { $ref: "#/components/schemas/Health" } } } },
        503: { description: "Down", content: { "application/json": { schema: { $ref: "#/components/schemas/Health" } } } },
      },
    },
  },
} as const;

export const plainHttpSchemas = {
  FileError: { type: "object", required: ["error"], properties: { error: { type: "string" } } },
  Health: {
    type: "object",
    required: ["status"],
    properties: {
      status: { type: "string", enum: ["ok", "degraded", "down"] },
      checks: { type: "object", additionalProperties: true },
      websocket: { type: "boolean" },
    },
  },
} as const;
