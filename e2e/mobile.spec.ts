import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("on a phone the list and the chat take turns", async ({ browser }) => {
  const dee = await newPerson(browser, "Dee");
  const eve = await newPerson(browser, "Eve");
  await openChatWith(dee, eve);
  await sendMessage(dee, "Hello from a phone");
  await expect(messages(dee.page).filter({ hasText: "Hello from a phone" })).toBeVisible();
  await expect(dee.page.getByRole("complementary", { name: "Chats" })).toBeHidden();
  await dee.page.getByRole("link", { name: "Back to chats" }).click();
  await expect(dee.page.getByRole("link", { name: /Eve Tester/ })).toBeVisible();
});
