// One flood of the fairness benchmark, in a process of its own so that the flooder's own work
// does not delay the victims' clocks: RELAY_BENCH_FLOOD names it (frames | batch | sends),
// RELAY_BENCH_SEED is the server's seed. Prints "started", then the outcome as JSON.
import superjson from "superjson";
import { WebSocket } from "ws";
import { FLOOD_MS, type FloodOutcome, PHASE_CAP_MS, type Seed, send, sleep } from "./fairness-client";

/** 2,000 `messages.send` frames in 1.5 s from one user; a socket the server closes is reopened and the rest follow on it. */
async function frameFlood(seed: Seed, until: () => boolean): Promise<FloodOutcome> {
  const pair = seed.flooders.frames;
  const url = `${seed.base.replace("http", "ws")}/ws?token=${pair.token}`;
  let sent = 0;
  let answered = 0;
  let closes = 0;
  /** Frames sent on each socket still open and not yet answered. */
  const pending = new Map<WebSocket, number>();
  const connect = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      pending.set(socket, 0);
      socket.on("message", () => {
        answered += 1;
        pending.set(socket, (pending.get(socket) ?? 1) - 1);
      });
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
      socket.once("close", () => {
        closes += 1;
        pending.delete(socket);
      });
    });
  // Round after round of 2,000 frames, each left to settle (every frame on a socket still open
  // answered) before the next, until the phase is over: without limits one round already
  // outlasts it.
  const unanswered = () => [...pending.values()].reduce((sum, n) => sum + Math.max(0, n), 0);
  do {
    const total = 2_000;
    const started = performance.now();
    let socket = await connect();
    for (let i = 0; i < total; i++) {
      if (socket.readyState !== WebSocket.OPEN) socket = await connect();
      socket.send(
        JSON.stringify({ id: ++sent, method: "mutation", params: { path: "messages.send", input: superjson.serialize({ chatId: pair.chatId, content: `flood ${sent}` }) } }),
      );
      pending.set(socket, (pending.get(socket) ?? 0) + 1);
      // Paced: 2,000 frames over 1.5 s.
      const due = started + ((i + 1) * 1_500) / total;
      if (i % 25 === 24 && due > performance.now()) await sleep(due - performance.now());
    }
    const settleBy = performance.now() + PHASE_CAP_MS;
    while (unanswered() > 0 && performance.now() < settleBy) await sleep(20);
  } while (!until());
  for (const socket of pending.keys()) socket.terminate();
  return { sent, refused: sent - answered, note: `${closes} socket(s) closed by the server` };
}

/** One HTTP batch of 1,000 sends at a time, again and again until the phase ends. */
async function batchFlood(seed: Seed, until: () => boolean): Promise<FloodOutcome> {
  const { token, chatId } = seed.flooders.batch;
  const size = 1_000;
  const paths = Array.from({ length: size }, () => "messages.send").join(",");
  const input = Object.fromEntries(Array.from({ length: size }, (_, i) => [i, superjson.serialize({ chatId, content: `batch ${i}` })]));
  const body = JSON.stringify(input);
  let sent = 0;
  let refused = 0;
  const codes = new Set<number>();
  do {
    const status = await fetch(`${seed.base}/api/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    codes.add(status);
    sent += size;
    if (status !== 200) refused += size;
  } while (!until());
  return { sent, refused, note: `HTTP ${[...codes].join("/")}` };
}

/** Ten sends in flight at all times from one user, far past the per-user budget. */
async function sendFlood(seed: Seed, until: () => boolean): Promise<FloodOutcome> {
  let sent = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      do {
        sent += 1;
        if ((await send(seed.base, seed.flooders.sends, `stream ${sent}`)) !== 200) refused += 1;
      } while (!until());
    }),
  );
  return { sent, refused, note: "10 in flight" };
}

const floods = { frames: frameFlood, batch: batchFlood, sends: sendFlood };

async function main() {
  const seed = JSON.parse(process.env.RELAY_BENCH_SEED ?? "") as Seed;
  const flood = floods[process.env.RELAY_BENCH_FLOOD as keyof typeof floods];
  console.log("started");
  const end = performance.now() + FLOOD_MS;
  console.log(JSON.stringify(await flood(seed, () => performance.now() >= end)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
