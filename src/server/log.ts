// The server's logger: one line per event, level-filtered. Never pass tokens, passwords or
// full URLs (a WebSocket URL may carry ?token=) to it.
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
  else out(line, detail instanceof Error ? (detail.stack ?? detail.message) : detail);
}

export const log = {
  debug: (message: string, detail?: unknown) => write("debug", message, detail),
  info: (message: string, detail?: unknown) => write("info", message, detail),
  warn: (message: string, detail?: unknown) => write("warn", message, detail),
  error: (message: string, detail?: unknown) => write("error", message, detail),
};
