// Every environment variable Relay reads, validated once with zod. Read lazily through
// `env()` so that `next build` (which imports route modules) never demands runtime secrets.
import { createECDH, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isSingleEmoji } from "@/lib/emoji";
import { DEFAULT_REACTIONS } from "@/lib/reactions";
import { rateLimitEnvShape } from "@/server/rate-limit/env-schema";

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const iceServers = z.array(
  z.object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  }),
);
export type IceServer = z.infer<typeof iceServers>[number];

/** A key in base64url (no padding) that decodes to exactly `bytes` bytes. */
function base64urlBytes(bytes: number, what: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, `must be ${what} in base64url`)
    .refine((text) => Buffer.from(text, "base64url").length === bytes, `must be ${what} (${bytes} bytes) in base64url`);
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // How many worker processes serve the port (node:cluster); 1 is one process, no workers.
  WEB_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(256).default(1)),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./.data"),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  AUTH_URL: z.preprocess(emptyToUndefined, z.url("must be the app's public URL, e.g. https://chat.example.com").optional()),
  // Other front-ends whose pages may use the browser's session cookie (WebSocket, /api/trpc,
  // uploads), besides the app's own origin: comma-separated origins.
  ALLOWED_ORIGINS: z.preprocess(emptyToUndefined, z.string().optional()).transform(parseOrigins),
  // The first admin: at every start this account exists with the admin role and this password
  // (created, or promoted and its password reset). Both or neither; no default exists.
  ADMIN_USERNAME: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_]{3,20}$/, "must be 3–20 letters, digits or underscores")
      .optional(),
  ),
  ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(8, "must be at least 8 characters").max(128).optional()),
  // How long after sending the author may still edit a message.
  MESSAGE_EDIT_WINDOW_HOURS: z.coerce.number().positive().max(24 * 365).default(48),
  // Scheduled messages: how often every instance looks for due ones, and how far ahead one must
  // be scheduled at least (the browser journey shortens both).
  SCHEDULED_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  SCHEDULED_MIN_LEAD_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Disappearing messages: how often every instance deletes the expired ones (one at a time).
  MESSAGE_EXPIRY_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // The largest file one upload may carry, in megabytes.
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(4096).default(100),
  // Set: new uploads are stored at UploadThing (the token from its dashboard); unset: DATA_DIR/files.
  UPLOADTHING_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(isUploadThingToken, "must be the token from the UploadThing dashboard (base64 JSON with apiKey, appId, regions)")
      .optional(),
  ),
  // Set: state that every instance must share (the request limits) lives in this Redis.
  REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional()),
  // Names the channels instances talk on: Relays that share one Redis need prefixes of their own.
  REDIS_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[\w:.-]{1,64}$/, "letters, digits and _ : . - only").default("relay:")),
  // How many reverse proxies in front of Relay append to X-Forwarded-For; 0 trusts none and
  // takes the socket's address as the client's.
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  ...rateLimitEnvShape,
  // Calls: how long an unanswered call rings before it is missed, and how long a party whose
  // last connection dropped may take to come back before their call is ended.
  CALL_RING_SECONDS: z.coerce.number().int().min(1).max(600).default(45),
  CALL_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  // How long an instance may go without its heartbeat before the others count it gone: its
  // users offline, its calls' parties away (it beats three times in that span).
  INSTANCE_SILENT_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
  // Live events: how long the log keeps them for resuming clients (older ones are pruned and a
  // client that far behind refetches), and how many bytes may wait in one client's socket
  // before it counts as too slow and is closed (4009) to resume later.
  EVENT_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  LIVE_BUFFER_BYTES: z.coerce.number().int().min(64 * 1024).max(256 * 1024 * 1024).default(4 * 1024 * 1024),
  // STUN/TURN servers handed to browsers for calls: a JSON array of RTCIceServer. Empty (the
  // default) is enough on one machine or a LAN.
  // Reactions: the quick row offered first (comma-separated emoji, in order), and whether any
  // other single emoji is accepted too ("false": only the row).
  REACTIONS: z.preprocess(emptyToUndefined, z.string().optional()).transform(parseReactions),
  REACTIONS_ANY_EMOJI: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")).transform((value) => value === "true"),
  // Web Push: the VAPID key pair push services know this server by (base64url, as
  // `npx web-push generate-vapid-keys` prints them), and a contact for their operators
  // (mailto: or https:). Unset: a pair is generated once into DATA_DIR/vapid-keys.json.
  VAPID_PUBLIC_KEY: z.preprocess(emptyToUndefined, base64urlBytes(65, "a P-256 public key").optional()),
  VAPID_PRIVATE_KEY: z.preprocess(emptyToUndefined, base64urlBytes(32, "a P-256 private key").optional()),
  VAPID_SUBJECT: z.preprocess(emptyToUndefined, z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "must be a mailto: or https: contact").optional()),
  ICE_SERVERS: z.preprocess(emptyToUndefined, z.string().optional()).transform((text, ctx) => {
    if (text === undefined) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be a JSON array, e.g. [{"urls":"stun:stun.example.com:3478"}]' });
      return z.NEVER;
    }
    const parsed = iceServers.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of { urls, username?, credential? }" });
      return z.NEVER;
    }
    return parsed.data;
  }),
});

