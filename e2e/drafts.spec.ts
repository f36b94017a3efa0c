import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("a draft and its reply survive switching chats and a reload, show in the list, and go once sent", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const cy = await newPerson(browser, "Cy");
  await openChatWith(ben, ana);
  await sendMessage(ben, "Are you coming tonight?");
  await openChatWith(cy, ana);
  await sendMessage(cy, "Hello from Cy");

  const page = ana.page;
  const benLink = page.getByRole("link", { name: /Ben Tester/ });
  const cyLink = page.getByRole("link", { name: /Cy Tester/ });
  await benLink.click();
  await messages(page).filter({ hasText: "Are you coming tonight?" }).click({ button: "right" });
  await page.getByRole("menu", { name: "Message actions" }).getByRole("menuitem", { name: "Reply" }).click();
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("Probably **yes**, let me");

  // Away in Cy's chat: its box is empty, and Ben's chat shows the draft, without markers.
  await cyLink.click();
  await expect(page.getByRole("heading", { name: "Cy Tester" })).toBeVisible();
  await expect(box).toHaveValue("");
  await expect(benLink.getByTestId("draft-preview")).toHaveText("Draft: Probably yes, let me");
  await expect(cyLink.getByTestId("draft-preview")).toHaveCount(0);

  // A reload keeps it.
  await page.reload();
  await expect(benLink.getByTestId("draft-preview")).toHaveText("Draft: Probably yes, let me");

  // Back in Ben's chat: the text and the reply come back, and the list shows the chat as usual.
  await benLink.click();
  await expect(box).toHaveValue("Probably **yes**, let me");
  await expect(page.getByTestId("reply-bar")).toContainText("Are you coming tonight?");
  await expect(benLink.getByTestId("draft-preview")).toHaveCount(0);
  await page.reload();
  await expect(box).toHaveValue("Probably **yes**, let me");
  await expect(page.getByTestId("reply-bar")).toContainText("Are you coming tonight?");

  // Sent: the draft is gone, here and after switching away.
  await box.press("End");
  await box.pressSequentially(" know");
  await box.press("Enter");
  const sent = messages(page).filter({ hasText: "Probably yes, let me know" });
  await expect(sent.getByTestId("reply-quote")).toContainText("Are you coming tonight?");
  await expect(box).toHaveValue("");
  await cyLink.click();
  await expect(page.getByRole("heading", { name: "Cy Tester" })).toBeVisible();
  await expect(benLink).toContainText("You: Probably yes, let me know");
  await expect(benLink.getByTestId("draft-preview")).toHaveCount(0);
  await page.reload();
  await benLink.click();
  await expect(box).toHaveValue("");
  await expect(page.getByTestId("reply-bar")).toHaveCount(0);
});
