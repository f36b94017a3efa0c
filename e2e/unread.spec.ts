import { apiAs, sendAll } from "./api";
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

// Unread, as in Telegram: a chat opens where reading stopped, under a "New messages" line;
// what is below waits on the round button with its count; and only what was on screen is read.

test("150 unread open at the first of them; the button counts what is below; read is what was seen", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const [anaApi, benApi] = await Promise.all([apiAs(baseURL!, ana), apiAs(baseURL!, ben)]);
  const anaId = (await anaApi.auth.me.query()).id;
  const chat = await benApi.chats.openDirect.mutate({ userId: anaId });
  await anaApi.messages.send.mutate({ chatId: chat.id, content: "What did I miss?" });
  await ana.page.goto("about:blank");
  const sent = await sendAll(benApi, chat.id, Array.from({ length: 150 }, (_, i) => `Update ${i + 1}`));
  sent.sort((a, b) => a.seq - b.seq);

  await ana.page.goto("/chats");
  await ana.page.getByRole("navigation", { name: "Chat list" }).getByRole("link", { name: /Ben Tester/ }).click();
  const divider = ana.page.getByRole("separator", { name: "New messages" });
  await expect(divider).toBeInViewport();
  const first = ana.page.locator(`li[data-message-id="${sent[0]!.id}"]`);
  await expect(first).toBeInViewport();
  const newest = ana.page.locator(`li[data-message-id="${sent[149]!.id}"]`);
  await expect(newest).not.toBeInViewport();

  // Ben's newest stays unread for as long as Ana has not seen it.
  await ben.page.goto(`/chats/${chat.id}`);
  const bensNewest = messages(ben.page).filter({ hasText: "Update 150" });
  await expect(bensNewest.getByTestId("message-state")).toHaveText("Delivered");
  const jump = ana.page.getByTestId("jump-to-newest");
  await expect(jump).toHaveAccessibleName(/, \d+ unread$/);

  await jump.click();
  await expect(messages(ana.page).filter({ hasText: "Update 150" })).toBeInViewport();
  await expect(bensNewest.getByTestId("message-state")).toHaveText("Read");
  await expect(ana.page.getByRole("navigation", { name: "Chat list" }).getByTestId("unread-badge")).toHaveCount(0);
});

test("a message that arrives while I read further up is counted on the button, and read once I scroll to it", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  for (let i = 1; i <= 30; i++) await sendMessage(ana, `Line ${i}`);
  await expect(messages(ana.page).filter({ has: ana.page.getByText("Line 30", { exact: true }) })).toBeVisible();
  // Ben opens the chat where his unread begins: at her first line.
  await openChatWith(ben, ana);
  await expect(ben.page.getByRole("separator", { name: "New messages" })).toBeInViewport();
  await expect(messages(ben.page).filter({ has: ben.page.getByText("Line 1", { exact: true }) })).toBeInViewport();

  // Ana scrolls up to her first lines.
  const scroller = ana.page.getByTestId("history-scroller");
  await scroller.hover();
  await expect(async () => {
    await ana.page.mouse.wheel(0, -600);
    await expect(messages(ana.page).filter({ has: ana.page.getByText("Line 1", { exact: true }) })).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 30_000 });

  await sendMessage(ben, "Look down here");
  const jump = ana.page.getByTestId("jump-to-newest");
  await expect(jump).toHaveAccessibleName("Jump to the newest messages, 1 unread");
  await expect(ana.page.getByTestId("unread-below")).toHaveText("1");
  const bens = messages(ben.page).filter({ hasText: "Look down here" });
  await expect(bens.getByTestId("message-state")).toHaveText("Delivered");

  await jump.click();
  await expect(messages(ana.page).filter({ hasText: "Look down here" })).toBeInViewport();
  await expect(bens.getByTestId("message-state")).toHaveText("Read");
  await expect(jump).toBeHidden();
});
