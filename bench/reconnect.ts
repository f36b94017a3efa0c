// Reconnect benchmark: a server restart under live clients. Starts the production server
// (`npm run build` first) on a scratch PostgreSQL database, signs up CLIENTS people in groups of
// CHAT_SIZE, each with one live stream that reconnects as the browser's does (tRPC's wsLink with
// Relay's retry schedule, resubscribing with the last tracked id as lastEventId). Messages go out
// over HTTP at RATE per second throughout; each is retried with the same clientId until it is
// acknowledged. Then the server gets SIGTERM (clients are told 4007), and once it has exited a
// new one starts on the same port and database. Measured from the SIGTERM: when every client has
// resubscribed, and when every acknowledged message has reached every member; lost and
// duplicated deliveries are counted per member by message. Target: both within 30 s, 0 lost,
// 0 duplicated. Run: `npm run bench:reconnect` (env knobs in bench/README.md).
import os from "node:os";
import {
  createGroups,
  failureKind,
  httpClient,
  LoopLag,
  openStarted,
  pool,
  registerPeople,
  type Person,
  type Stream,
} from "./live-client";
import { choosePort, Cleanup, envNumber, mb, readProc, relayConfig, scratchDatabase, sleep, spawnRelay, waitForHttp, waitForPort, type RelayProcess } from "./live-server";

const CLIENTS = envNumber("CLIENTS", 1_000);
const CHAT_SIZE = Math.max(2, envNumber("CHAT_SIZE", 10));
/** Sends per second, over all chats in turn; within a chat the members take turns. Low enough that
 * the server keeps up before the restart (else the run measures its send throughput, not resuming). */
const RATE = Math.max(0.1, envNumber("RATE", 5));
const PRE_MS = envNumber("PRE_S", 5) * 1000;
/** Sending goes on this long after the last client resumed, across the hand-over from replay to live. */
const POST_MS = envNumber("POST_S", 3) * 1000;
const RETRY_MS = envNumber("SEND_RETRY_MS", 250);
/** An attempt unanswered this long is given up and retried (it may still commit: the clientId makes that safe). */
const SEND_TIMEOUT_MS = envNumber("SEND_TIMEOUT_S", 30) * 1000;
/** The reconnect schedule: RETRY_BASE_MS × 2^attempt, at most RETRY_MAX_MS (the browser's: 1 s … 10 s). */
const RETRY_BASE_MS = envNumber("RETRY_BASE_MS", 1000);
const RETRY_MAX_MS = envNumber("RETRY_MAX_MS", 10_000);
const GIVE_UP_MS = envNumber("SEND_GIVE_UP_S", 120) * 1000;
const RESUME_TIMEOUT_MS = envNumber("RESUME_TIMEOUT_S", 120) * 1000;
const DRAIN_MS = envNumber("DRAIN_S", 60) * 1000;
const CONNECT_CONCURRENCY = Math.max(1, envNumber("CONNECT_CONCURRENCY", 100));
const REGISTER_CONCURRENCY = Math.max(1, envNumber("REGISTER_CONCURRENCY", 8));
const HEALTH_TIMEOUT_MS = envNumber("HEALTH_TIMEOUT_S", 240) * 1000;
const TARGET_S = envNumber("TARGET_S", 30);
const HARD_LIMIT_MS = envNumber("HARD_LIMIT_MIN", 20) * 60_000;
/** Answers that no retry can change. */
const PERMANENT = new Set(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "UNAUTHORIZED", "PAYLOAD_TOO_LARGE"]);

const cleanup = new Cleanup();
const log = (line: string) => console.log(line);

type Send = {
  i: number;
  chat: number;
  sender: number;
  clientId: string;
  content: string;
  firstAttemptAt: number;
  attempts: number;
  ackAt?: number;
  messageId?: string;
  failed?: string;
  /** Every message id members received for this send: more than one is a send that created two messages. */
  deliveredIds: Set<string>;
};

