// The admin dashboard: the configured admin signs in, reads the totals, bans someone who is
// chatting (their browser is signed out and told why), and resolves a report by deleting the
// message, which disappears live for the chat's members.
import type { Browser, Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

async function signInAsAdmin(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill("relay_admin");
  await page.getByLabel("Password").fill("e2e-admin-password");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/chats$/);
  await page.getByRole("link", { name: "Admin dashboard" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Relay admin" })).toBeVisible();
  return page;
}

test("the admin sees the totals and bans someone mid-chat: their browser signs out and says why", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const bo = await newPerson(browser, "Bo");
  await openChatWith(ana, bo);
  await sendMessage(ana, "Hi Bo, are you there?");
  await openChatWith(bo, ana);
  await expect(messages(bo.page).filter({ hasText: "Hi Bo, are you there?" })).toBeVisible();

  // The dashboard is the admin's alone.
  await ana.page.goto("/admin");
  await expect(ana.page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(ana.page.getByRole("link", { name: "Admin dashboard" })).toHaveCount(0);

  const admin = await signInAsAdmin(browser);
  await expect(admin.getByTestId("stat-users")).toHaveText(/^\d[\d,]*$/);
  await expect(admin.getByTestId("stat-messages")).toHaveText(/^[1-9][\d,]*$/);
  await expect(admin.getByRole("img", { name: /Messages per day/ })).toBeVisible();

  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Users" }).click();
  await admin.getByRole("searchbox", { name: /Search users/ }).fill(bo.username);
  const row = admin.getByTestId(`user-row-${bo.username}`);
  await row.getByRole("button", { name: `Ban @${bo.username}` }).click();
  const dialog = admin.getByRole("dialog", { name: `Ban @${bo.username}` });
  await dialog.getByLabel("Reason").fill("Spamming every group");
  await dialog.getByRole("button", { name: "Ban", exact: true }).click();
  await expect(row.getByText("Banned", { exact: true })).toBeVisible();

  // Bo's open chat: signed out at once, with the reason.
  await expect(bo.page).toHaveURL(/\/banned$/);
  await expect(bo.page.getByRole("heading", { name: "You have been signed out" })).toBeVisible();
  await expect(bo.page.getByText("This account has been banned by an admin. Reason: Spamming every group")).toBeVisible();
  await bo.page.getByRole("link", { name: "Back to sign in" }).click();
  await bo.page.getByLabel("Username").fill(bo.username);
  await bo.page.getByLabel("Password").fill(bo.password);
  await bo.page.getByRole("button", { name: /sign in/i }).click();
  await expect(bo.page.getByText("This account has been banned by an admin. Reason: Spamming every group")).toBeVisible();
  await expect(bo.page).toHaveURL(/\/login/);

  // The audit log says who did it and why.
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Audit log" }).click();
  const entry = admin.getByRole("row").filter({ hasText: `@${bo.username}` }).first();
  await expect(entry).toContainText("Banned");
  await expect(entry).toContainText("Spamming every group");
  await expect(entry).toContainText("@relay_admin");
});

test("a report resolved by deleting the message: it disappears live for the chat's members", async ({ browser }) => {
  const cal = await newPerson(browser, "Cal");
  const dee = await newPerson(browser, "Dee");
  await openChatWith(cal, dee);
  const spam = `Cheap followers at spam.example ${cal.username}`;
  await sendMessage(cal, spam);
  await openChatWith(dee, cal);
  await messages(dee.page).filter({ hasText: spam }).first().click({ button: "right" });
  await dee.page.getByRole("menu", { name: "Message actions" }).getByRole("menuitem", { name: "Report" }).click();
  const reportDialog = dee.page.getByRole("dialog", { name: "Report message" });
  await reportDialog.getByLabel("Reason").fill("Spam");
  await reportDialog.getByRole("button", { name: "Report" }).click();
  await expect(reportDialog).toBeHidden();

  const admin = await signInAsAdmin(browser);
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Reports" }).click();
  const item = admin.getByTestId("report-item").filter({ hasText: spam });
  await expect(item.getByRole("cell", { name: "Spam", exact: true })).toBeVisible();
  await expect(item.getByRole("listitem").filter({ hasText: spam })).toHaveAttribute("aria-current", "true");
  await item.getByRole("button", { name: "Delete message" }).click();
  const dialog = admin.getByRole("dialog", { name: "Delete the message" });
  await dialog.getByLabel(/Note/).fill("Advertising");
  await dialog.getByRole("button", { name: "Delete message" }).click();
  await expect(admin.getByText("No open reports. Nothing waits for you.")).toBeVisible();

  for (const person of [cal, dee]) {
    await expect(messages(person.page).filter({ hasText: spam })).toHaveCount(0);
    await expect(person.page.getByTestId("deleted-message")).toHaveCount(1);
  }

  await admin.getByRole("group", { name: "Which reports" }).getByRole("button", { name: "Resolved" }).click();
  await expect(admin.getByTestId("report-item").filter({ hasText: spam })).toContainText("Message deleted by");
});
