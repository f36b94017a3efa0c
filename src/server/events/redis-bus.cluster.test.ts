// Two instances on one database and one Redis: a message sent through either reaches every
// member on either, once and in order, and that holds when Redis goes away for a while and
// when an instance is killed under its clients (they resume on the other). And a ban or a
// sign-out through one refuses the token's very next call on the other, which had just
// answered it from memory, whether or not that one hears Redis then.
import { eq } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { CloseCode } from "@/lib/close-codes";
import { users } from "@/server/db/schema";
import { waitFor } from "@/server/testing/harness";
import { startTcpProxy, type TcpProxy } from "@/server/testing/tcp-proxy";
import { type Instances, listen, type Person, REDIS_URL, signUp, startInstances } from "@/server/testing/two-instances";

let instances: Instances | null = null;
let proxy: TcpProxy | null = null;
afterEach(async () => {
  await instances?.stop();
  await proxy?.close();
  instances = null;
  proxy = null;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function groupOf(people: Person[], on: Instances["servers"][number]) {
  const [owner, ...others] = people;
  return owner!.api(on).chats.createGroup.mutate({ title: "Two instances", memberIds: others.map((p) => p.user.id) });
}

/**
 * Ada on A and Bo on B in one group, each listening on their own instance. `send(i)` takes
 * turns: Bo through B, then Ada through A; `sent` holds the ids acknowledged so far.
 */
async function adaOnAAndBoOnB(env: Record<string, string> = {}) {
  instances = await startInstances(2, env);
  const [a, b] = instances.servers as [Instances["servers"][number], Instances["servers"][number]];
  const ada = await signUp(a, "ada");
  const bo = await signUp(b, "bo");
  const chat = await groupOf([ada, bo], a);
  const onA = await listen(ada, a);
  const onB = await listen(bo, b);
  const sent: string[] = [];
  const send = async (i: number) => {
    const [who, via] = i % 2 === 0 ? [bo, b] : [ada, a];
    const message = await who.api(via).messages.send.mutate({ chatId: chat.id, content: `m${i}`, clientId: crypto.randomUUID() });
    sent.push(message.id);
  };
  /** Both have at least `n` of the chat's messages; for a timeout, what each has and the servers said. */
  const bothHave = (n: number) => onA.messagesIn(chat.id).length >= n && onB.messagesIn(chat.id).length >= n;
  const counts = () => `A ${onA.messagesIn(chat.id).length} B ${onB.messagesIn(chat.id).length}\n${a.stderr()}\n${b.stderr()}`;
  return { chat, onA, onB, sent, send, bothHave, counts };
}

/** Each listener got exactly `sent`, in the order they were sent. */
function expectEveryOnce(streams: { messagesIn(chatId: string): string[] }[], chatId: string, sent: string[]) {
  for (const stream of streams) expect(stream.messagesIn(chatId)).toEqual(sent);
}

test("a message sent on one instance reaches members on both, once, in order", { timeout: 60_000 }, async () => {
  const { chat, onA, onB, sent, send, bothHave, counts } = await adaOnAAndBoOnB();
  // Alternate both the sender and the instance the send goes to.
  for (let i = 0; i < 20; i++) await send(i);
  await waitFor(() => bothHave(20), "20 messages on both", counts);
  await pause(300);
  expectEveryOnce([onA, onB], chat.id, sent);
  onA.close();
  onB.close();
});

test("many sends at once through both instances: every member gets each once, in order", { timeout: 90_000 }, async () => {
  instances = await startInstances(2);
  const [a, b] = instances.servers as [Instances["servers"][number], Instances["servers"][number]];
  const people = await Promise.all(["ada", "bo", "cy", "di"].map((name, i) => signUp(i % 2 === 0 ? a : b, name)));
  const chats = [await groupOf(people, a), await groupOf([...people].reverse(), b)];
  const streams = await Promise.all(people.map((person, i) => listen(person, i % 2 === 0 ? a : b)));

  // Each person sends into both chats through both instances, all at once: commits on the two
  // instances interleave, and take their ids in one order and finish in another.
  const sent = new Map(chats.map((chat) => [chat.id, [] as { id: string; seq: number }[]]));
  await Promise.all(
    people.flatMap((person) =>
      [a, b].map(async (via) => {
        for (let i = 0; i < 25; i++) {
          const chat = chats[i % 2]!;
          const message = await person.api(via).messages.send.mutate({ chatId: chat.id, content: `${person.name} ${i}`, clientId: crypto.randomUUID() });
          sent.get(chat.id)!.push({ id: message.id, seq: message.seq });
        }
      }),
    ),
  );
  for (const chat of chats) {
    const inOrder = sent.get(chat.id)!.sort((x, y) => x.seq - y.seq).map((m) => m.id);
    await waitFor(() => streams.every((s) => s.messagesIn(chat.id).length >= inOrder.length), "every message on every stream", () => streams.map((s) => s.messagesIn(chat.id).length).join(" "), 30_000);
    await pause(300);
    expectEveryOnce(streams, chat.id, inOrder);
  }
  for (const stream of streams) stream.close();
});

test("Redis cut off and back mid-stream: nothing lost, nothing doubled", { timeout: 90_000 }, async () => {
  const redis = new URL(REDIS_URL);
  proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  const { chat, onA, onB, sent, send, bothHave, counts } = await adaOnAAndBoOnB({ REDIS_URL: proxy.url });
  let i = 0;
  for (; i < 10; i++) await send(i);
  proxy.cut();
  // While Redis is away: sends still work, and members on the other instance still get them (late).
  for (; i < 20; i++) await send(i);
  await waitFor(() => bothHave(20), "the messages sent while Redis was away", counts, 20_000);
  await pause(1_500);
  proxy.restore();
  for (; i < 30; i++) await send(i);
  await waitFor(() => bothHave(30), "the messages sent after Redis came back", counts, 20_000);
  await pause(500);
  expectEveryOnce([onA, onB], chat.id, sent);
  onA.close();
  onB.close();
});

test("an instance killed under its client: it resumes on the other with nothing lost", { timeout: 90_000 }, async () => {
  instances = await startInstances(2);
  const [a, b] = instances.servers as [Instances["servers"][number], Instances["servers"][number]];
  const ada = await signUp(a, "ada");
  const bo = await signUp(b, "bo");
  const chat = await groupOf([ada, bo], b);
  const onA = await listen(ada, a);

  const sent: string[] = [];
  // Before the kill, Bo's sends go to either instance; after it, only B is there.
  const send = async (i: number, via: typeof a) => {
    const message = await bo.api(via).messages.send.mutate({ chatId: chat.id, content: `m${i}`, clientId: crypto.randomUUID() });
    sent.push(message.id);
  };
  let i = 0;
  for (; i < 10; i++) await send(i, i % 2 === 0 ? a : b);
  await waitFor(() => onA.messagesIn(chat.id).length >= 10, "the first 10 on A");
  // The load balancer sends Ada's reconnect to B; what B gets meanwhile she must not miss.
  onA.pointAt(b);
  a.child.kill("SIGKILL");
  for (; i < 20; i++) await send(i, b);
  await waitFor(() => onA.messagesIn(chat.id).length >= 20, "every message, resumed on B", () => `got ${onA.messagesIn(chat.id).length}`, 30_000);
  await pause(300);
  expectEveryOnce([onA], chat.id, sent);
  onA.close();
});

/** Someone signed up through `server` and made an admin in the database, before any call of theirs. */
async function adminOn(server: Instances["servers"][number]): Promise<Person> {
  const admin = await signUp(server, "admin");
  const handle = instances!.database.open();
  try {
    await handle.db.update(users).set({ role: "admin" }).where(eq(users.id, admin.user.id));
  } finally {
    await handle.close();
  }
  return admin;
}

test("a ban through A: B, which remembered the person's session, refuses their next call", { timeout: 60_000 }, async () => {
  instances = await startInstances(2);
  const [a, b] = instances.servers as [Instances["servers"][number], Instances["servers"][number]];
  const admin = await adminOn(a);
  const eve = await signUp(b, "eve");
  const onB = await listen(eve, b);
  await eve.api(b).auth.me.query();
  await eve.api(b).auth.me.query();

  await admin.api(a).admin.ban.mutate({ userId: eve.user.id, reason: "Spam" });
  // B forgets her session as it applies the ban's close, which her socket there shows.
  await waitFor(() => onB.closeCodes.includes(CloseCode.banned), "the ban's close on B", () => b.stderr());
  await expect(eve.api(b).auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  onB.close();
});

test("B cut off from Redis: a sign-out through A, never announced to B, is refused there at once", { timeout: 60_000 }, async () => {
  const redis = new URL(REDIS_URL);
  proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  instances = await startInstances(1);
  const a = instances.servers[0]!;
  const b = await instances.start({ REDIS_URL: proxy.url });
  const jon = await signUp(a, "jon");
  await jon.api(b).auth.me.query();
  await jon.api(b).auth.me.query();

  proxy.cut();
  // Its health says so once B has seen its connections to Redis go.
  for (;;) {
    const health = (await (await fetch(`${b.base}/api/health`)).json()) as { checks: Record<string, string> };
    if (health.checks.redis !== "ok") break;
    await pause(20);
  }
  await jon.api(a).auth.logout.mutate();
  await expect(jon.api(b).auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
});
