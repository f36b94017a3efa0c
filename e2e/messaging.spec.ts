// What people do to messages, each seen live on the other side without a reload.
import type { Locator, Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, sendMessage, test, type Person } from "./fixtures";

/**
 * Opens the menu of the message with `text` by right click (the first match: replies and
 * service lines that quote it come later).
 */
async function menuOf(page: Page, text: string): Promise<Locator> {
  await messages(page).filter({ hasText: text }).first().click({ button: "right" });
  const menu = page.getByRole("menu", { name: "Message actions" });
  await expect(menu).toBeVisible();
  return menu;
}

const state = (person: Person, text: string) =>
  messages(person.page).filter({ hasText: text }).first().getByTestId("message-state");

test("react, reply, edit, delete for everyone and see typing, each live on the other side", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Lunch at noon?");
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  const benSees = messages(ben.page).filter({ hasText: "Lunch at noon?" });
  await expect(benSees).toBeVisible();

  // Typing: Ana sees "Ben is typing" while he types, and it goes when he clears the box.
  const benBox = ben.page.getByRole("textbox", { name: "Message" });
  await benBox.pressSequentially("Sounds");
  await expect(ana.page.getByRole("main").getByTestId("typing-indicator")).toContainText("Ben is typing");
  await benBox.fill("");
  await expect(ana.page.getByRole("main").getByTestId("typing-indicator")).toHaveCount(0);
  await expect(ana.page.getByTestId("presence")).toHaveText("online");

  // React: Ben thumbs it up from the menu; Ana sees the chip and adds hers by clicking it.
  await (await menuOf(ben.page, "Lunch at noon?")).getByRole("menuitem", { name: "React with Thumbs up" }).click();
  const anaSees = messages(ana.page).filter({ hasText: "Lunch at noon?" });
  await expect(anaSees.getByTestId("reaction-chip")).toHaveAccessibleName("👍 1");
  await expect(anaSees.getByTestId("reaction-chip")).toHaveAttribute("aria-pressed", "false");
  await anaSees.getByTestId("reaction-chip").click();
  await expect(anaSees.getByTestId("reaction-chip")).toHaveAttribute("aria-pressed", "true");
  await expect(benSees.getByTestId("reaction-chip")).toHaveAccessibleName("👍 2");
  // Ben takes his back: one left, Ana's.
  await benSees.getByTestId("reaction-chip").click();
  await expect(anaSees.getByTestId("reaction-chip")).toHaveAccessibleName("👍 1");

  // Reply: Ben answers quoting Ana's question; Ana sees the quote.
  await (await menuOf(ben.page, "Lunch at noon?")).getByRole("menuitem", { name: "Reply" }).click();
  await expect(ben.page.getByTestId("reply-bar")).toContainText("Lunch at noon?");
  await sendMessage(ben, "Yes, the usual place");
  await expect(ben.page.getByTestId("reply-bar")).toHaveCount(0);
  const anaSeesReply = messages(ana.page).filter({ hasText: "Yes, the usual place" });
  await expect(anaSeesReply.getByTestId("reply-quote")).toContainText("Lunch at noon?");

  // Edit: in an empty box, Up arrow edits Ana's last message; Ben sees the new text, the
  // "edited" label, and his quote of it updated.
  const anaBox = ana.page.getByRole("textbox", { name: "Message" });
  await anaBox.press("ArrowUp");
  await expect(ana.page.getByTestId("edit-bar")).toBeVisible();
  await expect(anaBox).toHaveValue("Lunch at noon?");
  await anaBox.fill("Lunch at one?");
  await anaBox.press("Enter");
  const benSeesEdited = messages(ben.page).filter({ hasText: "Lunch at one?" }).first();
  await expect(benSeesEdited.getByTestId("edited-label")).toBeVisible();
  await expect(messages(ben.page).filter({ hasText: "Yes, the usual place" }).getByTestId("reply-quote")).toContainText(
    "Lunch at one?",
  );
  // Esc leaves edit mode without saving.
  await anaBox.press("ArrowUp");
  await anaBox.fill("never saved");
  await anaBox.press("Escape");
  await expect(ana.page.getByTestId("edit-bar")).toHaveCount(0);
  await expect(messages(ana.page).filter({ hasText: "never saved" })).toHaveCount(0);

  // Delete for everyone: a tombstone on both sides, and the quote says the original is gone.
  await (await menuOf(ana.page, "Lunch at one?")).getByRole("menuitem", { name: "Delete for everyone" }).click();
  await ana.page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(messages(ben.page).getByTestId("deleted-message")).toHaveCount(1);
  await expect(messages(ben.page).filter({ hasText: "Lunch at one?" })).toHaveCount(0);
  await expect(messages(ben.page).filter({ hasText: "Yes, the usual place" }).getByTestId("reply-quote")).toContainText(
    /deleted/i,
  );
  await expect(messages(ana.page).getByTestId("deleted-message")).toHaveCount(1);

  // Delete for me: gone for Ben only.
  await sendMessage(ana, "Only Ben hides this");
  await expect(messages(ben.page).filter({ hasText: "Only Ben hides this" })).toBeVisible();
  await (await menuOf(ben.page, "Only Ben hides this")).getByRole("menuitem", { name: "Delete for me" }).click();
  await expect(messages(ben.page).filter({ hasText: "Only Ben hides this" })).toHaveCount(0);
  await ana.page.reload();
  await expect(messages(ana.page).filter({ hasText: "Only Ben hides this" })).toBeVisible();
});

