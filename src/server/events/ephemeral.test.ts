// Typing and presence only matter now: they reach whoever is listening, are never written to
// the log, and a client that comes back learns the current state instead of a replay of
// stale starts and stops.
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { events } from "@/server/db/schema";
import { PRESENCE_CHAT_LIMIT } from "@/server/events/log";
import { type InstancePresence, joinPresence } from "@/server/services/accounts/instance-presence";
import { brief, createTestWorld, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
/** An instance where everyone who syncs holds a socket: syncing someone brings them online. */
let here: InstancePresence;
beforeAll(async () => {
  world = await createTestWorld();
  here = joinPresence(world.deps, { instanceId: "everyone-here", socketsOf: () => 1 });
});
afterAll(async () => {
  await here?.stop();
  await world?.close();
});

const loggedSignals = () =>
  world.db
    .select({ type: events.type })
    .from(events)
    .where(inArray(events.type, ["typing:start", "typing:stop", "presence", "call:signal"]));

test("typing and presence reach the live stream but never the log", async () => {
  const { a, b, chatId } = await world.directChat();
  const stream = await world.listen(a.token);
  await b.api.chats.setTyping({ chatId, typing: true });
  await here.sync(b.user.id);
  await b.api.chats.setTyping({ chatId, typing: false });
  const seen = await stream.until((all) => all.some((e) => e.type === "typing:stop"));
  expect(seen.map(brief)).toEqual([`typing:start:${b.user.id}`, `presence:${b.user.id}:online`, `typing:stop:${b.user.id}`]);
  await stream.stop();
  expect(await loggedSignals()).toEqual([]);
});

test("a client that comes back hears who is typing now and sees who is online, not a replay", async () => {
  const { a, b, chatId } = await world.directChat();
  const last = await world.resumePointAfter(a.token, () => b.api.messages.send({ chatId, content: "before the break" }));

  // While a is away: b comes online, starts typing, stops, and starts again.
  await here.sync(b.user.id);
  await b.api.chats.setTyping({ chatId, typing: true });
  await b.api.chats.setTyping({ chatId, typing: false });
  await b.api.chats.setTyping({ chatId, typing: true });

  const back = await world.listen(a.token, { lastEventId: last });
  await back.until((all) => all.some((e) => e.type === "typing:start"));
  expect(back.events.map(brief)).toEqual([`typing:start:${b.user.id}`]);
  expect((await a.api.users.byId({ userId: b.user.id })).online).toBe(true);
  await back.stop();

  // Once b stops, a client coming back hears nothing of b's typing at all.
  await b.api.chats.setTyping({ chatId, typing: false });
  const later = await world.listen(a.token, { lastEventId: last });
  await b.api.messages.send({ chatId, content: "after" });
  await later.until((all) => all.some((e) => e.type === "message:new"));
  expect(later.events.filter((e) => e.type.startsWith("typing:"))).toEqual([]);
  await later.stop();
});

test("presence goes to direct chats and small groups, not to the members of a large one", async () => {
  const { a: person, b: friend } = await world.directChat();
  const [crowdOwner, smallOwner] = [await world.signUp(), await world.signUp()];
  await crowdOwner.api.chats.createGroup({ title: "Stadium", memberIds: [person.user.id, ...(await world.bystanders(PRESENCE_CHAT_LIMIT))] });
  await smallOwner.api.chats.createGroup({ title: "Book club", memberIds: [person.user.id] });
  const [friendHears, smallHears, crowdHears] = [await world.listen(friend.token), await world.listen(smallOwner.token), await world.listen(crowdOwner.token)];

  await here.sync(person.user.id);
  const online = `presence:${person.user.id}:online`;
  await friendHears.until((all) => all.map(brief).includes(online));
  await smallHears.until((all) => all.map(brief).includes(online));
  // One publish reached them all at once: the crowd's owner, who shares only a chat of
  // PRESENCE_CHAT_LIMIT + 2 members with the person, was not among its recipients.
  await smallHears.stop();
  await friendHears.stop();
  await crowdHears.stop();
  expect(crowdHears.events.map(brief)).not.toContain(online);
});
