import type { Page } from "@playwright/test";
import { expect, newPerson, signInElsewhere, test } from "./fixtures";

async function openDevices(page: Page) {
  await page.getByRole("link", { name: "Your profile" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Devices" }).click();
  await expect(page).toHaveURL(/\/settings\/devices$/);
  await expect(page.getByRole("heading", { name: "Devices", level: 1 })).toBeVisible();
}

test("sign out another device from Settings → Devices: it is sent to the sign-in page at once", async ({ browser }) => {
  const nadia = await newPerson(browser, "Nadia");
  const laptop = nadia.page;
  const phone = await signInElsewhere(browser, nadia);

  await openDevices(laptop);
  // Registering in the browser left one session, signing in on the phone made the other.
  await expect(laptop.getByTestId("device")).toHaveCount(2);
  const thisDevice = laptop.getByRole("region", { name: "This device" });
  const others = laptop.getByRole("region", { name: /Other devices/ });
  // Playwright's desktop Chrome says it runs on Windows.
  await expect(thisDevice).toContainText("Chrome on Windows");
  await expect(thisDevice).toContainText("Active now");
  await expect(others.getByTestId("device")).toContainText("Browser");

  await others.getByRole("button", { name: "Sign out Chrome on Windows" }).click();
  const dialog = laptop.getByRole("dialog", { name: "Sign out this device?" });
  await dialog.getByRole("button", { name: "Sign out" }).click();
  await expect(others).toContainText("No other devices are signed in.");
  await expect(laptop.getByRole("status").filter({ hasText: "That device is signed out." })).toBeVisible();

  // The phone did nothing: its socket was closed, and it went to sign in again, told why.
  await expect(phone).toHaveURL(/\/login$/);
  await expect(phone.getByRole("status").filter({ hasText: "signed out from another one" })).toBeVisible();
  await phone.goto("/chats");
  await expect(phone).toHaveURL(/\/login/);

  // The laptop is still signed in.
  await laptop.reload();
  await expect(laptop.getByTestId("device")).toHaveCount(1);
});

test("sign out all other devices, then this one from the same list", async ({ browser }) => {
  const omar = await newPerson(browser, "Omar");
  const [tablet, phone] = [await signInElsewhere(browser, omar), await signInElsewhere(browser, omar)];
  const page = omar.page;
  await openDevices(page);
  await expect(page.getByTestId("device")).toHaveCount(3);

  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  await page.getByRole("dialog", { name: "Sign out all other devices?" }).getByRole("button", { name: "Sign out all" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Signed out 2 other devices." })).toBeVisible();
  await expect(page.getByTestId("device")).toHaveCount(1);
  for (const other of [tablet, phone]) await expect(other).toHaveURL(/\/login$/);

  await page.getByRole("button", { name: "Sign out on this device" }).click();
  await page.getByRole("dialog", { name: "Sign out here?" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/chats");
  await expect(page).toHaveURL(/\/login/);
});
