import { randomBytes } from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";

/**
 * Registering or signing in hashes a password on a server that, late in a run, is also
 * working through the earlier journeys' thousands of messages: give it longer than a click.
 */
export const SIGN_IN_TIMEOUT = 30_000;

export type Person = { page: Page; username: string; firstName: string; lastName: string; password: string };

/**
 * Opens a fresh browser context (its own cookies) and registers a new person in it. Camera and
 * microphone are granted: Chromium feeds them from its fake devices (see playwright.config.ts).
 */
export async function newPerson(browser: Browser, firstName: string): Promise<Person> {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  const person = {
    page,
    username: `${firstName.toLowerCase()}_${randomBytes(3).toString("hex")}`,
    firstName,
    lastName: "Tester",
    password: "correct horse",
  };
  await page.goto("/register");
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("First name").fill(person.firstName);
  await page.getByLabel("Last name").fill(person.lastName);
  await page.getByLabel("Age").fill("30");
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/chats$/, { timeout: SIGN_IN_TIMEOUT });
  return person;
}

/** From the chat list, finds someone by username (names repeat across tests) and opens the direct chat. */
export async function openChatWith(me: Person, other: Person) {
  await me.page.getByRole("combobox", { name: "Search" }).fill(other.username);
  await me.page
    .getByRole("listbox", { name: "People" })
    .getByRole("option", { name: new RegExp(`${other.firstName} ${other.lastName}.*@${other.username}`) })
    .click();
  await expect(me.page).toHaveURL(/\/chats\/[^/]+$/);
  await expect(me.page.getByRole("heading", { name: `${other.firstName} ${other.lastName}` })).toBeVisible();
}

/** Signs `person` in once more, in a browser context of its own (another device); its live socket is open on return. */
export async function signInElsewhere(browser: Browser, person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  const socket = page.waitForEvent("websocket", (ws) => new URL(ws.url()).pathname === "/ws");
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/chats$/, { timeout: SIGN_IN_TIMEOUT });
  await socket;
  return page;
}

export async function sendMessage(person: Person, text: string) {
  const box = person.page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** The chat open in the person's page, from its address. */
export function openChatId(person: Person): string {
  const id = /\/chats\/([^/?#]+)/.exec(person.page.url())?.[1];
  if (!id) throw new Error(`No chat is open at ${person.page.url()}`);
  return id;
}

export function messages(page: Page) {
  return page.getByTestId("message");
}

/**
 * Every browser context a journey opens (each person, each other device) closes when the
 * journey ends; those opened in a `beforeAll` are left to the file that shares them. Left open,
 * the pages of earlier journeys stayed live for the rest of the run, their sockets, timers and
 * redraws slowing every later journey (late in a run: 145 browser processes on 2 cores).
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close()));
    },
    { auto: true },
  ],
});
export { expect };
