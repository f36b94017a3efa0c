import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("formatting and links sent by one person are shown formatted to the other, and only web links are links", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "**Big news** _today_: see https://example.com/news. Not javascript:alert(1) nor <script>alert(2)</script>");

  const chatLink = ben.page.getByRole("link", { name: /Ana Tester/ });
  // The list's preview is plain text, without the markers.
  await expect(chatLink).toContainText("Big news today: see https://example.com/news.");
  await chatLink.click();
  const message = messages(ben.page).filter({ hasText: "Big news" });
  await expect(message.locator("strong")).toHaveText("Big news");
  await expect(message.locator("em")).toHaveText("today");
  await expect(message).toContainText("<script>alert(2)</script>");
  const links = message.getByRole("link");
  await expect(links).toHaveCount(1);
  await expect(links).toHaveText("https://example.com/news");
  await expect(links).toHaveAttribute("href", "https://example.com/news");
  await expect(links).toHaveAttribute("target", "_blank");
  await expect(links).toHaveAttribute("rel", "noopener noreferrer");
  await expect(message).toContainText("Not javascript:alert(1) nor");

  // Ctrl+B in the composer makes the selection bold; Ben's reply arrives bold for Ana.
  const box = ben.page.getByRole("textbox", { name: "Message" });
  await box.fill("agreed");
  await box.press("ControlOrMeta+a");
  await box.press("ControlOrMeta+b");
  await expect(box).toHaveValue("**agreed**");
  await box.press("Enter");
  await expect(messages(ana.page).filter({ hasText: "agreed" }).locator("strong")).toHaveText("agreed");

  // A search hit's snippet is plain text too, its matches marked.
  const search = ben.page.getByRole("combobox", { name: "Search" });
  await search.fill("news");
  const hit = ben.page.getByRole("listbox", { name: "Messages" }).getByRole("option").first();
  await expect(hit).toContainText("Big news today: see https://example.com/news.");
  await expect(hit.locator("mark").first()).toHaveText("news");
  await search.press("Escape");
  await expect(search).toHaveValue("");
});
