// The browser's cache against what the server really answers: a live event changes what the
// screens read, without a refetch.
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ChatInfo } from "@/lib/api-types";
import type { AppRouter } from "@/server/api/root";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { addMessageToCache, applyLiveEvent, findMessage, removeMessageFromCache, setPollInCache } from "./cache";
import { anchoredHistoryOptions, historyKey, type History } from "./history-queries";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

test("a message from the other person moves my ticks: its sender has read the chat up to it", async () => {
  const { a, b, chatId } = await world.directChat();
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient });
  await a.api.messages.send({ chatId, content: "are you there?" });
  const infoKey = trpc.chats.info.queryKey({ chatId });
  queryClient.setQueryData(infoKey, await a.api.chats.info({ chatId }));
  expect(queryClient.getQueryData<ChatInfo>(infoKey)).toMatchObject({ peerReadSeq: 0, peerDeliveredSeq: 0 });

  const reply = await b.api.messages.send({ chatId, content: "yes" });
  applyLiveEvent(queryClient, trpc, a.user.id, { type: "message:new", data: { chatId, message: reply } });

  const info = queryClient.getQueryData<ChatInfo>(infoKey)!;
  expect(info).toMatchObject({ peerReadSeq: reply.seq, peerDeliveredSeq: reply.seq });
  expect(info.members.find((m) => m.user.id === b.user.id)).toMatchObject({ lastReadSeq: reply.seq, lastDeliveredSeq: reply.seq });
  // What the server says when asked again is the same.
  expect(await a.api.chats.info({ chatId })).toMatchObject({ peerReadSeq: reply.seq });
});

test("a message I schedule on another device shows in my scheduled list here", async () => {
  const { a, chatId } = await world.directChat();
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient });
  const listKey = trpc.messages.scheduled.queryKey({ chatId });
  queryClient.setQueryData(listKey, await a.api.messages.scheduled({ chatId }));

  const item = await a.api.messages.send({ chatId, content: "later", scheduledFor: new Date(Date.now() + 3600_000) });
  applyLiveEvent(queryClient, trpc, a.user.id, { type: "scheduled:updated", data: { chatId, scheduledId: item.id, action: "created" } });

  // Stale: the open list asks the server again, which has the item.
  expect(queryClient.getQueryState(listKey)?.isInvalidated).toBe(true);
  expect((await a.api.messages.scheduled({ chatId })).map((s) => s.id)).toEqual([item.id]);
});

test("poll:updated fills the bars in place and keeps my own choice; an older answer does not undo it", async () => {
  const { a, b, chatId } = await world.directChat();
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient });
  const asked = await a.api.polls.create({ chatId, question: "Tea or coffee?", options: ["Tea", "Coffee"] });
  const [tea, coffee] = asked.poll!.options.map((o) => o.id);
  const myVote = await a.api.polls.vote({ pollId: asked.poll!.id, optionIds: [tea!] });
  const historyKey = trpc.messages.list.infiniteQueryKey({ chatId });
  queryClient.setQueryData(historyKey, { pages: [await a.api.messages.list({ chatId })], pageParams: [null] });

  const stream = await world.listen(a.token);
  await b.api.polls.vote({ pollId: asked.poll!.id, optionIds: [coffee!] });
  const events = await stream.until((es) => es.some((e) => e.type === "poll:updated"));
  await stream.stop();
  applyLiveEvent(queryClient, trpc, a.user.id, events.find((e) => e.type === "poll:updated")!);
  // My vote's answer, late: it predates b's vote, so it changes nothing.
  setPollInCache(queryClient, trpc, myVote);

  type Page = Awaited<ReturnType<typeof a.api.messages.list>>;
  const cached = queryClient.getQueryData<{ pages: Page[] }>(historyKey)!.pages[0]!.items.find((m) => m.id === asked.id)!;
  const fresh = (await a.api.messages.list({ chatId })).items.find((m) => m.id === asked.id)!;
  expect(cached.poll).toEqual(fresh.poll);
  expect(cached.poll).toMatchObject({ totalVoters: 2, myChoice: [tea] });
  expect(cached.poll!.options.map((o) => o.percent)).toEqual([50, 50]);
});

test("a new message joins the histories that reach the newest, not a window far back; changes reach them all", async () => {
  const { a, b, chatId } = await world.directChat();
  const sent = [];
  for (let i = 1; i <= 12; i++) sent.push(await a.api.messages.send({ chatId, content: `note ${i}` }));
  const client = createTRPCClient<AppRouter>({ links: [] });
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  const latestKey = historyKey(trpc, chatId);
  const farKey = anchoredHistoryOptions(trpc, client, chatId, sent[2]!.id).queryKey;
  const nearKey = anchoredHistoryOptions(trpc, client, chatId, sent[10]!.id).queryKey;
  const far = [await b.api.messages.list({ chatId, around: sent[2]!.id, limit: 3 }), await b.api.messages.list({ chatId, around: sent[5]!.id, limit: 1 })];
  queryClient.setQueryData(latestKey, { pages: [await b.api.messages.list({ chatId, limit: 4 })], pageParams: [null] });
  queryClient.setQueryData(farKey, { pages: far, pageParams: [{ around: sent[2]!.id }, { cursor: far[0]!.nextCursor }] });
  queryClient.setQueryData(nearKey, { pages: [await b.api.messages.list({ chatId, around: sent[10]!.id, limit: 5 })], pageParams: [{ around: sent[10]!.id }] });
  const contents = (key: readonly unknown[]) => queryClient.getQueryData<History>(key)!.pages.map((p) => p.items.map((m) => m.content));

  const fresh = await a.api.messages.send({ chatId, content: "new" });
  applyLiveEvent(queryClient, trpc, b.user.id, { type: "message:new", data: { chatId, message: fresh } });
  expect(contents(latestKey)).toEqual([["new", "note 12", "note 11", "note 10", "note 9"]]);
  expect(contents(nearKey)).toEqual([["new", "note 12", "note 11", "note 10", "note 9"]]);
  // Notes 5 and 7 to 12 are not loaded there: "new" would claim there is nothing between.
  expect(contents(farKey)).toEqual([["note 4", "note 3", "note 2"], ["note 6"]]);

  // Deleted for me, then put back when the server refused: in its own page, in its place.
  removeMessageFromCache(queryClient, trpc, chatId, sent[2]!.id);
  expect(contents(farKey)).toEqual([["note 4", "note 2"], ["note 6"]]);
  addMessageToCache(queryClient, trpc, far[0]!.items[1]!);
  expect(contents(farKey)).toEqual([["note 4", "note 3", "note 2"], ["note 6"]]);
  // Older than a window that has more to load: the page that holds it will bring it.
  addMessageToCache(queryClient, trpc, (await b.api.messages.list({ chatId, around: sent[0]!.id, limit: 1 })).items[0]!);
  expect(contents(farKey)).toEqual([["note 4", "note 3", "note 2"], ["note 6"]]);
  expect(findMessage(queryClient, trpc, chatId, sent[5]!.id)?.content).toBe("note 6");
});
