import type { Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { expect, newPerson, test } from "./fixtures";

// Relay as an installed app: the manifest, the service worker, the offline shell, and the
// switch that subscribes this browser to Web Push. Delivery itself (encrypted pushes to a push
// service) is covered on the server (src/server/services/push/notify.test.ts): headless
// Chromium here has no push service to subscribe with.

/** Resolves once the service worker controls the page (it claims open pages on activation). */
async function controlledByServiceWorker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
    return registration.active!.scriptURL;
  });
}

/**
 * Stands in for the browser's push service: PushManager hands out a fixed subscription (kept
 * for the tab's session, as a real one is kept), so the page's own code runs unchanged.
 */
const FAKE_ENDPOINT = "https://push.example.com/send/e2e-browser";
function fakePushService() {
  const endpoint = "https://push.example.com/send/e2e-browser";
  const key = "stored-push-subscription";
  const subscription = () => ({
    endpoint,
    options: { applicationServerKey: null as ArrayBuffer | null, userVisibleOnly: true },
    toJSON: () => ({ endpoint, keys: { p256dh: "BC4zWdN7jz1SpqoUVYNHF1X9dDUkUROupG6izm95Q1j2rvHD9ZEsLkmtcgvSWtrgq15zBo8490D7OmaYSaldVNc", auth: "c2VjcmV0LWF1dGgtMTIzNA" } }),
    unsubscribe: async () => {
      sessionStorage.removeItem(key);
      return true;
    },
  });
  PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
    sessionStorage.setItem(key, "yes");
    const made = subscription();
    made.options.applicationServerKey = (options?.applicationServerKey as Uint8Array<ArrayBuffer>).buffer;
    sessionStorage.setItem(`${key}:server-key`, JSON.stringify([...new Uint8Array(made.options.applicationServerKey)]));
    return made as unknown as PushSubscription;
  };
  PushManager.prototype.getSubscription = async function () {
    if (!sessionStorage.getItem(key)) return null;
    const made = subscription();
    made.options.applicationServerKey = new Uint8Array(JSON.parse(sessionStorage.getItem(`${key}:server-key`)!) as number[]).buffer;
    return made as unknown as PushSubscription;
  };
}

/** axe under the light and the dark colour scheme (Relay's theme follows the system's by default). */
async function accessibleInBothSchemes(page: Page, label: string, { themed = true } = {}) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Relay's pages switch with a class on <html>; the offline shell only has its media query.
    if (themed) await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    await expectNoSeriousViolations(page, `${label}, ${colorScheme}`);
  }
}

/** Asks the server to drop this browser's subscription itself: 200 if it had one, 404 if not. */
function unsubscribeOnServer(page: Page, endpoint: string): Promise<number> {
  return page.evaluate(async (endpoint) => {
    const response = await fetch("/api/trpc/push.unsubscribe", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { endpoint } }),
    });
    return response.status;
  }, endpoint);
}

test("Relay installs as an app: a linked manifest with icons, a service worker, an offline shell", async ({ page }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const manifest = await page.request.get(href!);
  expect(manifest.ok()).toBe(true);
  const body = (await manifest.json()) as { name: string; short_name: string; start_url: string; display: string; icons: { src: string; sizes: string }[] };
  expect(body).toMatchObject({ name: "Relay", short_name: "Relay", start_url: "/chats", display: "standalone" });
  expect(body.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of body.icons) {
    const image = await page.request.get(icon.src);
    expect([icon.src, image.status(), image.headers()["content-type"]]).toEqual([icon.src, 200, "image/png"]);
  }

  expect(await controlledByServiceWorker(page)).toMatch(/\/sw\.js$/);

  await page.context().setOffline(true);
  await page.goto("/chats");
  await expect(page.getByRole("heading", { name: "You’re offline" })).toBeVisible();
  await expect(page.getByText("Relay can’t reach the server right now.")).toBeVisible();
  await accessibleInBothSchemes(page, "offline shell", { themed: false });
  await page.context().setOffline(false);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("the push switch subscribes this browser and stores it; off removes it in both places", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  await ana.page.context().grantPermissions(["notifications"]);
  await ana.page.context().addInitScript(fakePushService);
  await ana.page.goto("/settings/notifications");
  const toggle = ana.page.getByRole("switch", { name: "Push notifications when Relay is closed" });
  await expect(toggle).toBeEnabled();
  await expect(toggle).not.toBeChecked();

  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(ana.page.getByText("This browser gets a notification for new messages while no Relay tab is open.")).toBeVisible();
  await accessibleInBothSchemes(ana.page, "settings, push on");
  // The server had it: removing it there answers 200.
  expect(await unsubscribeOnServer(ana.page, FAKE_ENDPOINT)).toBe(200);

  // Opening Relay again hands the browser's subscription to the server again (for this session).
  await ana.page.reload();
  await expect(toggle).toBeChecked();
  await expect.poll(() => unsubscribeOnServer(ana.page, FAKE_ENDPOINT)).toBe(200);

  // Off then on stores it anew; off again removes it there too.
  for (const on of [false, true, false]) {
    await expect(toggle).toBeEnabled();
    await toggle.click();
    await (on ? expect(toggle).toBeChecked() : expect(toggle).not.toBeChecked());
  }
  await expect(toggle).toBeEnabled();
  expect(await unsubscribeOnServer(ana.page, FAKE_ENDPOINT)).toBe(404);

  // Signing out ends this browser's subscription (the server drops the session's own).
  await toggle.click();
  await expect(toggle).toBeChecked();
  await ana.page.getByRole("button", { name: "Sign out" }).click();
  await expect(ana.page).toHaveURL(/\/login/);
  expect(await ana.page.evaluate(() => sessionStorage.getItem("stored-push-subscription"))).toBeNull();
});

test("with notifications blocked, the push switch says how to allow them", async ({ browser }) => {
  const ben = await newPerson(browser, "Ben");
  await ben.page.context().clearPermissions();
  await ben.page.addInitScript(() => Object.defineProperty(Notification, "permission", { get: () => "denied" }));
  await ben.page.goto("/settings/notifications");
  const toggle = ben.page.getByRole("switch", { name: "Push notifications when Relay is closed" });
  await expect(toggle).toBeDisabled();
  await expect(ben.page.getByText(/Notifications are blocked for this site\. Allow them in your browser’s site settings \(the icon/)).toBeVisible();
  await accessibleInBothSchemes(ben.page, "settings, push blocked");
});