type Client = {
  person: Person;
  chat: number | null;
  stream?: Stream;
  /** The id of the last event, as tRPC keeps it to send back as lastEventId (an untracked event clears it). */
  lastEventId?: string;
  /** Whether it held one when its socket first closed after the SIGTERM. */
  heldIdAtClose?: boolean;
  /** The first socket open after the SIGTERM, and the first subscription started after it. */
  reopenedAt?: number;
  resumedAt?: number;
  /** Send index → when it first arrived. */
  received: Map<number, number>;
};

async function main() {
  const run = Date.now().toString(36).slice(-5);
  if (CLIENTS < CHAT_SIZE) throw new Error(`CLIENTS (${CLIENTS}) must be at least CHAT_SIZE (${CHAT_SIZE})`);
  log(`# Relay reconnect benchmark`);
  log(`Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}; load average ${loadAverage()}`);
  log(`${CLIENTS} clients in groups of ${CHAT_SIZE}, ${RATE} sends/s; reconnect schedule ${RETRY_BASE_MS === 1000 && RETRY_MAX_MS === 10_000 ? "of the browser (1, 2, 4, 8, then every 10 s)" : `${RETRY_BASE_MS} ms × 2^attempt, at most ${RETRY_MAX_MS} ms`}\n`);

  const database = await scratchDatabase(cleanup, "relay_bench_reconnect");
  const config = relayConfig(cleanup, await choosePort(), database.url);
  let server: RelayProcess = spawnRelay(cleanup, config);
  await waitForHttp(server, "/api/health", HEALTH_TIMEOUT_MS);
  log(`server A: pid ${server.pid}, port ${config.port}, database ${database.name}; ready in ${seconds(server.spawnedAt)} s`);

  const api = httpClient(server.base);
  let began = performance.now();
  const people = await registerPeople(api, `r${run}`, CLIENTS, REGISTER_CONCURRENCY);
  const groups = await createGroups(api, people, CHAT_SIZE, 8);
  log(`setup: ${CLIENTS} people, ${groups.length} groups in ${seconds(began)} s`);

  let t0 = Number.POSITIVE_INFINITY;
  const closeCodes = new Map<string, number>();
  const told: number[] = [];
  let duplicates = 0;
  let misrouted = 0;
  let foreign = 0;
  const sends: Send[] = [];
  const clients: Client[] = people.map((person, u) => ({
    person,
    chat: u < groups.length * CHAT_SIZE ? Math.floor(u / CHAT_SIZE) : null,
    received: new Map(),
  }));

  let untracked = 0;
  const onEvent = (client: Client, event: { type: string; data: unknown }, id: string | undefined) => {
    client.lastEventId = id;
    if (id === undefined) untracked++;
    if (event.type !== "message:new") return;
    const { chatId, message } = event.data as { chatId: string; message: { id: string; content?: string } };
    const i = ourSend(message.content, run);
    if (i === "prime") return;
    if (i === null || !sends[i]) return void foreign++;
    const send = sends[i];
    if (client.chat === null || groups[client.chat]!.id !== chatId || send.chat !== client.chat) misrouted++;
    send.deliveredIds.add(message.id);
    if (client.received.has(i)) duplicates++;
    else client.received.set(i, performance.now());
  };

  const lag = new LoopLag();
  began = performance.now();
  await pool(CLIENTS, CONNECT_CONCURRENCY, async (u) => {
    const client = clients[u]!;
    client.stream = await openStarted(server.wsBase, client.person.token, {
      onEvent: (event, id) => onEvent(client, event, id),
      onStarted: () => {
        if (performance.now() >= t0 && client.resumedAt === undefined) client.resumedAt = performance.now();
      },
      onOpen: () => {
        if (performance.now() >= t0 && client.reopenedAt === undefined) client.reopenedAt = performance.now();
      },
      onClose: (code) => {
        if (performance.now() < t0) return;
        client.heldIdAtClose ??= client.lastEventId !== undefined;
        closeCodes.set(String(code), (closeCodes.get(String(code)) ?? 0) + 1);
        if (code === 4007) told.push(performance.now());
      },
    }, (attempt) => Math.min(RETRY_BASE_MS * 2 ** attempt, RETRY_MAX_MS));
  });
  cleanup.add("closing the clients", () => clients.forEach((client) => client.stream?.close()));
  log(`connected: ${CLIENTS} subscriptions started in ${seconds(began)} s`);

  // One message in every chat first, so that every client holds a last event id (what it
  // resumes from) whatever else the server sends or leaves out.
  await pool(groups.length, 4, async (g) => {
    const creator = people[groups[g]!.members[0]!]!;
    await api.messages.send.mutate({ chatId: groups[g]!.id, content: JSON.stringify({ r: run, prime: true }) }, { context: { token: creator.token } });
  });
  const withoutId = () => clients.filter((client) => client.chat !== null && client.lastEventId === undefined).length;
  for (const deadline = performance.now() + 60_000; withoutId() > 0 && performance.now() < deadline; ) await sleep(100);

  // The sender: an open loop (send i is due at start + i / RATE, whatever became of earlier
  // ones), each send retried with its clientId until acknowledged.
  const errors = new Map<string, number>();
  let sending = true;
  const inFlight = new Set<Promise<void>>();
  const sendStart = performance.now();
  const sendUntilAcknowledged = async (send: Send) => {
    const person = people[send.sender]!;
    for (;;) {
      send.attempts++;
      try {
        const message = await api.messages.send.mutate(
          { chatId: groups[send.chat]!.id, content: send.content, clientId: send.clientId },
          { context: { token: person.token }, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
        );
        send.ackAt = performance.now();
        send.messageId = message.id;
        return;
      } catch (error) {
        const kind = failureKind(error);
        errors.set(kind, (errors.get(kind) ?? 0) + 1);
        if (PERMANENT.has(kind) || performance.now() - send.firstAttemptAt > GIVE_UP_MS) {
          send.failed = kind;
          return;
        }
        await sleep(RETRY_MS);
      }
    }
  };
  const issueDue = () => {
    const due = Math.floor(((performance.now() - sendStart) * RATE) / 1000) + 1;
    while (sending && sends.length < due) {
      const i = sends.length;
      const chat = i % groups.length;
      const turn = Math.floor(i / groups.length);
      const send: Send = {
        i,
        chat,
        sender: groups[chat]!.members[turn % CHAT_SIZE]!,
        clientId: `bench-${run}-${i}`,
        content: JSON.stringify({ r: run, i }),
        firstAttemptAt: performance.now(),
        attempts: 0,
        deliveredIds: new Set(),
      };
      sends.push(send);
      const attempt = sendUntilAcknowledged(send).finally(() => inFlight.delete(attempt));
      inFlight.add(attempt);
    }
  };
  const ticker = setInterval(issueDue, 5);

  await sleep(PRE_MS);
  const preSends = sends.length;
  if (withoutId() > 0) log(`warning: ${withoutId()} clients in chats hold no event id: they resubscribe from nothing`);
  // Whether the server kept up with RATE before the restart: if not, the figures below measure its send throughput.
  const preAcks = sends
    .filter((send) => send.ackAt !== undefined)
    .map((send) => send.ackAt! - send.firstAttemptAt)
    .sort((a, b) => a - b);
  const preP = (q: number) => (preAcks.length ? Math.round(preAcks[Math.min(preAcks.length - 1, Math.ceil(q * preAcks.length) - 1)]!) : NaN);
  log(`before the restart: ${preSends} sends, ${preAcks.length} acknowledged, acknowledgement p50 ${preP(0.5)} ms, p99 ${preP(0.99)} ms${preAcks.length < preSends * 0.9 ? " — the server is not keeping up with RATE: lower it" : ""}`);

  const beforeLag = lag.phase();
  t0 = performance.now();
  server.signal("SIGTERM");
  const oldPid = server.pid;
  const exitA = await server.exited;
  server = spawnRelay(cleanup, config);
  const listeningAt = await waitForPort(server, config.port, HEALTH_TIMEOUT_MS);
  const healthyAt = await waitForHttp(server, "/api/health", HEALTH_TIMEOUT_MS, 50);
  log(`restart: SIGTERM to A (pid ${oldPid}); A exited (${exitA.code ?? exitA.signal}) at ${since(t0, exitA.at)} s; B (pid ${server.pid}) listening at ${since(t0, listeningAt)} s, healthy at ${since(t0, healthyAt)} s`);

  const resumed = () => clients.filter((client) => client.resumedAt !== undefined).length;
  for (const deadline = performance.now() + RESUME_TIMEOUT_MS; resumed() < CLIENTS && performance.now() < deadline; ) await sleep(20);
  const allResumedAt = resumed() === CLIENTS ? Math.max(...clients.map((client) => client.resumedAt!)) : null;
  const stopSendingAt = (allResumedAt ?? performance.now()) + POST_MS;
  await sleep(Math.max(0, stopSendingAt - performance.now()));
  sending = false;
  clearInterval(ticker);
  while (inFlight.size > 0) await Promise.race(inFlight);

  // Drain: every acknowledged send at every member of its chat, then a moment for late copies.
  const acked = sends.filter((send) => send.ackAt !== undefined);
  const missing = () => {
    let n = 0;
    for (const send of acked) for (const member of groups[send.chat]!.members) if (!clients[member]!.received.has(send.i)) n++;
    return n;
  };
  for (const deadline = performance.now() + DRAIN_MS; missing() > 0 && performance.now() < deadline; ) await sleep(100);
  await sleep(1_000);
  const restartLag = lag.phase();
  lag.stop();

  // What arrived, and when.
  const lost = missing();
  const expected = acked.length * CHAT_SIZE;
  /** When the last member got the last of `subset`, and which send that was. */
  const lastArrivalOf = (subset: Send[]) => {
    let last = t0;
    let which: Send | undefined;
    for (const send of subset)
      for (const member of groups[send.chat]!.members) {
        const at = clients[member]!.received.get(send.i) ?? Number.POSITIVE_INFINITY;
        if (at >= last) [last, which] = [at, send];
      }
    return { last, which };
  };
  const lastArrival = (subset: Send[]) => lastArrivalOf(subset).last;
  // The backlog: every send first attempted before the last client resumed (the outage's).
  const backlog = acked.filter((send) => allResumedAt !== null && send.firstAttemptAt <= allResumedAt);
  const backlogAt = lastArrival(backlog);
  const everythingAt = lastArrival(acked);
  const outage = sends.filter((send) => send.firstAttemptAt >= t0 && send.firstAttemptAt < listeningAt);
  const retried = sends.filter((send) => send.attempts > 1);
  const failed = sends.filter((send) => send.failed !== undefined);
  const twoMessages = sends.filter((send) => send.deliveredIds.size > 1 || (send.messageId && [...send.deliveredIds].some((id) => id !== send.messageId)));
  const spread = (times: (number | undefined)[]) => {
    const sorted = times.filter((at): at is number => at !== undefined).map((at) => (at - t0) / 1000).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))]!.toFixed(1);
    return sorted.length ? `${sorted.length}: first at ${at(0)} s, median ${at(0.5)} s, last ${at(1)} s` : "none";
  };
  const maxAckS = Math.max(0, ...acked.map((send) => (send.ackAt! - send.firstAttemptAt) / 1000));

  log(`from the SIGTERM, clients told to reconnect (4007) ${spread(told)}`);
  log(`  sockets open again ${spread(clients.map((client) => client.reopenedAt))}`);
  log(`  resubscribed (started) ${spread(clients.map((client) => client.resumedAt))} (of ${CLIENTS})`);
  log(`  close codes the clients saw: ${[...closeCodes].map(([code, n]) => `${code}×${n}`).join(" ") || "none"} (1006: a reconnect attempt that found no server)`);
  log(
    `sends: ${sends.length} (${preSends} before the SIGTERM, ${outage.length} while no server listened), ${acked.length} acknowledged, ${failed.length} failed` +
      `${failed.length ? ` (${countBy(failed.map((send) => send.failed!))})` : ""}; ${retried.length} needed retries (${sends.reduce((n, send) => n + send.attempts, 0)} attempts); slowest acknowledgement ${maxAckS.toFixed(1)} s`,
  );
  if (errors.size) log(`  failed attempts by kind: ${[...errors].map(([kind, n]) => `${kind}×${n}`).join(", ")}`);
  const latest = lastArrivalOf(backlog).which;
  if (latest && lost === 0) {
    log(`  the backlog's last delivery: a send first tried at ${since(t0, latest.firstAttemptAt)} s, acknowledged at ${since(t0, latest.ackAt!)} s after ${latest.attempts} attempt(s), at its last member at ${since(t0, backlogAt)} s`);
  }
  const withoutIdAtClose = clients.filter((client) => client.heldIdAtClose === false).length;
  if (untracked || withoutIdAtClose) {
    log(`  untracked events reached the clients: ${untracked}; clients that held no last event id when their socket closed (and so resubscribed without one): ${withoutIdAtClose}`);
  }
  log(`deliveries: expected ${expected}, received ${expected - lost}, lost ${lost}, duplicated ${duplicates}; sends that became two messages ${twoMessages.length}; misrouted ${misrouted}, not ours ${foreign}`);
  log(`  server B RSS after the drain ${mb(readProc(server.pid).rssKB)}; load generator: loop lag p99 ${restartLag.p99Ms} ms, max ${restartLag.maxMs} ms, CPU ${restartLag.cpuPct} % over the restart (before it: p99 ${beforeLag.p99Ms} ms, max ${beforeLag.maxMs} ms, CPU ${beforeLag.cpuPct} %)`);
  log(`  its stalls of 200 ms or more, from the SIGTERM: ${lag.describeStalls(t0)}`);

  const resumedS = allResumedAt === null ? null : (allResumedAt - t0) / 1000;
  const backlogS = lost === 0 && allResumedAt !== null ? (backlogAt - t0) / 1000 : null;
  const everythingS = lost === 0 ? (everythingAt - t0) / 1000 : null;
  const fmt = (s: number | null) => (s === null ? "never" : `${s.toFixed(1)} s`);
  log(`\n| clients | sends/s | A exited | B listening | all resubscribed | backlog received | everything received | sends (outage) | lost | duplicated |`);
  log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  log(
    `| ${CLIENTS.toLocaleString("en")} | ${RATE} | ${since(t0, exitA.at)} s | ${since(t0, listeningAt)} s | ${fmt(resumedS)} | ${fmt(backlogS)} | ${fmt(everythingS)} | ${sends.length} (${outage.length}) | ${lost} | ${duplicates} |`,
  );
  const met = resumedS !== null && resumedS <= TARGET_S && backlogS !== null && backlogS <= TARGET_S && lost === 0 && duplicates === 0 && failed.length === 0;
  log(
    `\nTarget (all resubscribed and the backlog received within ${TARGET_S} s, 0 lost, 0 duplicated): ${met ? "MET" : "NOT MET"}` +
      ` (resubscribed ${fmt(resumedS)}, backlog ${fmt(backlogS)}, lost ${lost}, duplicated ${duplicates}${failed.length ? `, ${failed.length} sends never acknowledged` : ""})`,
  );
}

/** The send index of a message this run sent, or null. */
function ourSend(content: string | undefined, run: string): number | "prime" | null {
  try {
    const parsed = JSON.parse(content ?? "") as { r?: string; i?: number; prime?: boolean };
    if (parsed.r === run && parsed.prime) return "prime";
    return parsed.r === run && Number.isInteger(parsed.i) ? parsed.i! : null;
  } catch {
    return null;
  }
}

const countBy = (items: string[]) => [...new Map(items.map((item) => [item, items.filter((other) => other === item).length]))].map(([k, n]) => `${k}×${n}`).join(", ");
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const since = (from: number, at: number) => ((at - from) / 1000).toFixed(1);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

void cleanup.main(HARD_LIMIT_MS, main);
