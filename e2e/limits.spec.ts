// Sending faster than the per-user budget: the message past it stays on screen, with its text,
// the wait counting down, and Retry that sends it once the wait is over.
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("a message sent past the budget shows when to try again, keeps its text and sends on Retry", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  // The journeys' budget is 12 sends per 10 s (playwright.config.ts); send until one is
  // refused (a slow machine may need more).
  const refusal = ana.page.getByRole("alert").filter({ hasText: /Too many messages — try again in \d+ s/ });
  let sent = 0;
  while ((await refusal.count()) === 0 && sent < 90) {
    for (let i = 0; i < 10; i++) await sendMessage(ana, `quick ${++sent}`);
    await ana.page.waitForTimeout(300); // the refusals come back from the server
  }
  const first = messages(ana.page).filter({ has: refusal }).first();
  await expect(first).toContainText(/quick \d+/);
  const text = new RegExp(`${(await first.textContent())?.match(/quick \d+/)?.[0]}(?!\\d)`);
  const refused = messages(ana.page).filter({ hasText: text });

  // The wait runs out; Retry then sends it, and Ben gets it.
  await expect(refused.getByRole("alert")).toHaveText("Not sent — you can retry now", { timeout: 15_000 });
  await refused.getByRole("button", { name: "Retry" }).click();
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(ben.page).filter({ hasText: text })).toBeVisible();
});
