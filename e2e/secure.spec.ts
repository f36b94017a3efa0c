// End-to-end encrypted direct chats in the browser: both people set up by "Always secure",
// messages each way shown with a lock, the same safety number on both screens, and a second
// browser of one person that reads what is sent after it was set up, and only that, while the
// other person is told that the keys changed.
import type { Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, sendMessage, signInElsewhere, test } from "./fixtures";

const lockOf = (page: Page) => page.getByRole("button", { name: "Encrypt end-to-end" });

/** The lock is on and this browser's keys are registered. */
async function expectLockReady(page: Page) {
  await expect(lockOf(page)).toHaveAttribute("aria-pressed", "true");
  await expect(lockOf(page)).toHaveAttribute("title", "End-to-end encryption is on");
}

async function safetyNumberOf(page: Page, peerName: string): Promise<string> {
  await page.getByRole("main").getByRole("button", { name: peerName, exact: true }).click();
  await page.getByTestId("chat-info").getByRole("button", { name: "Verify safety number" }).click();
  const dialog = page.getByRole("dialog", { name: "Verify safety number" });
  const digits = dialog.getByTestId("safety-number");
  await expect(digits).toHaveText(/^(\d{5}){12}$/);
  await expect(dialog.getByRole("img", { name: "QR code of the safety number" })).toBeVisible();
  const number = (await digits.getAttribute("aria-label"))?.replace("Safety number: ", "") ?? "";
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("chat-info")).toHaveCount(0);
  return number;
}

const secureBubble = (page: Page, text: string) => messages(page).filter({ has: page.getByTestId("secure-body").filter({ hasText: text }) });

test("secure messages both ways, one safety number, and a new device reads only what came after it", async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await newPerson(browser, "Alice");
  const bob = await newPerson(browser, "Bob");
  await openChatWith(alice, bob);
  await sendMessage(alice, "Plain hello");
  await bob.page.getByRole("link", { name: /Alice Tester/ }).click();
  await expect(messages(bob.page).filter({ hasText: "Plain hello" })).toBeVisible();

  // Alice makes the chat always secure: both locks turn on and both browsers set up their keys.
  await expect(lockOf(alice.page)).toHaveAttribute("aria-pressed", "false");
  await alice.page.getByRole("main").getByRole("button", { name: "Bob Tester", exact: true }).click();
  await alice.page.getByTestId("chat-info").getByRole("switch", { name: /Always secure/ }).check();
  await alice.page.keyboard.press("Escape");
  await expectLockReady(alice.page);
  await expectLockReady(bob.page);

  await sendMessage(alice, "Secret from Alice");
  await sendMessage(bob, "Secret from Bob");
  for (const person of [alice, bob]) {
    for (const text of ["Secret from Alice", "Secret from Bob"]) {
      await expect(secureBubble(person.page, text).getByTestId("secure-lock")).toBeVisible();
    }
  }
  // Edit and forward are not offered for a secure message.
  await secureBubble(alice.page, "Secret from Alice").click({ button: "right" });
  const menu = alice.page.getByRole("menu", { name: "Message actions" });
  await expect(menu.getByRole("menuitem", { name: "Reply" })).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
  await expect(menu.getByRole("menuitem", { name: "Forward" })).toHaveCount(0);
  await alice.page.keyboard.press("Escape");

  // The chat list shows no text of it.
  await expect(bob.page.getByRole("link", { name: /Alice Tester/ })).toContainText("Encrypted message");
  await expect(bob.page.getByRole("link", { name: /Alice Tester/ })).not.toContainText("Secret");

  // Both screens show the same 60 digits.
  const aliceNumber = await safetyNumberOf(alice.page, "Bob Tester");
  const bobNumber = await safetyNumberOf(bob.page, "Alice Tester");
  expect(aliceNumber).toMatch(/^\d{5}( \d{5}){11}$/);
  expect(bobNumber).toBe(aliceNumber);

  // Alice's second browser: set up now, so the older messages were not sealed for it.
  const tablet = { ...alice, page: await signInElsewhere(browser, alice) };
  await tablet.page.getByRole("link", { name: /Bob Tester/ }).click();
  await expectLockReady(tablet.page);
  for (const text of ["Secret from Alice", "Secret from Bob"]) {
    await expect(messages(tablet.page).filter({ hasText: text })).toHaveCount(0);
  }
  const before = tablet.page.getByTestId("secure-body").filter({ hasText: "Sent before this device was set up" });
  await expect(before).toHaveCount(2);

  // Bob is told, and is not stopped from sending: the new message is sealed for the tablet too.
  await expect(bob.page.getByTestId("key-change-notice")).toHaveText(/Alice Tester's security keys changed\. Verify the safety number\./);
  await sendMessage(bob, "After the tablet");
  await expect(secureBubble(tablet.page, "After the tablet").getByTestId("secure-lock")).toBeVisible();
  await expect(secureBubble(alice.page, "After the tablet")).toBeVisible();
  await expect(before).toHaveCount(2);

  // The number changed with Alice's devices, on both sides alike.
  const bobAfter = await safetyNumberOf(bob.page, "Alice Tester");
  expect(bobAfter).not.toBe(bobNumber);
  expect(await safetyNumberOf(tablet.page, "Bob Tester")).toBe(bobAfter);
});