/** "https://a.example, http://b.example:8080" → their origins; anything else is an issue. */
function parseOrigins(text: string | undefined, ctx: z.RefinementCtx): string[] {
  if (text === undefined) return [];
  const origins: string[] = [];
  for (const item of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const url = URL.canParse(item) ? new URL(item) : null;
    // Only scheme, host and port: a path, query or credentials would never match an Origin header.
    if (!url || !/^https?:$/.test(url.protocol) || url.href !== `${url.origin}/`) {
      ctx.addIssue({ code: "custom", message: `"${item}" is not an origin; give comma-separated origins, e.g. https://app.example.com,http://localhost:5173` });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
}

/** "👍,❤️,🔥" → the emoji, in order, once each; anything that is not one emoji is an issue. */
function parseReactions(text: string | undefined, ctx: z.RefinementCtx): string[] {
  if (text === undefined) return DEFAULT_REACTIONS.map((r) => r.emoji);
  const items = [...new Set(text.split(",").map((part) => part.trim()).filter(Boolean))];
  const bad = items.find((item) => !isSingleEmoji(item));
  if (bad !== undefined || items.length === 0 || items.length > 50) {
    ctx.addIssue({ code: "custom", message: `${bad ? `"${bad}" is not one emoji; ` : ""}give 1–50 comma-separated emoji, e.g. 👍,❤️,😂` });
    return z.NEVER;
  }
  return items;
}

/** An UploadThing token is base64 JSON: `{ apiKey: "sk_…", appId, regions: [...] }`. */
function isUploadThingToken(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return false;
    const { apiKey, appId, regions } = parsed as Record<string, unknown>;
    return typeof apiKey === "string" && apiKey.startsWith("sk_") && typeof appId === "string" && Array.isArray(regions) && regions.length > 0;
  } catch {
    return false;
  }
}

export type Env = Omit<z.infer<typeof envSchema>, "AUTH_SECRET"> & { AUTH_SECRET: string };

const cache = Symbol.for("relay.env");
type EnvHolder = { [cache]?: Env };

/** Thrown at start with a message that names every bad variable. */
export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const { AUTH_SECRET, ...rest } = parsed.data;
  if (Boolean(rest.ADMIN_USERNAME) !== Boolean(rest.ADMIN_PASSWORD)) {
    throw new EnvError("Invalid environment configuration:\n  ADMIN_USERNAME and ADMIN_PASSWORD: set both, or neither");
  }
  if (Boolean(rest.VAPID_PUBLIC_KEY) !== Boolean(rest.VAPID_PRIVATE_KEY)) {
    throw new EnvError("Invalid environment configuration:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both, or neither");
  }
  const workerIssues = severalWorkersIssues(rest);
  if (workerIssues.length > 0) throw new EnvError(`Invalid environment configuration:\n${workerIssues.map((line) => `  ${line}`).join("\n")}`);
  if (AUTH_SECRET) return { ...rest, AUTH_SECRET };
  if (rest.NODE_ENV === "production") {
    throw new EnvError(
      "Invalid environment configuration:\n  AUTH_SECRET: required in production (generate one with `openssl rand -base64 32`)",
    );
  }
  return { ...rest, AUTH_SECRET: developmentSecret(rest.DATA_DIR) };
}

/**
 * Several workers are several instances: the embedded database lives in one process, so they
 * need a PostgreSQL server, and they share live events and limits through Redis. They run the
 * built app only: Next's development server rebuilds into one folder per project.
 */
function severalWorkersIssues(config: Pick<Env, "WEB_CONCURRENCY" | "DATABASE_URL" | "REDIS_URL" | "NODE_ENV">): string[] {
  const workers = config.WEB_CONCURRENCY;
  if (workers <= 1) return [];
  const issues: string[] = [];
  if (!config.DATABASE_URL) {
    issues.push(`DATABASE_URL: required with WEB_CONCURRENCY=${workers} (the embedded database serves one process; give a PostgreSQL server)`);
  }
  if (!config.REDIS_URL) {
    issues.push(`REDIS_URL: required with WEB_CONCURRENCY=${workers} (workers share live events and request limits through Redis)`);
  }
  if (config.NODE_ENV !== "production") {
    issues.push(`WEB_CONCURRENCY: above 1 only for the built app (npm start, NODE_ENV=production); development runs one process`);
  }
  return issues;
}

/** In development the secret is generated once and kept in DATA_DIR, so sessions survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/**
 * The VAPID keys Web Push signs with: the configured pair, or one generated once and kept in
 * DATA_DIR (browsers' subscriptions are bound to the public key, so it must survive restarts).
 * Several workers may start at once: the first file written wins and every worker reads it.
 */
export function vapidKeys(config: Env): VapidKeys {
  const subject = config.VAPID_SUBJECT ?? (config.AUTH_URL?.startsWith("https://") ? new URL(config.AUTH_URL).origin : "mailto:relay@localhost");
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  }
  const file = path.join(config.DATA_DIR, "vapid-keys.json");
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const pair = { publicKey: ecdh.getPublicKey().toString("base64url"), privateKey: ecdh.getPrivateKey().toString("base64url") };
    try {
      writeFileSync(file, JSON.stringify(pair), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const stored = JSON.parse(readFileSync(file, "utf8")) as { publicKey: string; privateKey: string };
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject };
}

export function env(): Env {
  const holder = globalThis as EnvHolder;
  if (!holder[cache]) {
    holder[cache] = parseEnv();
    // next-auth reads AUTH_SECRET from process.env itself.
    process.env.AUTH_SECRET = holder[cache].AUTH_SECRET;
  }
  return holder[cache];
}
