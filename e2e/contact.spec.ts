// Sharing a contact: the card arrives live, and its Message button leads to a direct chat.
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("Ana shares Cy's contact with Ben, who writes to Cy from the card", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const cy = await newPerson(browser, "Cy");

  await openChatWith(ana, ben);
  await sendMessage(ana, "Hi Ben");
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await sendMessage(ben, "Who knows the trip plans?");

  // Ana answers Ben's question with a contact.
  await messages(ana.page).filter({ hasText: "Who knows the trip plans?" }).click({ button: "right" });
  await ana.page.getByRole("menuitem", { name: "Reply" }).click();
  await expect(ana.page.getByTestId("reply-bar")).toContainText("Who knows the trip plans?");

  // Esc closes the picker and the message box has focus again.
  const share = ana.page.getByRole("button", { name: "Share a contact" });
  const dialog = ana.page.getByRole("dialog", { name: "Share a contact" });
  await share.click();
  await dialog.getByRole("searchbox", { name: "Search people" }).fill("Cy");
  await ana.page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(ana.page.getByRole("textbox", { name: "Message" })).toBeFocused();
  await expect(ana.page.getByTestId("reply-bar")).toBeVisible();

  await share.click();
  const search = dialog.getByRole("searchbox", { name: "Search people" });
  await search.fill("nobody-by-this-name");
  await expect(dialog.getByText("No one found")).toBeVisible();
  await search.fill(cy.username);
  await dialog.getByRole("button", { name: new RegExp(`Cy Tester.*@${cy.username}`) }).click();
  await expect(dialog).toBeHidden();
  await expect(ana.page.getByRole("textbox", { name: "Message" })).toBeFocused();
  await expect(ana.page.getByTestId("reply-bar")).toHaveCount(0);

  const anaCard = messages(ana.page).filter({ has: ana.page.getByTestId("contact-card") });
  await expect(anaCard.getByTestId("contact-card")).toContainText("Cy Tester");
  await expect(anaCard.getByTestId("message-state")).toHaveText("Read");

  // Ben sees the card arrive, answering his question, without a reload.
  const benCard = messages(ben.page).filter({ has: ben.page.getByTestId("contact-card") });
  await expect(benCard.getByTestId("contact-card")).toContainText("Cy Tester");
  await expect(benCard.getByTestId("contact-card")).toContainText(`@${cy.username}`);
  await expect(benCard.getByTestId("reply-quote")).toContainText("Who knows the trip plans?");

  await benCard.getByRole("button", { name: "Message" }).click();
  await expect(ben.page.getByRole("heading", { name: "Cy Tester" })).toBeVisible();
  await sendMessage(ben, "Hi Cy");

  // Cy gets the new chat live and reads Ben's message in it.
  const fromBen = cy.page.getByRole("link", { name: /Ben Tester/ });
  await expect(fromBen.getByTestId("unread-badge")).toHaveText("1");
  await fromBen.click();
  await expect(messages(cy.page).filter({ hasText: "Hi Cy" })).toBeVisible();
});
