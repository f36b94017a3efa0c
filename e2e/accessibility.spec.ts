// Every page a person sees, in the light theme and the dark, passes axe's WCAG 2 A/AA rules
// with no serious or critical finding: contrast, names, roles, and the structure under them.
import type { Page } from "@playwright/test";
import { apiAs } from "./api";
import { expectNoSeriousViolations } from "./axe";
import { expect, messages, newPerson, openChatId, openChatWith, sendMessage, SIGN_IN_TIMEOUT, test } from "./fixtures";
import { png } from "../src/server/testing/sample-files";

/** The theme follows the system's ("system" is the default): the check runs under each. */
async function inBothThemes(page: Page, label: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const html = page.locator("html");
    await (scheme === "dark" ? expect(html).toHaveClass(/\bdark\b/) : expect(html).not.toHaveClass(/\bdark\b/));
    await expectNoSeriousViolations(page, `${label}, ${scheme}`);
  }
}

test("signing in, registering and the API reference", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await inBothThemes(page, "sign in");
  // A refused sign-in shows its error, which must be as readable as the form.
  await page.getByLabel("Username").fill("nobody_here");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).not.toBeEmpty({ timeout: SIGN_IN_TIMEOUT });
  await inBothThemes(page, "sign in, refused");

  await page.goto("/register");
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
  await inBothThemes(page, "register");

  await page.goto("/banned");
  await inBothThemes(page, "signed out notice");

  // Swagger UI has one theme of its own.
  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: /Relay/ }).first()).toBeVisible();
  await expectNoSeriousViolations(page, "API reference");
});

test("the chat list, a conversation, its panels, menus and pickers, and settings", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const ana = await newPerson(browser, "Ana");
  const page = ana.page;
  await expect(page.getByText("No chats yet")).toBeVisible();
  await inBothThemes(page, "chat list, empty");

  await page.getByRole("button", { name: "New group" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await inBothThemes(page, "new group dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const ben = await newPerson(browser, "Ben");
  await page.getByRole("combobox", { name: "Search" }).fill(ben.username);
  await expect(page.getByRole("listbox", { name: "People" }).getByRole("option")).toHaveCount(1);
  await inBothThemes(page, "search, people found");
  await page.getByRole("combobox", { name: "Search" }).fill("");
  await openChatWith(ana, ben);

  // A conversation with text, a picture, a reply and a reaction.
  await sendMessage(ana, "Lunch at noon?");
  await page.getByTestId("attach-input").setInputFiles({ name: "sunset.png", mimeType: "image/png", buffer: await png(320, 200) });
  await expect(page.getByTestId("tray-item")).toHaveAttribute("data-status", "done");
  await sendMessage(ana, "The view from here");
  await expect(messages(page).filter({ hasText: "The view from here" })).toHaveAttribute("data-message-id", /.+/);

  // Ben opens it where his unread begins, under the "New messages" line.
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(ben.page.getByRole("separator", { name: "New messages" })).toBeVisible();
  await expect(messages(ben.page).filter({ hasText: "The view from here" }).getByTestId("attachment-image")).toBeVisible();
  await inBothThemes(ben.page, "conversation, unread");

  const chatId = openChatId(ana);
  const benApi = await apiAs(baseURL!, ben);
  const history = await benApi.messages.list.query({ chatId });
  const question = history.items.find((m) => m.content === "Lunch at noon?")!;
  await benApi.reactions.add.mutate({ messageId: question.id, emoji: "👍" });
  await benApi.messages.send.mutate({ chatId, content: "Yes, the usual place", replyToId: question.id });
  await expect(messages(page).filter({ hasText: "Yes, the usual place" }).getByTestId("reply-quote")).toBeVisible();
  await expect(messages(page).filter({ hasText: "Lunch at noon?" }).first().getByTestId("reaction-chip")).toBeVisible();
  await inBothThemes(page, "conversation");

  await messages(page).filter({ hasText: "Lunch at noon?" }).first().click({ button: "right" });
  await expect(page.getByRole("menu", { name: "Message actions" })).toBeVisible();
  await inBothThemes(page, "message menu");
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Emoji and stickers" }).click();
  const picker = page.getByRole("dialog", { name: "Emoji and stickers" });
  await expect(picker.getByRole("gridcell").first()).toBeVisible();
  await inBothThemes(page, "emoji picker");
  await page.keyboard.press("Escape");
  await expect(picker).toHaveCount(0);

  await page.getByRole("heading", { level: 1 }).getByRole("button").click();
  await expect(page.getByRole("complementary", { name: "Chat info" })).toBeVisible();
  await inBothThemes(page, "chat info");
  await page.keyboard.press("Escape");

  await page.keyboard.press("ControlOrMeta+k");
  await expect(page.getByRole("dialog", { name: "Go to chat" }).getByRole("option")).toHaveCount(1);
  await inBothThemes(page, "chat switcher");
  await page.keyboard.press("Escape");

  await page.goto("/chats");
  await expect(page.getByRole("navigation", { name: "Chat list" }).getByRole("link")).toHaveCount(1);
  await inBothThemes(page, "chat list");
  await page.getByRole("combobox", { name: "Search" }).fill("usual");
  await expect(page.getByTestId("message-hit").filter({ hasText: "usual place" })).toBeVisible();
  await inBothThemes(page, "search, messages found");

  for (const section of ["profile", "devices", "notifications"]) {
    await page.goto(`/settings/${section}`);
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: new RegExp(section, "i") })).toHaveAttribute(
      "aria-current",
      "page",
    );
    // The push switch has found out where this browser stands (on, off, blocked, unsupported).
    if (section === "notifications") await expect(page.getByRole("switch", { name: "Push notifications when Relay is closed" })).not.toHaveAttribute("aria-busy");
    await inBothThemes(page, `settings, ${section}`);
  }

  await page.goto("/music");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await inBothThemes(page, "music");
});

test("the admin dashboard, each section", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("relay_admin");
  await page.getByLabel("Password").fill("e2e-admin-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/chats$/, { timeout: SIGN_IN_TIMEOUT });
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Relay admin" })).toBeVisible();
  const sections = page.getByRole("navigation", { name: "Admin sections" });
  for (const section of ["Overview", "Users", "Messages", "Reports", "Reactions", "Audit log"]) {
    await sections.getByRole("button", { name: section }).click();
    await expect(page.getByRole("heading", { level: 2, name: section })).toBeAttached();
    // Spinners gone: what is checked is the section, not its loading state.
    await expect(page.locator(".animate-spin")).toHaveCount(0);
    await inBothThemes(page, `admin, ${section}`);
  }
});
