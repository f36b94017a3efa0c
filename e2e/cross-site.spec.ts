// Another origin's page cannot act as a signed-in person, nor frame Relay; Relay's own pages run
// under their Content-Security-Policy without a single violation.
// The "evil" page is served from another port of the same host: the same site to the browser,
// so the session cookie (SameSite=Lax) does go along — only the origin check stands in the way.
import { createServer, type Server } from "node:http";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, sendMessage, test, type Person } from "./fixtures";
import { png } from "../src/server/testing/sample-files";

const appPort = Number(process.env.E2E_PORT ?? 3100);
const app = `http://127.0.0.1:${appPort}`;
const evilPort = appPort + 1;
const evil = `http://127.0.0.1:${evilPort}`;

/** What the attacker's page does: dial the socket and ask who it is; upload a file; frame /login. */
const evilPages: Record<string, string> = {
  "/": `<!doctype html><title>Free prizes</title><script>
    window.socketResult = new Promise((resolve) => {
      const received = [];
      const socket = new WebSocket("ws://127.0.0.1:${appPort}/ws");
      socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "auth.me" } }));
      socket.onmessage = (event) => received.push(String(event.data));
      socket.onclose = (event) => resolve({ code: event.code, reason: event.reason, received });
    });
    const form = new FormData();
    form.append("file", new Blob(["stolen upload"], { type: "text/plain" }), "note.txt");
    // Fire and forget, as a forged upload needs no answer (no-cors: the browser asks no permission).
    fetch("${app}/api/files", { method: "POST", body: form, credentials: "include", mode: "no-cors" });
  </script>`,
  "/frame": `<!doctype html><title>Framed</title>
    <iframe id="target" src="${app}/login" width="600" height="400" onload="window.frameLoaded = true"></iframe>`,
};

let evilServer: Server;
test.beforeAll(async () => {
  evilServer = createServer((req, res) => {
    const page = evilPages[req.url ?? "/"];
    res.writeHead(page ? 200 : 404, { "content-type": "text/html" }).end(page ?? "");
  });
  await new Promise<void>((resolve) => evilServer.listen(evilPort, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => evilServer.close(() => resolve())));

test("a page served from another port tries the socket and the upload with the victim's cookie and is refused", async ({ browser }) => {
  const victim = await newPerson(browser, "Vic");
  const cookies = await victim.page.context().cookies(app);
  expect(cookies.map((c) => c.name)).toContain("relay.session-token");

  const attacker = await victim.page.context().newPage();
  const upload = attacker.waitForResponse((response) => response.url() === `${app}/api/files`);
  await attacker.goto(evil);

  // The upload went out with the cookie (without it the answer would be 401) and was turned down.
  expect((await upload).status()).toBe(403);

  // The socket is closed with 4003 before it answers anything about the victim.
  const socket = await attacker.evaluate(
    () => (window as unknown as { socketResult: Promise<{ code: number; reason: string; received: string[] }> }).socketResult,
  );
  expect(socket.code).toBe(4003);
  expect(socket.reason).toMatch(/other sites/);
  expect(socket.received.join("\n")).not.toContain(victim.username);

  // Relay's own page, same cookie, keeps working live.
  await victim.page.reload();
  await expect(victim.page.getByText("No chats yet")).toBeVisible();
  await victim.page.context().close();
});

test("pages carry a nonce CSP and cannot be framed by another origin", async ({ page, request }) => {
  const response = await request.get("/login");
  const policy = response.headers()["content-security-policy"] ?? "";
  const nonce = /script-src 'self' 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(await response.text()).toContain(`nonce="${nonce}"`);
  expect(response.headers()).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin" });
  expect(response.headers()["permissions-policy"]).toContain("camera=(self)");
  // Every request gets a nonce of its own.
  expect((await request.get("/login")).headers()["content-security-policy"]).not.toContain(nonce);

  await page.goto(`${evil}/frame`);
  await expect.poll(() => page.evaluate(() => (window as unknown as { frameLoaded?: boolean }).frameLoaded)).toBe(true);
  await expect(page.frameLocator("#target").getByRole("heading", { name: "Sign in" })).toHaveCount(0);
  expect(page.frames().some((frame) => frame.url().startsWith(`${app}/login`) && frame.url() !== "about:blank")).toBe(false);
});

/** Every CSP violation in this context's pages, reported by the page itself. */
async function recordViolations(context: BrowserContext) {
  const violations: string[] = [];
  await context.exposeBinding("reportViolation", ({ page }, text: string) => violations.push(`${page.url()}: ${text}`));
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sample})`,
      );
    }),
  );
  const watch = (page: Page) =>
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
  context.on("page", watch);
  return violations;
}

test("sign-up, a chat with a picture, the dark theme, settings, music and admin run without a CSP violation", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const violations = await recordViolations(context);
  const page = await context.newPage();

  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const me: Person = { page, username: `csp_${Date.now().toString(36)}`, firstName: "Cyd", lastName: "Tester", password: "correct horse" };
  await page.goto("/register");
  await page.getByLabel("Username").fill(me.username);
  await page.getByLabel("First name").fill(me.firstName);
  await page.getByLabel("Last name").fill(me.lastName);
  await page.getByLabel("Age").fill("30");
  await page.getByLabel("Password").fill(me.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/chats$/);

  const friend = await newPerson(browser, "Dee");
  await openChatWith(me, friend);
  await sendMessage(me, "Hello under a strict policy");
  await expect(messages(friend.page).filter({ hasText: "Hello under a strict policy" }).or(friend.page.getByRole("link", { name: /Cyd Tester/ }))).toBeVisible();
  await expect(messages(page).filter({ hasText: "Hello under a strict policy" })).toHaveAttribute("data-message-id", /.+/);

  // A picture: its preview is a blob: URL, then it is served from /api/files.
  await page.getByTestId("attach-input").setInputFiles([{ name: "dot.png", mimeType: "image/png", buffer: await png(80, 60) }]);
  await expect(page.getByTestId("tray-item")).toHaveAttribute("data-status", "done");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  const image = messages(page).getByTestId("attachment-image");
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  // The theme script in <head> runs (it has the nonce): dark survives a reload without a flash.
  const toggle = page.getByRole("button", { name: /^Theme:/ });
  while (!(await toggle.getAttribute("aria-label"))?.startsWith("Theme: dark")) await toggle.click();
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  await page.goto("/settings/profile");
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await page.goto("/music");
  await expect(page.getByRole("heading", { name: "Music" })).toBeVisible();
  const admin = await page.goto("/admin");
  expect(admin?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

  expect(violations).toEqual([]);
  await friend.page.context().close();
  await context.close();
});
