import type { Locator, Page } from "@playwright/test";
import { apiAs, sendAll } from "./api";
import { expect, messages, newPerson, sendMessage, test, type Person } from "./fixtures";

// A chat with a long past: opened at a message 50 pages back (by its address, a quote or a
// pin), paged both ways, and back to the live history — where nothing that arrived meanwhile
// is lost, and nothing moves what is being read.

/** The browser's history page: messages.list's default. */
const PAGE = 50;
const NOTES = 51 * PAGE;

type Sent = { id: string; seq: number; content: string };
let ana: Person;
let ben: Person;
let chatId: string;
const notes: Sent[] = [];
let reply: Sent;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  ana = await newPerson(browser, "Ana");
  ben = await newPerson(browser, "Ben");
  const [anaApi, benApi] = await Promise.all([apiAs(baseURL!, ana), apiAs(baseURL!, ben)]);
  const benId = (await benApi.auth.me.query()).id;
  chatId = (await anaApi.chats.openDirect.mutate({ userId: benId })).id;
  await ana.page.context().addInitScript(recordHighlights);
  // Off the live chat list while the past is written: 2,551 messages arriving live would keep
  // both browsers and the server busy redrawing the list long after (every test opens its page).
  await Promise.all([ana.page.goto("about:blank"), ben.page.goto("about:blank")]);
  // A page at a time, in one request each; the chat's order is what the server made of it.
  notes.push(...(await sendAll(anaApi, chatId, Array.from({ length: NOTES }, (_, i) => `Note ${i + 1}`))));
  notes.sort((a, b) => a.seq - b.seq);
  await benApi.messages.pin.mutate({ messageId: notes[1]!.id, pinned: true });
  // The newest message answers one of the first.
  reply = await benApi.messages.send.mutate({ chatId, content: "About that first plan: yes", replyToId: notes[4]!.id });
});

test.afterAll(() => Promise.all([ana?.page.context().close(), ben?.page.context().close()]));

const rowOf = (page: Page, message: Sent) => page.locator(`li[data-message-id="${message.id}"]`);

/**
 * Turns the mouse wheel over the history (up: -1, down: 1) until `target` is on screen, in
 * steps shorter than the screen so that nothing is skipped.
 */
