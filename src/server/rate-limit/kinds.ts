// Which budget a call counts against.
export type CallKind = "send" | "write" | "query" | "keys";

/** Procedures that put a message in a chat; they share the sends budget. */
const SEND_PATHS = new Set(["messages.send", "messages.sendSecure", "messages.forward", "polls.create"]);
/** Adding or revoking a device's encryption keys: each tells the person's contacts, so few an hour. */
const KEY_PATHS = new Set(["keys.registerDevice", "keys.revoke"]);

export function callKind(type: "query" | "mutation" | "subscription", path: string): CallKind | null {
  if (type === "subscription") return null;
  if (type === "query") return "query";
  if (KEY_PATHS.has(path)) return "keys";
  return SEND_PATHS.has(path) ? "send" : "write";
}

/** What the refusal calls them: "Too many messages — try again in 7 s". */
export const CALL_WORDS: Record<CallKind, string> = { send: "messages", write: "changes", query: "requests", keys: "changes of encryption keys" };
