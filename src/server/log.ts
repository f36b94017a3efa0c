// The server's logger: one line per event, level-filtered. Never pass tokens, passwords or
// full URLs (a WebSocket URL may carry ?token=) to it. Errors are described by describeError,
// which never prints a query's parameters (they hold ids, tokens' hashes, password hashes).
import { env } from "@/env";

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

function threshold(): number {
  try {
    return levels[env().LOG_LEVEL];
  } catch {
    return levels.info; // an invalid environment is reported at start; logging still works
  }
}

function write(level: Level, message: string, detail?: unknown) {
  if (levels[level] < threshold()) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
  const out = level === "error" || level === "warn" ? console.error : console.log;
  if (detail === undefined) out(line);
  else out(line, detail instanceof Error ? describeError(detail) : detail);
}

export const log = {
  debug: (message: string, detail?: unknown) => write("debug", message, detail),
  info: (message: string, detail?: unknown) => write("info", message, detail),
  warn: (message: string, detail?: unknown) => write("warn", message, detail),
  error: (message: string, detail?: unknown) => write("error", message, detail),
};

const MAX_SQL_CHARS = 2000;
const MAX_CAUSES = 5;

/**
 * An error as the log shows it: class, code, message and stack frames, then its causes. Only
 * that: drivers hang the query and its parameters on their errors (postgres.js `parameters`,
 * PGlite `params`), and drizzle's DrizzleQueryError puts them in its message after the SQL
 * ("Failed query: …\nparams: …"); the message is cut before them and no property is printed.
 */
export function describeError(error: Error): string {
  const chain: Error[] = [];
  let current: unknown = error;
  for (; current instanceof Error && chain.length < MAX_CAUSES; current = current.cause) chain.push(current);
  // PostgreSQL's own message may quote a value it refused ('invalid input syntax for type
  // integer: "…"'): the values the chain's queries carried are blanked wherever they appear.
  const values = chain.flatMap(parameterValues);
  const lines = chain.flatMap((e, depth) => [`${depth > 0 ? "caused by: " : ""}${headline(e, values)}`, ...frames(e)]);
  if (current !== undefined && current !== null && !(current instanceof Error)) lines.push(`caused by: ${typeof current}`);
  return lines.join("\n");
}

function headline(error: Error, values: string[]): string {
  const className = error.constructor?.name && error.constructor.name !== "Error" ? error.constructor.name : error.name;
  const code = (error as { code?: unknown }).code;
  const codePart = typeof code === "string" || typeof code === "number" ? ` [${code}]` : "";
  return `${className}${codePart}: ${safeMessage(error.message, values)}`;
}

/** The message without drizzle's "params:" part or any parameter's value; a long SQL text is shortened. */
function safeMessage(message: string, values: string[]): string {
  const params = message.search(/\n\s*params:/);
  let kept = params === -1 ? message : message.slice(0, params);
  for (const value of values) kept = kept.split(value).join("[parameter]");
  return kept.length > MAX_SQL_CHARS ? `${kept.slice(0, MAX_SQL_CHARS)}…` : kept;
}

/** drizzle's `params`, postgres.js's `parameters`: the values long enough to mean something. */
function parameterValues(error: Error): string[] {
  const { params, parameters } = error as { params?: unknown; parameters?: unknown };
  return [params, parameters]
    .filter((list): list is unknown[] => Array.isArray(list))
    .flat()
    .map((value) => (typeof value === "string" ? value : value instanceof Date ? "" : JSON.stringify(value) ?? ""))
    .filter((value) => value.length >= 4);
}

/**
 * The "    at …" lines of the stack, and nothing before them: V8 starts a stack with the
 * message (so with the parameters, for a failed query), which may itself span many lines.
 */
function frames(error: Error): string[] {
  const stack = typeof error.stack === "string" ? error.stack : "";
  const start = stack.indexOf(error.message);
  const rest = start === -1 ? stack : stack.slice(start + error.message.length);
  return rest.split("\n").filter((line) => /^\s+at /.test(line));
}
