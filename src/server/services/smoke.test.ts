import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

test("two people can chat", async () => {
  const dana = await world.signUp({ firstName: "Dana" });
  const eli = await world.signUp({ firstName: "Eli" });
  const chat = await dana.api.chats.openDirect({ userId: eli.user.id });
  const sent = await dana.api.messages.send({ chatId: chat.id, content: "hi", clientId: "c1" });
  const again = await dana.api.messages.send({ chatId: chat.id, content: "hi", clientId: "c1" });
  expect(again.id).toBe(sent.id);
  const list = await eli.api.chats.list();
  expect(list.items[0]?.unreadCount).toBe(1);
  const found = await eli.api.users.search({ q: "dana" });
  expect(found.items.map((u) => u.id)).toContain(dana.user.id);
});
