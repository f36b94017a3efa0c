import { randomBytes } from "node:crypto";
import { apiAs, sendAll } from "./api";
import { expect, messages, newPerson, openChatId, openChatWith, test } from "./fixtures";

// The server's history page (messages.list's default): the old hit lies 50 pages back.
const HISTORY_PAGE = 50;

test("search from the list finds a message 50 pages back, and Ctrl+F steps through a chat's matches", async ({ browser, baseURL }) => {
  // Seeding 2,500 messages takes the better part of a minute on the embedded database.
  test.setTimeout(300_000);
  const word = `kiwi${randomBytes(3).toString("hex")}`;
  const ana = await newPerson(browser, "Ana");
  const bo = await newPerson(browser, "Bo");
  const [anaApi, boApi] = await Promise.all([apiAs(baseURL!, ana), apiAs(baseURL!, bo)]);
  const boId = (await boApi.auth.me.query()).id;

  // Ana writes to Bo: one message about the word, then a long history, then two recent ones,
  // all through the API. Neither page listens meanwhile: thousands of live messages would only
  // keep their browsers busy.
  await openChatWith(ana, bo);
  const chatId = openChatId(ana);
  await ana.page.goto("about:blank");
  await bo.page.goto("about:blank");
  const [old] = await sendAll(anaApi, chatId, [`The ${word} recipe from the old days`]);
  await sendAll(anaApi, chatId, Array.from({ length: HISTORY_PAGE * 50 }, (_, i) => `Filler line ${i + 1}`));
  await sendAll(anaApi, chatId, [`Are you bringing the ${word} tart?`]);
  await sendAll(anaApi, chatId, [`Also, ${word.toUpperCase()} jam for Sunday`]);
  // And a group named after it, with one more hit there.
  const group = await anaApi.chats.createGroup.mutate({ title: `${word} club`, memberIds: [boId] });
  await sendAll(anaApi, group.id, [`Welcome to the ${word} club`]);
  // More hits for another word than one page of results holds.
  const plum = `plum${randomBytes(3).toString("hex")}`;
  await sendAll(anaApi, group.id, Array.from({ length: 23 }, (_, i) => `${plum} number ${i + 1}`));
  await bo.page.goto("/chats");

  // Bo searches from the chat list: the group among Chats, no one among People, and the hits.
  const box = bo.page.getByRole("combobox", { name: "Search" });
  await box.fill(word);
  const chats = bo.page.getByRole("listbox", { name: "Chats" });
  const found = bo.page.getByRole("listbox", { name: "Messages" });
  await expect(chats.getByRole("option")).toHaveCount(1);
  await expect(chats.getByRole("option")).toContainText(`${word} club`);
  await expect(bo.page.getByRole("region", { name: "People" })).toContainText(`No results for “${word}”`);
  await expect(found.getByRole("option")).toHaveCount(4);
  // Newest first; each match (in any case) marked, never as markup from the server.
  await expect(found.getByRole("option").first()).toContainText(`Welcome to the ${word} club`);
  await expect(found.getByRole("option").nth(1).locator("mark")).toHaveText(word.toUpperCase());
  await expect(found.getByRole("option").nth(1)).toContainText("Ana Tester");
  await expect(found.getByRole("option").last().locator("mark")).toHaveText(word);

  // The keyboard walks every section; Enter opens the oldest hit, far back in the history.
  for (let i = 0; i < 5; i++) await box.press("ArrowDown");
  const oldHit = found.getByRole("option").last();
  await expect(oldHit).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await oldHit.getAttribute("id"))!);
  await box.press("Enter");
  await expect(bo.page).toHaveURL(new RegExp(`/chats/${chatId}\\?message=${old!.id}$`));
  const oldMessage = messages(bo.page).filter({ hasText: `The ${word} recipe from the old days` });
  await expect(oldMessage).toBeInViewport();

  // Esc clears the box, and the chat list is back.
  await box.press("Escape");
  await expect(box).toHaveValue("");
  await expect(bo.page.getByRole("navigation", { name: "Chat list" })).toBeVisible();

  // Past a page of message hits, "Load more messages" brings the rest.
  await box.fill(plum);
  await expect(found.getByRole("option")).toHaveCount(20);
  await bo.page.getByRole("button", { name: "Load more messages" }).click();
  await expect(found.getByRole("option")).toHaveCount(23);
  await expect(found.locator("mark", { hasText: plum })).toHaveCount(23);
  await expect(bo.page.getByRole("button", { name: "Load more messages" })).toBeHidden();
  await box.press("Escape");

  // In the chat, Ctrl+F searches it: the newest match first, Enter steps older, Shift+Enter newer.
  await bo.page.keyboard.press("Control+f");
  const bar = bo.page.getByRole("search", { name: "Search in this chat" });
  const inChat = bar.getByRole("searchbox", { name: "Search in chat" });
  await expect(inChat).toBeFocused();
  await inChat.fill(word);
  const status = bar.getByTestId("chat-search-status");
  await expect(status).toHaveText("1 of 3");
  await expect(bo.page).toHaveURL(/\?message=/);
  await expect(messages(bo.page).filter({ hasText: "jam for Sunday" })).toBeInViewport();
  await inChat.press("Enter");
  await expect(status).toHaveText("2 of 3");
  await expect(messages(bo.page).filter({ hasText: "tart?" })).toBeInViewport();
  await inChat.press("Enter");
  await expect(status).toHaveText("3 of 3");
  await expect(bo.page).toHaveURL(new RegExp(`\\?message=${old!.id}$`));
  await expect(oldMessage).toBeInViewport();
  await expect(bar.getByRole("button", { name: "Older match" })).toBeDisabled();
  await inChat.press("Shift+Enter");
  await expect(status).toHaveText("2 of 3");
  await bar.getByRole("button", { name: "Newer match" }).click();
  await expect(status).toHaveText("1 of 3");
  await inChat.press("Escape");
  await expect(bar).toBeHidden();

  // The header's button opens it too.
  await bo.page.getByRole("button", { name: "Search in chat" }).click();
  await expect(bar.getByRole("searchbox")).toBeFocused();
  await ana.page.context().close();
  await bo.page.context().close();
});
