// The log keeps a window of events: older ones are pruned, and a client whose last event id
// lies beyond what was pruned is told to refetch (`stream:reset`) rather than replayed to
// with a hole in it.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { events } from "@/server/db/schema";
import { brief, createTestWorld, type TestWorld } from "@/server/testing/harness";
import { pastHorizon, pruneEventLog } from "./horizon";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

test("a client older than the horizon is told to refetch, then hears live events", async () => {
  const { a, b, chatId } = await world.directChat();
  const last = await world.resumePointAfter(a.token, () => b.api.messages.send({ chatId, content: "old news" }));
  await b.api.messages.send({ chatId, content: "missed, then pruned" });

  const pruned = await pruneEventLog(world.db, new Date(Date.now() + 60_000));
  expect(pruned).toBeGreaterThan(0);
  expect((await world.db.select({ n: count() }).from(events))[0]!.n).toBe(0);
  expect(await pastHorizon(world.db, Number(last))).toBe(true);

  const back = await world.listen(a.token, { lastEventId: last });
  await b.api.messages.send({ chatId, content: "new" });
  await back.until((all) => all.some((e) => e.type === "message:new"));
  expect(back.events.map(brief)).toEqual(["reset:horizon", "new:new"]);
  await back.stop();
});

test("pruning keeps what is newer than the cut, and a client after the horizon resumes as usual", async () => {
  const { a, b, chatId } = await world.directChat();
  const last = await world.resumePointAfter(a.token, () => b.api.messages.send({ chatId, content: "kept" }));
  await b.api.messages.send({ chatId, content: "while away" });

  expect(await pruneEventLog(world.db, new Date(Date.now() - 60_000))).toBe(0);
  const back = await world.listen(a.token, { lastEventId: last });
  await back.until((all) => all.some((e) => e.type === "message:new"));
  expect(back.events.map(brief)).toEqual(["new:while away"]);
  await back.stop();
});

test("a position the log has never reached is a reset too", async () => {
  const { a } = await world.directChat();
  const stream = await world.listen(a.token, { lastEventId: "999999999" });
  const [reset] = await stream.until((all) => all.length > 0);
  expect(brief(reset!)).toBe("reset:unknown-position");
  await stream.stop();
});
