import type { Page } from "@playwright/test";
import { expect, newPerson, openChatWith, sendMessage, test } from "./fixtures";

// Attention: unread in the tab's title and icon, and a notification for what arrives while
// the tab is in the background — unless turned off in Settings.

/** Records the notifications the page asks the browser for (Playwright cannot see the system's). */
const recordNotifications = () => {
  const Real = window.Notification;
  const shown: { title: string; body: string | undefined }[] = [];
  (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body });
      super(title, options);
    }
    static get permission() {
      return Real.permission;
    }
    static requestPermission = Real.requestPermission.bind(Real);
  }
  window.Notification = Recorded;
};

const shownNotifications = (page: Page) =>
  page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications);

/** The tab goes to the background (as when another tab is chosen), or comes back. */
async function setTabHidden(page: Page, hidden: boolean) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, "visibilityState", { value: hidden ? "hidden" : "visible", configurable: true });
    Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

test("unread shows in the tab; a message in the background is a notification, until turned off", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await ana.page.context().grantPermissions(["notifications"]);
  await ana.page.context().addInitScript(recordNotifications);
  await ana.page.goto("/chats");

  await openChatWith(ben, ana);
  await sendMessage(ben, "Hello Ana");
  await expect(ana.page).toHaveTitle(/^\(1\) Chats · Relay$/);
  await expect(ana.page.locator('link[rel~="icon"]').first()).toHaveAttribute("href", /^data:image\/svg\+xml,/);
  // In the foreground, the list shows it: no notification.
  expect(await shownNotifications(ana.page)).toEqual([]);

  await setTabHidden(ana.page, true);
  await sendMessage(ben, "Are you there?");
  await expect(ana.page).toHaveTitle(/^\(2\) /);
  await expect.poll(() => shownNotifications(ana.page)).toEqual([{ title: "Ben Tester", body: "Are you there?" }]);

  // Back in the tab, she reads the chat: the count goes.
  await setTabHidden(ana.page, false);
  await ana.page.getByRole("navigation", { name: "Chat list" }).getByRole("link", { name: /Ben Tester/ }).click();
  await expect(ana.page).not.toHaveTitle(/^\(\d+\)/);

  // Turned off in Settings → Notifications: nothing shows, in the background or not.
  await ana.page.goto("/settings/notifications");
  await expect(ana.page.getByText("This browser allows Relay’s notifications.")).toBeVisible();
  const toggle = ana.page.getByRole("switch", { name: "Show notifications" });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await setTabHidden(ana.page, true);
  await sendMessage(ben, "Never mind");
  await expect(ana.page).toHaveTitle(/^\(1\) Notifications · Relay$/);
  expect(await shownNotifications(ana.page)).toEqual([]);
});

test("the offer to turn notifications on waits for a chat, and Not now puts it away for good", async ({ browser }) => {
  const cy = await newPerson(browser, "Cy");
  const dee = await newPerson(browser, "Dee");
  // Not yet asked (the fixture's context answers for the camera and microphone only).
  await cy.page.context().clearPermissions();
  const offer = cy.page.getByRole("region", { name: "Notifications" });
  await expect(cy.page.getByText("No chats yet")).toBeVisible();
  await expect(offer).toHaveCount(0);

  await openChatWith(dee, cy);
  await sendMessage(dee, "Hi Cy");
  await expect(offer).toBeVisible();
  await expect(offer.getByRole("button", { name: "Turn on" })).toBeVisible();
  await offer.getByRole("button", { name: "Not now" }).click();
  await expect(offer).toHaveCount(0);
  await cy.page.reload();
  await expect(cy.page.getByRole("navigation", { name: "Chat list" })).toBeVisible();
  await expect(offer).toHaveCount(0);
});