async function scrollUntil(page: Page, direction: -1 | 1, target: Locator) {
  const box = (await page.getByTestId("history-scroller").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(async () => {
    await page.mouse.wheel(0, direction * 300);
    await expect(target).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 60_000 });
}

/**
 * Notes in the page every message row that lights up (its highlight), from the document's
 * start: the highlight fades after 1.5 s, which a loaded machine can spend before a test looks.
 */
const recordHighlights = () => {
  const lit: string[] = [];
  (window as unknown as { lit: string[] }).lit = lit;
  const note = (node: Node) => {
    if (!(node instanceof HTMLElement)) return;
    for (const row of [node, ...node.querySelectorAll<HTMLElement>("[data-flash]")]) {
      if (row.dataset.flash === "true" && row.dataset.messageId) lit.push(row.dataset.messageId);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      note(record.target);
      record.addedNodes.forEach(note);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-flash"] });
};

const litRows = (page: Page) => page.evaluate(() => (window as unknown as { lit?: string[] }).lit ?? []);

/** Does `action` and proves that it opened the chat at `message`: its address, on screen, highlighted and focused. */
async function expectOpensAt(page: Page, message: Sent, action: () => Promise<unknown>, address = true) {
  const row = rowOf(page, message);
  await page.evaluate(() => void (window as unknown as { lit?: string[] }).lit?.splice(0));
  await action();
  await expect.poll(() => litRows(page), { timeout: 30_000 }).toContain(message.id);
  if (address) await expect(page).toHaveURL(new RegExp(`/chats/${chatId}\\?message=${message.id}$`));
  await expect(row).toBeInViewport();
  await expect(row).toBeFocused();
}

test("a chat opens at a message 50 pages back, highlighted, and pages older and newer", async () => {
  const { page } = ana;
  const target = notes[NOTES - 50 * PAGE - 1]!;
  await expectOpensAt(page, target, () => page.goto(`/chats/${chatId}?message=${target.id}`));
  await expect(rowOf(page, reply)).toHaveCount(0);
  const jump = page.getByTestId("jump-to-newest");
  await expect(jump).toBeVisible();

  // Up, to the very first message; then down, past the page the chat opened with.
  await scrollUntil(page, -1, rowOf(page, notes[0]!));
  await scrollUntil(page, 1, rowOf(page, notes[PAGE * 3]!));
  await expect(rowOf(page, target)).toBeAttached();

  // The round button goes back to the newest messages, the live history.
  await jump.click();
  await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));
  await expect(rowOf(page, reply)).toBeInViewport();
  await expect(jump).toBeHidden();
});

test("a quote or a pin of a message 50 pages back opens the chat at it", async () => {
  const { page } = ana;
  await page.goto(`/chats/${chatId}`);
  await expectOpensAt(page, notes[4]!, () => rowOf(page, reply).getByTestId("reply-quote").click());

  // The pinned message is on screen now: shown in place, the address stays.
  const pin = page.getByRole("button", { name: `Pinned message: ${notes[1]!.content}. Show it` });
  await expectOpensAt(page, notes[1]!, () => pin.click(), false);
  await expect(page).toHaveURL(new RegExp(`\\?message=${notes[4]!.id}$`));

  // From the newest messages, the pin opens the chat at it.
  await page.getByTestId("jump-to-newest").click();
  await expect(rowOf(page, reply)).toBeInViewport();
  await expectOpensAt(page, notes[1]!, () => pin.click());

  // A message that is not (or no longer) there: the chat opens at its newest, and says so.
  await page.goto(`/chats/${chatId}?message=${notes[1]!.id.replace(/^./, "z")}x`);
  await expect(page.getByText("That message is no longer in this chat.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));
  await expect(rowOf(page, reply)).toBeInViewport();

  // Writing from far back: the chat goes to its newest, where the message appears.
  await expectOpensAt(page, notes[1]!, () => page.goto(`/chats/${chatId}?message=${notes[1]!.id}`));
  await sendMessage(ana, "Written from far back");
  await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));
  await expect(messages(page).filter({ hasText: "Written from far back" })).toBeInViewport();
});

test("what arrives while the reader is far back shows once they reach the newest, and does not move them", async () => {
  const target = notes[NOTES - 60]!;
  await expectOpensAt(ana.page, target, () => ana.page.goto(`/chats/${chatId}?message=${target.id}`));
  const before = (await rowOf(ana.page, target).boundingBox())!;

  await ben.page.goto(`/chats/${chatId}`);
  await sendMessage(ben, "Fresh news");
  // It reached Ana's browser (delivered), but she is not reading there yet (not read).
  const fresh = messages(ben.page).filter({ hasText: "Fresh news" });
  await expect(fresh.getByTestId("message-state")).toHaveText("Delivered");
  await expect(messages(ana.page).filter({ hasText: "Fresh news" })).toHaveCount(0);
  expect((await rowOf(ana.page, target).boundingBox())!.y).toBeCloseTo(before.y, 0);

  // Scrolling down she reaches the newest: the message is there, and once on screen, read.
  await scrollUntil(ana.page, 1, messages(ana.page).filter({ hasText: "Fresh news" }));
  await ana.page.mouse.wheel(0, 2000);
  await expect(ana.page.getByTestId("jump-to-newest")).toBeHidden();
  await expect(fresh.getByTestId("message-state")).toHaveText("Read");
  // From here the history is live: at its bottom, what comes next comes into view.
  await sendMessage(ben, "And more");
  await expect(messages(ana.page).filter({ hasText: "And more" })).toBeInViewport();
});

test("reading up in the latest history, a new message does not move the page; the button brings it", async () => {
  const { page } = ana;
  await page.goto(`/chats/${chatId}`);
  await expect(rowOf(page, reply)).toBeInViewport();
  const reading = rowOf(page, notes[NOTES - 30]!);
  await scrollUntil(page, -1, reading);
  const before = (await reading.boundingBox())!;
  const jump = page.getByTestId("jump-to-newest");
  await expect(jump).toBeVisible();

  await sendMessage(ben, "Meanwhile, below");
  const arrived = messages(page).filter({ hasText: "Meanwhile, below" });
  await expect(arrived).toBeAttached();
  expect((await reading.boundingBox())!.y).toBeCloseTo(before.y, 0);
  await expect(arrived).not.toBeInViewport();

  await jump.click();
  await expect(arrived).toBeInViewport();
  await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));
});
