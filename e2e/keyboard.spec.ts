import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("Ctrl+K opens a chat by keyboard, and Esc leaves a chat once nothing else is open", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const cy = await newPerson(browser, "Cy");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Hi Ben");
  await openChatWith(ana, cy);
  await sendMessage(ana, "Hi Cy");
  const page = ana.page;
  const cyChat = page.url();
  const box = page.getByRole("textbox", { name: "Message" });
  await expect(box).toBeFocused();

  // The switcher: a labelled dialog whose box has the focus; typing filters, Enter opens.
  await page.keyboard.press("ControlOrMeta+k");
  const switcher = page.getByRole("dialog", { name: "Go to chat" });
  await expect(switcher).toBeVisible();
  const find = switcher.getByRole("combobox", { name: "Find a chat" });
  await expect(find).toBeFocused();
  await expect(switcher.getByRole("option")).toHaveCount(2);
  await find.pressSequentially(ben.username.slice(0, 6));
  await expect(switcher.getByRole("option")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(switcher).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Ben Tester" })).toBeVisible();

  // Arrows move through the list, newest activity first (and wrap); Enter opens the chosen one.
  await page.keyboard.press("ControlOrMeta+k");
  const chosen = switcher.getByRole("option", { selected: true });
  await expect(chosen).toContainText("Cy Tester");
  await page.keyboard.press("ArrowDown");
  await expect(chosen).toContainText("Ben Tester");
  await page.keyboard.press("ArrowDown");
  await expect(chosen).toContainText("Cy Tester");
  await page.keyboard.press("ArrowUp");
  await expect(chosen).toContainText("Ben Tester");
  await page.keyboard.press("ArrowUp");
  await expect(chosen).toContainText("Cy Tester");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(cyChat);
  await expect(page.getByRole("heading", { name: "Cy Tester" })).toBeVisible();

  // Esc closes the switcher, gives the focus back, and stays in the chat.
  await box.focus();
  await page.keyboard.press("ControlOrMeta+k");
  await expect(switcher).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(switcher).toHaveCount(0);
  await expect(box).toBeFocused();
  await expect(page).toHaveURL(cyChat);

  // Esc lets go of a menu, then of a reply, and only then leaves the chat.
  await messages(page).filter({ hasText: "Hi Cy" }).click({ button: "right" });
  const menu = page.getByRole("menu", { name: "Message actions" });
  await expect(menu).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(page).toHaveURL(cyChat);
  await messages(page).filter({ hasText: "Hi Cy" }).click({ button: "right" });
  await menu.getByRole("menuitem", { name: "Reply" }).click();
  await expect(page.getByTestId("reply-bar")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("reply-bar")).toHaveCount(0);
  await expect(page).toHaveURL(cyChat);
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/chats$/);
  await expect(page.getByRole("link", { name: /Cy Tester/ })).toBeVisible();
});
