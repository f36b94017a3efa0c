// Test support: a fresh, migrated database per test file (PGlite in memory, or a throwaway
// database on the PostgreSQL server at DATABASE_URL), callers signed in as fresh users.
import { randomBytes } from "node:crypto";
import { getErrorShape, isTrackedEnvelope, TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { appRouter, createCaller } from "@/server/api/root";
import { type Context, createContextFromToken } from "@/server/api/trpc";
import { openThrowawayDatabase, type ThrowawayDatabase } from "@/server/db/throwaway";
import { files, users } from "@/server/db/schema";
import { ConnectionRegistry } from "@/server/connections";
import { MemoryEventBus } from "@/server/events/bus";
import type { RelayEvent } from "@/server/events/types";
import { sessionLookups } from "@/server/services/accounts/session-lookups";
import { authenticate } from "@/server/services/accounts/users";
import { flushReceipts } from "@/server/services/messages/receipts";

process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

export type TestDatabase = ThrowawayDatabase;

export function createTestDatabase(): Promise<TestDatabase> {
  const onServer = process.env.RELAY_TEST_DB === "postgres" ? process.env.DATABASE_URL : undefined;
  return openThrowawayDatabase({ serverUrl: onServer, prefix: "relay_test" });
}

/** A world for one test file: a database, a bus, and helpers to act as users. */
export async function createTestWorld() {
  const database = await createTestDatabase();
  const bus = new MemoryEventBus();
  const deps = { db: database.db, bus, connections: new ConnectionRegistry() };
  let counter = 0;

  const anonymous = createCaller({ ...deps, user: null });

  async function callerFor(token: string) {
    const user = await authenticate(database.db, token);
    if (!user) throw new Error("token did not authenticate");
    const ctx: Context = { ...deps, user };
    return createCaller(ctx);
  }

  /** Registers a new user and returns their profile, token and a signed-in caller. */
  async function signUp(overrides: Partial<{ username: string; firstName: string; lastName: string; password: string }> = {}) {
    counter += 1;
    const input = {
      username: overrides.username ?? `user${counter}_${randomBytes(3).toString("hex")}`,
      firstName: overrides.firstName ?? `First${counter}`,
      lastName: overrides.lastName ?? `Last${counter}`,
      age: 30,
      password: overrides.password ?? "secret-password",
    };
    const { user, token } = await anonymous.auth.register(input);
    return { user, token, password: input.password, api: await callerFor(token) };
  }

  /** A caller whose context is built from a raw token, as every transport does (null user if refused). */
  async function callerWithToken(token: string | null) {
    return createCaller(await createContextFromToken(deps, token));
  }

  /**
   * Opens `events.stream` for the holder of `token` through the API (as a client would) and
   * returns once the stream is listening on the bus.
   */
  async function listen(token: string, input: { lastEventId?: string } = {}): Promise<LiveStream> {
    const user = await authenticate(database.db, token);
    if (!user) throw new Error("token did not authenticate");
    const controller = new AbortController();
    const before = bus.listenerCount(user.id);
    const iterable = await createCaller({ ...deps, user }, { signal: controller.signal }).events.stream(input);
    const stream = consumeEvents(iterable, () => controller.abort());
    await waitFor(() => bus.listenerCount(user.id) > before || stream.failure !== undefined, "the stream to subscribe");
    if (stream.failure !== undefined) throw stream.failure;
    return stream;
  }

  /** People who only need to exist as members (nobody signs in as them): no password hashing. */
  async function bystanders(count: number): Promise<string[]> {
    const rows = await database.db
      .insert(users)
      .values(
        Array.from({ length: count }, (_, i) => ({
          username: `bystander${i}_${randomBytes(3).toString("hex")}`,
          firstName: "Bystander",
          lastName: String(i),
          age: 30,
          passwordHash: "not-a-hash: never signs in",
        })),
      )
      .returning({ id: users.id });
    return rows.map((r) => r.id);
  }

  /**
   * Where a client of `token` would resume after seeing `act` happen: a stream is opened, `act`
   * run, and once the stream has had a new message it is closed; its last event id is returned.
   */
  async function resumePointAfter(token: string, act: () => Promise<unknown>): Promise<string> {
    const stream = await listen(token);
    await act();
    const seen = await stream.until((all) => all.some((e) => e.type === "message:new"));
    await stream.stop();
    return seen.at(-1)!.id;
  }

  /** Two fresh people in a direct chat (opened by `a`), and someone outside it. */
  async function directChat() {
    const [a, b, outsider] = [await signUp(), await signUp(), await signUp()];
    const chat = await a.api.chats.openDirect({ userId: b.user.id });
    return { a, b, outsider, chatId: chat.id };
  }

  type Person = Awaited<ReturnType<typeof signUp>>;

  /** A group `owner` creates with `members` (owner's role: "owner"; the rest: "member"). */
  async function group(owner: Person, members: Person[], title = "Hikers") {
    const chat = await owner.api.chats.createGroup({ title, memberIds: members.map((m) => m.user.id) });
    return chat.id;
  }

  /** Gives a user the admin role, straight in the database (tests only). */
  async function makeAdmin(person: Person) {
    await database.db.update(users).set({ role: "admin" }).where(eq(users.id, person.user.id));
    // As setRole's close would: the remembered sign-in still says "user".
    sessionLookups().forget("user", person.user.id);
    return { ...person, api: await callerFor(person.token) };
  }

  /**
   * A file row as the upload route records it, without bytes in storage: for tests of what
   * messages, galleries and the music page do with files (the upload route has tests of its own).
   */
  async function fileOf(person: Person, values: Partial<typeof files.$inferInsert> & Pick<typeof files.$inferInsert, "kind">) {
    const mimeType = { image: "image/png", video: "video/mp4", audio: "audio/mpeg", document: "application/pdf" }[values.kind];
    const [row] = await database.db
      .insert(files)
      .values({
        uploaderId: person.user.id,
        name: `${values.kind}-${randomBytes(2).toString("hex")}`,
        mimeType,
        size: 1024,
        sha256: randomBytes(32).toString("hex"),
        storage: "local",
        storageKey: `test/${randomBytes(8).toString("hex")}`,
        ...values,
      })
      .returning();
    return row!;
  }

  return {
    database,
    db: database.db,
    fileOf,
    bus,
    deps,
    anonymous,
    signUp,
    directChat,
    group,
    makeAdmin,
    callerFor,
    callerWithToken,
    listen,
    resumePointAfter,
    bystanders,
    /** Writes the delivery reports still waiting for their batch (see delivery-buffer.ts). */
    flushReceipts: () => flushReceipts(deps),
    close: async () => {
      await flushReceipts(deps);
      await database.drop();
    },
  };
}
export type TestWorld = Awaited<ReturnType<typeof createTestWorld>>;
export type TestUser = Awaited<ReturnType<TestWorld["signUp"]>>;

/** An event as a subscriber sees it: the tracked id plus the `{ type, data }` payload. */
export type ReceivedEvent = RelayEvent & { id: string };

export type LiveStream = {
  /** Every event received so far, in order. */
  readonly events: ReceivedEvent[];
  /** The error that ended the stream, if any. */
  readonly failure: unknown;
  /** Waits until `predicate` holds for the events received so far; returns them. */
  until(predicate: (events: ReceivedEvent[]) => boolean, what?: string): Promise<ReceivedEvent[]>;
  /** Ends the subscription and waits for it to finish. */
  stop(): Promise<void>;
};

/**
 * Pulls a subscription's values into a list. Values must be tRPC `tracked()` envelopes, the
 * tuples `[id, data, symbol]` that carry the id a client resumes from.
 */
export function consumeEvents(iterable: AsyncIterable<unknown>, abort: () => void): LiveStream {
  const events: ReceivedEvent[] = [];
  let failure: unknown;
  const finished = (async () => {
    try {
      for await (const value of iterable) {
        if (!isTrackedEnvelope(value)) throw new Error(`untracked value on the stream: ${JSON.stringify(value)}`);
        const [id, data] = value;
        events.push({ id: String(id), ...(data as RelayEvent) });
      }
    } catch (error) {
      failure = error;
    }
  })();
  return {
    events,
    get failure() {
      return failure;
    },
    async until(predicate, what = "the expected events") {
      await waitFor(() => failure !== undefined || predicate(events), what, () => JSON.stringify(events.map(brief)));
      if (failure !== undefined) throw failure;
      return events;
    },
    async stop() {
      abort();
      await finished;
    },
  };
}

/** A one-line description of an event, for assertions and failure messages. */
export function brief(event: ReceivedEvent): string {
  switch (event.type) {
    case "message:new":
      return `new:${event.data.message.content}`;
    case "message:updated":
      return `updated:${event.data.message.content}`;
    case "message:deleted":
      return `deleted:${event.data.scope}:${event.data.messageId}`;
    case "message:status":
      return `status:${event.data.cursors.map((c) => `${c.userId}:${c.lastDeliveredSeq}/${c.lastReadSeq}`).join(",")}`;
    case "reaction:new":
      return `reaction:+${event.data.reaction.emoji}:${event.data.reaction.userId}`;
    case "reaction:removed":
      return `reaction:-${event.data.reaction.emoji}:${event.data.reaction.userId}`;
    case "poll:updated":
      return `poll:${event.data.counts.map((c) => c.votes).join("/")}${event.data.closed ? ":closed" : ""}`;
    case "typing:start":
    case "typing:stop":
      return `${event.type}:${event.data.userId}`;
    case "presence":
      return `presence:${event.data.userId}:${event.data.online ? "online" : "offline"}`;
    case "chat:updated":
      return `chat:${event.data.action}:${event.data.chatId}`;
    case "keys:changed":
      return `keys:${event.data.userId}`;
    case "scheduled:updated":
      return `scheduled:${event.data.action}:${event.data.scheduledId}`;
    case "call:incoming":
      return `call:incoming:${event.data.id}`;
    case "call:accepted":
      return `call:accepted:${event.data.id}`;
    case "call:signal":
      return `call:signal:${event.data.signal.type}:${event.data.fromUserId}`;
    case "call:ended":
      return `call:ended:${event.data.status}:${event.data.id}`;
    case "stream:reset":
      return `reset:${event.data.reason}`;
  }
}

/**
 * Polls until `condition` holds. The timeout only keeps a broken test from hanging; nothing
 * is asserted about how long it took.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  detail: () => string = () => "",
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} ${detail()}`.trim());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export type Refusal = { code: TRPCError["code"]; message: string; fieldErrors: Record<string, string[] | undefined> | null };

/**
 * Awaits a call that must be refused and returns the error as a client sees it: the code, and
 * the message and field errors after the API's error formatter.
 */
export async function refusal(call: Promise<unknown>): Promise<Refusal> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const shape = getErrorShape({
      config: appRouter._def._config,
      error,
      type: "unknown",
      path: undefined,
      input: undefined,
      ctx: undefined,
    });
    return { code: error.code, message: shape.message, fieldErrors: shape.data.fieldErrors };
  }
  throw new Error("expected the call to be refused, but it succeeded");
}
