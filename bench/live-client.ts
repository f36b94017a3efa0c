// What the live-connection benchmarks (idle.ts, reconnect.ts) need of the client side: the
// typed tRPC client over HTTP for setup and sends, people and their group chats, one live
// stream per socket as a real client holds it (createWSClient + wsLink, the token in the
// connection params, events.stream, tRPC resending the last tracked id as lastEventId when it
// reconnects), and the load generator's own event-loop lag.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from "@trpc/client";
import superjson from "superjson";
import WebSocket from "ws";
import type { AppRouter } from "@/server/api/root";

export function httpClient(base: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/api/trpc`,
        transformer: superjson,
        headers: ({ op }) => {
          const token = (op.context as { token?: string }).token;
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}
export type HttpClient = ReturnType<typeof httpClient>;

export type Person = { id: string; token: string };

/** Runs fn(0…count-1), at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Registers `count` people (each hashes a password on the server: the slow part of a setup). */
export async function registerPeople(api: HttpClient, run: string, count: number, concurrency: number): Promise<Person[]> {
  const people: Person[] = [];
  await pool(count, concurrency, async (i) => {
    const { user, token } = await api.auth.register.mutate({
      username: `${run}_${i}`,
      firstName: "Bench",
      lastName: "Live",
      age: 30,
      password: `bench-${run}-password`,
    });
    people[i] = { id: user.id, token };
  });
  return people;
}

/** Groups of `size` consecutive people, created by the first of each; people left over join none. */
export async function createGroups(api: HttpClient, people: Person[], size: number, concurrency: number): Promise<{ id: string; members: number[] }[]> {
  const groups: { id: string; members: number[] }[] = [];
  await pool(Math.floor(people.length / size), concurrency, async (g) => {
    const members = Array.from({ length: size }, (_, k) => g * size + k);
    const [creator, ...rest] = members.map((m) => people[m]!);
    const chat = await api.chats.createGroup.mutate(
      { title: `bench group ${g}`, memberIds: rest.map((person) => person.id) },
      { context: { token: creator!.token } },
    );
    groups[g] = { id: chat.id, members };
  });
  return groups;
}

/** The number of live connections the server itself counts (admin.stats), or null if it says none. */
export async function liveConnections(api: HttpClient, adminToken: string): Promise<number | null> {
  const stats = (await api.admin.stats.query(undefined, { context: { token: adminToken } })) as { liveConnections?: number };
  return typeof stats.liveConnections === "number" ? stats.liveConnections : null;
}

/** The browser's reconnect schedule (src/trpc/react.tsx): 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export const browserRetryDelayMs = (attempt: number) => Math.min(1000 * 2 ** attempt, 10_000);

export type StreamHandlers = {
  /** Every `started` from the server: the first subscription, and each resubscription after a reconnect. */
  onStarted?: () => void;
  /**
   * An event, as `{ type, data }`, with its tracked id; `undefined` for an untracked one, which
   * tRPC's client takes as the new last event id all the same (a resubscription then asks for no replay).
   */
  onEvent?: (event: { type: string; data: unknown }, id: string | undefined) => void;
  /** The socket opened (before its connection params are checked and anything subscribed). */
  onOpen?: () => void;
  onClose?: (code: number | undefined) => void;
  onError?: (error: Error) => void;
};

export type Stream = { close(): void };

/**
 * One socket with one `events.stream` subscription, as Relay's browser client holds it. The
 * reconnecting and the lastEventId are tRPC's own: it remembers the id of the last tracked
 * event and sends it when it resubscribes after a reconnect.
 */
export function openStream(wsBase: string, token: string, handlers: StreamHandlers, retryDelayMs = browserRetryDelayMs): Stream {
  const wsClient = createWSClient({
    url: `${wsBase}/ws`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
    retryDelayMs,
    onOpen: () => handlers.onOpen?.(),
    onClose: (cause) => handlers.onClose?.(cause?.code),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  const subscription = client.events.stream.subscribe(
    {},
    {
      onStarted: () => handlers.onStarted?.(),
      onData: (value: unknown) => {
        const { id, data } = (value ?? {}) as { id?: unknown; data?: { type?: unknown; data?: unknown } };
        if (typeof id === "string" && typeof data?.type === "string") return handlers.onEvent?.({ type: data.type, data: data.data }, id);
        const untracked = (value ?? {}) as { type?: unknown; data?: unknown };
        if (typeof untracked.type === "string") handlers.onEvent?.({ type: untracked.type, data: untracked.data }, undefined);
      },
      onError: (error) => handlers.onError?.(error),
    },
  );
  return {
    close() {
      subscription.unsubscribe();
      void wsClient.close();
    },
  };
}

/** Opens a stream and resolves once the server has started its subscription. */
export function openStarted(wsBase: string, token: string, handlers: StreamHandlers = {}, retryDelayMs?: (attempt: number) => number): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let started = false;
    const stream = openStream(
      wsBase,
      token,
      {
        ...handlers,
        onStarted() {
          if (!started) {
            started = true;
            resolve(stream);
          }
          handlers.onStarted?.();
        },
        onError(error) {
          if (!started) {
            stream.close();
            reject(error);
          }
          handlers.onError?.(error);
        },
      },
      retryDelayMs,
    );
  });
}

/** The tRPC error code of a failed call, or a short name for a transport failure. */
export function failureKind(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code) return code;
    const cause = error.cause as { code?: string; name?: string; cause?: { code?: string } } | undefined;
    if (cause?.name === "AbortError" || cause?.name === "TimeoutError") return "timed out";
    return cause?.cause?.code ?? cause?.code ?? error.message.slice(0, 60);
  }
  return error instanceof Error ? error.message.slice(0, 60) : String(error);
}

/**
 * The load generator's event-loop lag, per phase: if it grows, the generator rather than the
 * server is what a figure measures.
 */
export class LoopLag {
  private static readonly RESOLUTION_MS = 10;
  /** A stall at least this long is kept with its time, to tell what it coincided with. */
  private static readonly STALL_MS = 200;
  private histogram = monitorEventLoopDelay({ resolution: LoopLag.RESOLUTION_MS });
  private cpu = process.cpuUsage();
  private since = performance.now();
  private readonly ticker: NodeJS.Timeout;
  /** [when it ended (performance.now()), how long (ms)] of each stall. */
  readonly stalls: [number, number][] = [];

  constructor() {
    this.histogram.enable();
    let last = performance.now();
    this.ticker = setInterval(() => {
      const now = performance.now();
      if (now - last - 50 >= LoopLag.STALL_MS) this.stalls.push([now, now - last - 50]);
      last = now;
    }, 50);
    this.ticker.unref();
  }

  /** The stalls, as "1.2 s at +3.4 s" relative to `origin`. */
  describeStalls(origin: number): string {
    return this.stalls.map(([at, ms]) => `${(ms / 1000).toFixed(1)} s at ${at - ms >= origin ? "+" : ""}${((at - ms - origin) / 1000).toFixed(1)} s`).join(", ") || "none";
  }

  /** p99 and max lag (ms), and this process's CPU share (% of one core), since the last call. */
  phase(): { p99Ms: number; maxMs: number; cpuPct: number } {
    // The histogram holds whole timer intervals: the lag is what exceeds the resolution.
    const lag = (ns: number) => Math.max(0, ns / 1e6 - LoopLag.RESOLUTION_MS);
    const cpu = process.cpuUsage(this.cpu);
    const elapsedMs = performance.now() - this.since;
    const result = {
      p99Ms: round(lag(this.histogram.percentile(99))),
      maxMs: round(lag(this.histogram.max)),
      cpuPct: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, elapsedMs)) * 100),
    };
    this.histogram.reset();
    this.cpu = process.cpuUsage();
    this.since = performance.now();
    return result;
  }

  stop() {
    clearInterval(this.ticker);
    this.histogram.disable();
  }
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
