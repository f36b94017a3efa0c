// The chat list against what the server really answers: live events keep each preview, badge
// and place current in the browser's cache, without asking the server again.
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ChatSummary } from "@/lib/api-types";
import type { AppRouter } from "@/server/api/root";
import { createTestWorld, type TestUser, type TestWorld } from "@/server/testing/harness";
import { applyLiveEvent } from "./cache";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

type Pages = { pages: { items: ChatSummary[]; nextCursor: string | null }[]; pageParams: unknown[] };

function browserOf(person: TestUser) {
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient });
  const key = trpc.chats.list.infiniteQueryKey({ limit: 30 });
  return {
    queryClient,
    trpc,
    async load() {
      queryClient.setQueryData<Pages>(key, { pages: [await person.api.chats.list({ limit: 30 })], pageParams: [null] });
    },
    list: () => queryClient.getQueryData<Pages>(key)!.pages.flatMap((page) => page.items),
    stale: () => queryClient.getQueryState(key)!.isInvalidated,
  };
}

/** What a person sees of each chat in the list: its place, preview and badge. */
const seen = (items: ChatSummary[]) => items.map((c) => ({ id: c.id, preview: c.lastMessage?.content ?? null, unread: c.unreadCount }));

type Event = Awaited<ReturnType<Awaited<ReturnType<TestWorld["listen"]>>["until"]>>[number];
const newMessages = (count: number) => (es: Event[]) => es.filter((e) => e.type === "message:new").length >= count;

/** Runs `act` while `person` listens, and hands the events it brought to their browser's cache. */
async function live(person: TestUser, browser: ReturnType<typeof browserOf>, done: (es: Event[]) => boolean, act: () => Promise<unknown>) {
  const stream = await world.listen(person.token);
  await act();
  const events = await stream.until(done);
  await stream.stop();
  for (const event of events) applyLiveEvent(browser.queryClient, browser.trpc, person.user.id, event);
}

test("messages arriving in two chats keep each preview, badge and place as the server has them, without a refetch", async () => {
  const { a, b, chatId: direct } = await world.directChat();
  const c = await world.signUp();
  const group = await a.api.chats.createGroup({ title: "Trip", memberIds: [b.user.id, c.user.id] });
  await a.api.messages.send({ chatId: direct, content: "hello" });
  const browser = browserOf(a);
  await browser.load();
  expect(browser.list().map((chat) => chat.id)).toEqual([direct, group.id]);

  await live(a, browser, newMessages(5), async () => {
    await c.api.messages.send({ chatId: group.id, content: "Who brings the tent?" });
    await b.api.messages.send({ chatId: group.id, content: "Not me" });
    await b.api.messages.send({ chatId: direct, content: "psst" });
    await c.api.messages.send({ chatId: group.id, content: "Ana then" });
    await b.api.messages.send({ chatId: direct, content: "are you going?" });
  });

  expect(seen(browser.list())).toEqual([
    { id: direct, preview: "are you going?", unread: 2 },
    { id: group.id, preview: "Ana then", unread: 3 },
  ]);
  expect(seen(browser.list())).toEqual(seen((await a.api.chats.list({ limit: 30 })).items));
  expect(browser.stale()).toBe(false);

  // My reply (from another device) lifts the group and reads it; reading the direct chat clears it.
  await live(a, browser, (es) => newMessages(1)(es) && es.some((e) => e.type === "message:status" && e.data.chatId === direct), async () => {
    await a.api.messages.send({ chatId: group.id, content: "Fine, I will" });
    await a.api.messages.markRead({ chatId: direct });
  });
  expect(seen(browser.list())).toEqual([
    { id: group.id, preview: "Fine, I will", unread: 0 },
    { id: direct, preview: "are you going?", unread: 0 },
  ]);
  expect(seen(browser.list())).toEqual(seen((await a.api.chats.list({ limit: 30 })).items));
  expect(browser.stale()).toBe(false);
});

test("an edit of the last message changes the preview in place; a repeated event changes nothing", async () => {
  const { a, b, chatId } = await world.directChat();
  const sent = await b.api.messages.send({ chatId, content: "see you at 5" });
  const browser = browserOf(a);
  await browser.load();

  const stream = await world.listen(a.token);
  await b.api.messages.edit({ messageId: sent.id, content: "see you at 6" });
  await b.api.messages.send({ chatId, content: "ok?" });
  const events = await stream.until((es) => es.some((e) => e.type === "message:updated") && newMessages(1)(es));
  await stream.stop();
  for (const event of [...events, ...events]) applyLiveEvent(browser.queryClient, browser.trpc, a.user.id, event);

  expect(seen(browser.list())).toEqual([{ id: chatId, preview: "ok?", unread: 2 }]);
  expect(seen(browser.list())).toEqual(seen((await a.api.chats.list({ limit: 30 })).items));
  expect(browser.stale()).toBe(false);
});

test("a chat the list does not hold yet, or a deleted last message, comes from the server", async () => {
  const { a, b, chatId } = await world.directChat();
  const last = await b.api.messages.send({ chatId, content: "oops" });
  const browser = browserOf(a);
  await browser.load();

  await live(a, browser, (es) => es.some((e) => e.type === "message:deleted"), () => b.api.messages.delete({ messageId: last.id, scope: "everyone" }));
  expect(browser.stale()).toBe(true);

  await browser.load();
  const c = await world.signUp();
  await live(a, browser, newMessages(1), async () => {
    const fresh = await c.api.chats.openDirect({ userId: a.user.id });
    await c.api.messages.send({ chatId: fresh.id, content: "hi, new here" });
  });
  expect(browser.stale()).toBe(true);
});
