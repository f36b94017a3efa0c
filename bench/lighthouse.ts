// `npm run bench:lighthouse` after `next build`: Lighthouse's mobile audit (its default: a
// mid-range phone on a slow 4G line, throttling simulated) of the sign-in page and, signed in,
// of the chat list and a conversation. It starts the production server on a fresh PGlite
// database, registers a person with a few chats, and runs each page RUNS times in Debian's
// Chromium; it prints the median score and timings of each page and Lighthouse's
// benchmarkIndex (how fast it found this CPU: the simulated timings scale with it).
// RUNS (default 3), PAGES (comma-separated: login,chats,chat), CHROMIUM_PATH, REPORTS (a folder
// to keep each run's full report in, as JSON, to read why a score is what it is).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import WebSocket from "ws";
import { httpClient, type HttpClient } from "./live-client";
import { choosePort, Cleanup, envNumber, relayConfig, spawnRelay, waitForHttp } from "./live-server";

const RUNS = envNumber("RUNS", 3);
const PAGES = (process.env.PAGES ?? "login,chats,chat").split(",").map((page) => page.trim());
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REPORTS = process.env.REPORTS;
const SESSION_COOKIE = "relay.session-token";

const metrics = [
  ["FCP", "first-contentful-paint"],
  ["LCP", "largest-contentful-paint"],
  ["TBT", "total-blocking-time"],
  ["CLS", "cumulative-layout-shift"],
  ["SI", "speed-index"],
] as const;

type Run = { performance: number; accessibility: number; benchmarkIndex: number; values: Record<string, number> };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Debian's Chromium, headless, with its DevTools port (read from what it prints). */
async function startChromium(cleanup: Cleanup): Promise<{ port: number; browserWs: string }> {
  const profile = mkdtempSync(path.join(tmpdir(), "relay-lighthouse-"));
  cleanup.add("removing the browser profile", () => rmSync(profile, { recursive: true, force: true }));
  const child = spawn(
    CHROMIUM,
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"],
    // A process group of its own: the browser's helpers go with it.
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Stopped before its profile is removed (the undo steps run last first), and waited for.
  cleanup.add(`stopping Chromium (pid ${child.pid})`, async () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const found = output.match(/DevTools listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/);
      if (found) resolve({ browserWs: found[1]!, port: Number(found[2]) });
    });
    child.once("exit", (code) => reject(new Error(`Chromium exited (${code}) before it listened:\n${output}`)));
  });
}

/** One DevTools command to the browser itself (cookies are the browser's, shared by its tabs). */
async function browserCommand(browserWs: string, method: string, params: object) {
  const socket = new WebSocket(browserWs);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const reply = new Promise<{ error?: { message: string } }>((resolve) => socket.once("message", (data: Buffer) => resolve(JSON.parse(data.toString("utf8")))));
  socket.send(JSON.stringify({ id: 1, method, params }));
  const { error } = await reply;
  socket.close();
  if (error) throw new Error(`${method}: ${error.message}`);
}

/** Signed in (a token is the session cookie's value) or out; Lighthouse keeps cookies between runs. */
function signInAs(browserWs: string, base: string, token: string | null) {
  if (token === null) return browserCommand(browserWs, "Storage.clearCookies", {});
  const cookie = { name: SESSION_COOKIE, value: token, domain: new URL(base).hostname, path: "/", httpOnly: true, sameSite: "Lax" };
  return browserCommand(browserWs, "Storage.setCookies", { cookies: [cookie] });
}

/** A person with five direct chats and a group, each with a few messages: a chat list to show. */
async function seed(api: HttpClient): Promise<{ token: string; chatId: string }> {
  const run = Date.now().toString(36);
  const register = (i: number, firstName: string) =>
    api.auth.register.mutate({ username: `lh_${run}_${i}`, firstName, lastName: "Bench", age: 30, password: `lighthouse-${run}-password` });
  const me = await register(0, "Lena");
  const names = ["Ada", "Bruno", "Chiara", "Dmitri", "Esi"];
  const others = [];
  for (const [i, name] of names.entries()) others.push(await register(i + 1, name));
  const as = (token: string) => ({ context: { token } });
  let chatId = "";
  for (const [i, other] of others.entries()) {
    const chat = await api.chats.openDirect.mutate({ userId: other.user.id }, as(me.token));
    chatId ||= chat.id;
    for (let k = 0; k < 4; k++) {
      await api.messages.send.mutate({ chatId: chat.id, content: `Hello ${names[i]}, message ${k + 1} about the weekend plans.` }, as(me.token));
      await api.messages.send.mutate({ chatId: chat.id, content: `Sounds good — reply ${k + 1} from ${names[i]}.` }, as(other.token));
    }
  }
  const group = await api.chats.createGroup.mutate({ title: "Weekend trip", memberIds: others.map((o) => o.user.id) }, as(me.token));
  for (const [i, other] of others.entries()) {
    await api.messages.send.mutate({ chatId: group.id, content: `${names[i]} here: I can bring the snacks.` }, as(other.token));
  }
  return { token: me.token, chatId };
}

async function audit(url: string, port: number, report: string): Promise<Run> {
  const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (REPORTS) {
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(path.join(REPORTS, `${report}.json`), JSON.stringify(lhr));
  }
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`${url} ended at ${lhr.finalDisplayedUrl}`);
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    values: Object.fromEntries(metrics.map(([name, id]) => [name, lhr.audits[id]?.numericValue ?? NaN])),
  };
}

const show = (name: string, value: number) => (name === "CLS" ? value.toFixed(3) : `${Math.round(value)} ms`);

const cleanup = new Cleanup();
await cleanup.main(15 * 60_000, async () => {
  console.log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  const config = relayConfig(cleanup, await choosePort(), "");
  const server = spawnRelay(cleanup, config);
  await waitForHttp(server, "/api/health", 60_000);
  const { token, chatId } = await seed(httpClient(server.base));
  const { port, browserWs } = await startChromium(cleanup);
  // The sign-in page is audited signed out: a signed-in visit is sent on to the chats.
  const paths: Record<string, { path: string; signedIn: boolean }> = {
    login: { path: "/login", signedIn: false },
    chats: { path: "/chats", signedIn: true },
    chat: { path: `/chats/${chatId}`, signedIn: true },
  };
  for (const page of PAGES) {
    const target = paths[page];
    if (!target) throw new Error(`PAGES: no page "${page}" (login, chats, chat)`);
    await signInAs(browserWs, server.base, target.signedIn ? token : null);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await audit(`${server.base}${target.path}`, port, `${page}-${i + 1}`));
    const values = metrics.map(([name]) => `${name} ${show(name, median(runs.map((r) => r.values[name]!)))}`).join(", ");
    console.log(
      `${target.path.replace(chatId, "<chat>")}: performance ${median(runs.map((r) => r.performance))} ` +
        `(runs ${runs.map((r) => r.performance).join(", ")}), accessibility ${median(runs.map((r) => r.accessibility))}; ${values}; ` +
        `benchmarkIndex ${Math.round(median(runs.map((r) => r.benchmarkIndex)))}`,
    );
  }
  console.log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
});

