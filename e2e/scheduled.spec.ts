// Scheduled messages: the author schedules one, the other person sees nothing of it until its
// time, and then it arrives live. (The e2e server takes schedules a few seconds ahead and
// looks for due ones twice a second: see playwright.config.ts.)
import type { Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

/** Schedules what is in the composer for `seconds` from now, through the custom time. */
async function scheduleIn(page: Page, seconds: number) {
  await page.getByRole("button", { name: "Schedule message" }).click();
  const dialog = page.getByRole("dialog", { name: "Schedule message" });
  await expect(dialog.getByRole("button", { name: /In 1 hour/ })).toBeVisible();
  const at = await page.evaluate((ahead) => {
    const date = new Date(Date.now() + ahead * 1000);
    // Chromium writes a time on the minute without its ":00", which fill() would call malformed.
    if (date.getSeconds() === 0) date.setSeconds(1);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }, seconds);
  await dialog.getByLabel("Custom time").fill(at);
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test("a scheduled message stays with its author until its time, then arrives for the other person", async ({ browser }) => {
  test.setTimeout(90_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Something is coming");
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(ben.page).filter({ hasText: "Something is coming" })).toBeVisible();

  // One to cancel, from the list, before its time.
  const box = ana.page.getByRole("textbox", { name: "Message" });
  await box.fill("Never mind this one");
  await scheduleIn(ana.page, 3600);
  await expect(box).toHaveValue("");
  await expect(ana.page.getByTestId("scheduled-bar")).toContainText("Scheduled (1)");

  await box.fill("Surprise!");
  await scheduleIn(ana.page, 20);
  await expect(ana.page.getByTestId("scheduled-bar")).toContainText("Scheduled (2)");
  // Not in Ana's chat either: only in her scheduled list.
  await expect(messages(ana.page).filter({ hasText: "Surprise!" })).toHaveCount(0);

  await ana.page.getByTestId("scheduled-bar").click();
  const list = ana.page.getByRole("dialog", { name: "Scheduled messages" });
  const items = list.getByTestId("scheduled-item");
  // Soonest first.
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText("Surprise!");
  await items.filter({ hasText: "Never mind this one" }).getByRole("button", { name: "Cancel" }).click();
  await expect(items).toHaveCount(1);
  await list.getByRole("button", { name: "Close" }).click();
  await expect(ana.page.getByTestId("scheduled-bar")).toContainText("Scheduled (1)");

  // Before its time Ben has nothing new.
  await expect(messages(ben.page).filter({ hasText: "Surprise!" })).toHaveCount(0);

  // At its time it arrives for Ben, live, marked as scheduled, and leaves Ana's list.
  const arrived = messages(ben.page).filter({ hasText: "Surprise!" });
  await expect(arrived).toBeVisible({ timeout: 40_000 });
  await expect(arrived.getByTestId("scheduled-label")).toHaveText("scheduled");
  await expect(messages(ana.page).filter({ hasText: "Surprise!" })).toBeVisible();
  await expect(ana.page.getByTestId("scheduled-bar")).toHaveCount(0);
  await expect(messages(ben.page).filter({ hasText: "Never mind this one" })).toHaveCount(0);
});
