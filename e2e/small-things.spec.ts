// Small things a person notices: the dashboard counts the admin reading it, the list header
// leaves room for the name, and a conversation reopens where it was read.
import type { Browser, Page } from "@playwright/test";
import { apiAs, sendAll } from "./api";
import { expect, newPerson, test } from "./fixtures";

async function signInAsAdmin(browser: Browser, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext(viewport ? { viewport } : {})).newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill("relay_admin");
  await page.getByLabel("Password").fill("e2e-admin-password");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/chats$/);
  return page;
}

test("the admin reading the dashboard is a live connection and online", async ({ browser }) => {
  const admin = await signInAsAdmin(browser);
  await admin.getByRole("link", { name: "Admin dashboard" }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  await expect(admin.getByTestId("stat-live-connections")).toHaveText(/^[1-9]/);

  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("button", { name: "Users" }).click();
  await admin.getByRole("searchbox", { name: /Search users/ }).fill("relay_admin");
  await expect(admin.getByTestId("user-row-relay_admin").getByText("Online", { exact: true })).toBeVisible();
  await admin.context().close();
});

test("the chat list header shows the admin's whole name beside its icons, on a laptop and a phone", async ({ browser }) => {
  for (const viewport of [
    { width: 800, height: 700 },
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    const page = await signInAsAdmin(browser, viewport);
    const name = page.getByRole("link", { name: "Your profile" }).getByText("Relay Admin");
    await expect(name).toBeVisible();
    expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth), `at ${viewport.width}px`).toBe(true);
    for (const control of ["New group", "Help", "Sign out"]) await expect(page.getByRole("button", { name: control })).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin dashboard" })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`header-${viewport.width}.png`) });
    await page.context().close();
  }
});

test("a reload reopens the conversation where I was reading, and at the newest when I was there", async ({ browser, baseURL }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const [anaApi, benApi] = await Promise.all([apiAs(baseURL!, ana), apiAs(baseURL!, ben)]);
  const chatId = (await anaApi.chats.openDirect.mutate({ userId: (await benApi.auth.me.query()).id })).id;
  // Two pages and more: the place read is older than the newest page a chat opens with.
  const sent = (await sendAll(anaApi, chatId, Array.from({ length: 130 }, (_, i) => `Line ${i + 1}`))).sort((a, b) => a.seq - b.seq);
  // Read already: the chat opens at its newest (unread, it would open at the first of them).
  await benApi.messages.markRead.mutate({ chatId });
  const page = ben.page;
  await page.goto(`/chats/${chatId}`);
  const newest = page.locator(`li[data-message-id="${sent.at(-1)!.id}"]`);
  await expect(newest).toBeInViewport();

  const read = page.locator(`li[data-message-id="${sent[30]!.id}"]`);
  const box = (await page.getByTestId("history-scroller").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(async () => {
    await page.mouse.wheel(0, -300);
    await expect(read).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 60_000 });
  // Settled where the reader stopped: that is what is kept.
  await page.waitForTimeout(500);
  const before = (await read.boundingBox())!.y;

  await page.reload();
  await expect(read).toBeInViewport();
  await expect.poll(async () => Math.abs((await read.boundingBox())!.y - before)).toBeLessThan(3);
  await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));

  // Back at the newest (the window reaches it), a reload opens at the newest.
  await page.getByTestId("jump-to-newest").click();
  await expect(newest).toBeInViewport();
  await page.waitForTimeout(500);
  await page.reload();
  await expect(newest).toBeInViewport();
  await expect.poll(() => page.getByTestId("history-scroller").evaluate((el) => el.scrollTop)).toBeGreaterThan(-16);
  await ben.page.context().close();
  await ana.page.context().close();
});
