// Disappearing messages: one person turns on a 30-second timer from the chat's info, both see
// it in the header, a message sent then shows its time left on both sides, and it vanishes
// from both when its time is up (the server deletes it and tells each of them).
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("a message sent under a 30 s timer shows its time left and vanishes on both sides", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Before the timer");
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(ben.page).filter({ hasText: "Before the timer" })).toBeVisible();

  // Ana opens the chat's info from the header and picks 30 seconds, by keyboard.
  await ana.page.getByRole("main").getByRole("button", { name: "Ben Tester", exact: true }).click();
  const info = ana.page.getByTestId("chat-info");
  await expect(info).toBeVisible();
  const timer = info.getByTestId("disappearing-select");
  await expect(timer).toHaveValue("off");
  await timer.focus();
  await timer.selectOption("30");
  await expect(timer).toHaveValue("30");
  for (const person of [ana, ben]) {
    await expect(person.page.getByTestId("disappearing-badge")).toHaveAccessibleName(/30 seconds/);
    await expect(messages(person.page).filter({ hasText: "Ana Tester set disappearing messages to 30 seconds" })).toBeVisible();
  }
  await ana.page.keyboard.press("Escape");
  await expect(info).toHaveCount(0);

  await sendMessage(ana, "This will self-destruct");
  const sent = messages(ana.page).filter({ hasText: "This will self-destruct" });
  const received = messages(ben.page).filter({ hasText: "This will self-destruct" });
  for (const bubble of [sent, received]) {
    await expect(bubble).toBeVisible();
    await expect(bubble.getByTestId("expiry-countdown")).toHaveText(/^(30|29|28|27|26|25)s/);
  }
  // The countdown moves.
  await expect(received.getByTestId("expiry-countdown")).toHaveText(/^(1\d|2[0-4])s/, { timeout: 15_000 });

  // Gone from both, live; the message before the timer stays.
  await expect(sent).toHaveCount(0, { timeout: 40_000 });
  await expect(received).toHaveCount(0, { timeout: 10_000 });
  await expect(messages(ben.page).filter({ hasText: "Before the timer" })).toBeVisible();
  // And it stays gone after a reload.
  await ben.page.reload();
  await expect(messages(ben.page).filter({ hasText: "Before the timer" })).toBeVisible();
  await expect(messages(ben.page).filter({ hasText: "This will self-destruct" })).toHaveCount(0);
});
