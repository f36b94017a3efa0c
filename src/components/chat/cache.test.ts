// The browser's cache against what the server really answers: a live event changes what the
// screens read, without a refetch.
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ChatInfo } from "@/lib/api-types";
import type { AppRouter } from "@/server/api/root";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { applyLiveEvent, setPollInCache } from "./cache";

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