test("messages arrive in the order they were typed, even when the first send is slow", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  // The network holds Ana's first send back for a second; the ones after it must not overtake it.
  let held = false;
  await ana.page.route("**/api/trpc/messages.send**", async (route) => {
    if (!held) {
      held = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await route.continue();
  });
  const burst = ["first", "second", "third", "fourth"];
  for (const text of burst) await sendMessage(ana, text);

  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(ben.page).filter({ hasText: "fourth" })).toBeVisible();
  await expect(messages(ben.page)).toHaveText(burst.map((text) => new RegExp(text)));
  // Once the server has answered every send, Ana's own list shows them in the same order.
  await expect(messages(ana.page).getByTestId("message-state").filter({ hasText: "Sending" })).toHaveCount(0);
  await expect(messages(ana.page)).toHaveText(burst.map((text) => new RegExp(text)));
});

test("ticks go from sent to delivered to read as the other person comes online and reads", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Are you there?");
  await expect(state(ana, "Are you there?")).toHaveText("Delivered");

  // Ben goes away: Ana sees "last seen", and what she sends now is only sent.
  const benContext = ben.page.context();
  await ben.page.close();
  await expect(ana.page.getByTestId("presence")).toContainText("last seen");
  await sendMessage(ana, "Call me when you are back");
  await expect(state(ana, "Call me when you are back")).toHaveText("Sent");

  // Ben comes back to his chat list: delivered (two ticks), and he is online again.
  const benPage = await benContext.newPage();
  await benPage.goto("/chats");
  await expect(state(ana, "Call me when you are back")).toHaveText("Delivered");
  await expect(ana.page.getByTestId("presence")).toHaveText("online");

  // He opens the chat: read.
  await benPage.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(benPage).filter({ hasText: "Call me when you are back" })).toBeVisible();
  await expect(state(ana, "Call me when you are back")).toHaveText("Read");
  await expect(state(ana, "Are you there?")).toHaveText("Read");
});

test("pin a message, jump to it from the banner, forward it to another chat", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const cy = await newPerson(browser, "Cy");
  await openChatWith(ana, cy);
  await sendMessage(ana, "Hi Cy");
  await ana.page.goto("/chats");
  await openChatWith(ana, ben);
  await sendMessage(ana, "The door code is 4711");
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();

  // Ben pins it; both see the banner, and the service line in the chat.
  await (await menuOf(ben.page, "The door code is 4711")).getByRole("menuitem", { name: "Pin", exact: true }).click();
  await expect(ana.page.getByTestId("pinned-banner")).toContainText("The door code is 4711");
  await expect(messages(ana.page).filter({ hasText: "pinned a message" })).toBeVisible();
  await ana.page.getByTestId("pinned-banner").getByRole("button").first().click();
  await expect(messages(ana.page).filter({ hasText: "The door code is 4711" }).first()).toBeInViewport();

  // Unpinning clears the banner for both.
  await ben.page.getByRole("button", { name: "Unpin message" }).click();
  await expect(ana.page.getByTestId("pinned-banner")).toHaveCount(0);
  await expect(ben.page.getByTestId("pinned-banner")).toHaveCount(0);

  // Ana forwards it to Cy, who sees who wrote it; Ana is taken to that chat.
  await (await menuOf(ana.page, "The door code is 4711")).getByRole("menuitem", { name: "Forward" }).click();
  const dialog = ana.page.getByRole("dialog");
  await dialog.getByRole("checkbox", { name: /Cy Tester/ }).check();
  await dialog.getByRole("button", { name: "Forward" }).click();
  await expect(ana.page.getByRole("heading", { name: "Cy Tester" })).toBeVisible();
  await cy.page.getByRole("link", { name: /Ana Tester/ }).click();
  const forwarded = messages(cy.page).filter({ hasText: "The door code is 4711" });
  await expect(forwarded.getByTestId("forwarded-from")).toContainText("Ana Tester");
});
