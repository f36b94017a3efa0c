// POST /api/files on the real server: every accepted kind, the limit, sniffing, names, sign-in.
import { mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { files } from "@/server/db/schema";
import { download, type FileServer, startFileServer, upload, uploaded } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";
import { removeStaleSpools } from "./ingest";

const LIMIT = 256 * 1024;
let server: FileServer;
let ann: TestUser;

beforeAll(async () => {
  server = await startFileServer({ maxUploadBytes: LIMIT });
  ann = await server.world.signUp();
});
afterAll(() => server?.close());

async function filesOnDisk(): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(path.relative(server.dataDir, full));
    }
  }
  await walk(server.dataDir);
  return found.filter((f) => f !== "auth-secret");
}

describe("each accepted kind is stored with its sniffed type", () => {
  const cases: [string, () => Buffer | Promise<Buffer>, string, string, string][] = [
    ["photo.png", () => sample.png(), "image/png", "image/png", "image"],
    ["photo.jpg", () => sample.jpeg(), "image/jpeg", "image/jpeg", "image"],
    ["report.pdf", () => sample.pdf(), "application/pdf", "application/pdf", "document"],
    ["tone.wav", () => sample.wav(1), "audio/wav", "audio/wav", "audio"],
    ["song.mp3", () => sample.mp3({ title: "T", artist: "A", album: "B", year: "2001" }), "audio/mpeg", "audio/mpeg", "audio"],
    ["notes.txt", () => Buffer.from("Shopping list\n- bread\n- milk\n"), "text/plain", "text/plain", "document"],
    ["table.csv", () => Buffer.from("name,age\nAnn,30\nBen,41\n"), "text/csv", "text/csv", "document"],
    ["archive.zip", () => sample.zip({ "a.txt": "hello" }), "application/zip", "application/zip", "document"],
    ["letter.docx", () => sample.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document"],
    ["sheet.xlsx", () => sample.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document"],
    ["essay.odt", () => sample.odt(), "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text", "document"],
    ["clip.webm", () => sample.webm("video"), "video/webm", "video/webm", "video"],
    // A browser's voice note: declared audio/webm, sniffed as webm; no video track, so audio.
    ["voice.webm", () => sample.webm("audio"), "audio/webm", "audio/webm", "audio"],
    ["recorded.webm", () => sample.webm("audio", 0, true), "audio/webm;codecs=opus", "audio/webm", "audio"],
    ["recorded-video.webm", () => sample.webm("video", 0, true), "video/webm;codecs=vp8", "video/webm", "video"],
    ["drawing.svg", () => sample.svgWithScript, "image/svg+xml", "image/svg+xml", "image"],
  ];
  test.each(cases)("%s", async (name, make, declared, stored, kind) => {
    const bytes = await make();
    const view = await uploaded(server.base, ann.token, { bytes, name, type: declared });
    expect(view).toMatchObject({ name, mimeType: stored, kind, size: bytes.length, url: `/api/files/${view.id}` });
    const [row] = await server.world.db.select().from(files).where(eq(files.id, view.id));
    expect(row).toMatchObject({ uploaderId: ann.user.id, storage: "local", mimeType: stored });
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const back = await download(server.base, ann.token, view.url);
    expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

test("a file over the limit is refused with 413 and leaves nothing behind", async () => {
  const before = await filesOnDisk();
  const bytes = Buffer.concat([sample.wavHeader(LIMIT * 2), Buffer.alloc(LIMIT * 2)]);
  const response = await upload(server.base, ann.token, { bytes, name: "long.wav", type: "audio/wav" });
  expect(response.status).toBe(413);
  expect((await response.json()) as unknown).toEqual({ error: expect.stringContaining("larger than") });
  expect(await filesOnDisk()).toEqual(before);
});

test("a file that passes the limit mid-stream is cut off with 413, its partial file removed", async () => {
  const before = await filesOnDisk();
  // Within the Content-Length allowance for the form's own bytes, so the stream itself is cut.
  const bytes = Buffer.concat([sample.wavHeader(LIMIT + 1000), Buffer.alloc(LIMIT + 1000)]);
  const response = await upload(server.base, ann.token, { bytes, name: "slightly-long.wav", type: "audio/wav" });
  expect(response.status).toBe(413);
  expect(((await response.json()) as { error: string }).error).toContain("larger than");
  expect(await filesOnDisk()).toEqual(before);

  // Without a Content-Length at all (chunked), the same.
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "audio/wav" }), "chunked.wav");
  const encoded = new Response(form);
  const chunked = await fetch(`${server.base}/api/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${ann.token}`, "content-type": encoded.headers.get("content-type")! },
    body: encoded.body,
    duplex: "half",
  } as RequestInit);
  expect(chunked.status).toBe(413);
  await chunked.body?.cancel();
  expect(await filesOnDisk()).toEqual(before);
});

test("a file just under the limit but declared larger in Content-Length is refused before it is read", async () => {
  const response = await fetch(`${server.base}/api/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${ann.token}`, "content-type": "multipart/form-data; boundary=x", "content-length": String(LIMIT * 10) },
    body: "--x--",
  }).catch((error: unknown) => error);
  // Either the answer arrives, or the client notices the closed connection while sending.
  if (response instanceof Response) expect(response.status).toBe(413);
});

describe("bytes that contradict the claim, or that nothing recognises, get 415", () => {
  test.each([
    ["a PDF named .png", () => sample.pdf(), "evil.png", "image/png"],
    ["a PNG declared as a PDF", () => sample.png(), "doc.pdf", "application/pdf"],
    ["random bytes named .png", () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)), "noise.png", "image/png"],
    ["random bytes with no claim", () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)), "noise", ""],
    ["a zip named .docx", () => sample.zip({ "a.txt": "x" }), "fake.docx", ""],
    ["text named .svg", () => Buffer.from("just words"), "fake.svg", "image/svg+xml"],
    ["a PNG declared as text", () => sample.png(), "pic", "text/plain"],
    ["an executable", () => Buffer.concat([Buffer.from("MZ"), Buffer.alloc(256, 0x90), Buffer.from("PE\0\0")]), "setup.exe", "application/octet-stream"],
  ])("%s", async (_what, make, name, type) => {
    const before = await filesOnDisk();
    const response = await upload(server.base, ann.token, { bytes: await make(), name, type });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toMatch(/\w+ \w+/);
    expect(await filesOnDisk()).toEqual(before);
  });
});

test("an empty file is refused with 400", async () => {
  const response = await upload(server.base, ann.token, { bytes: Buffer.alloc(0), name: "empty.txt", type: "text/plain" });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: string }).error).toContain("empty");
});

test("uploads need a signed-in person: 401 JSON otherwise", async () => {
  const anonymous = await upload(server.base, null, { bytes: sample.pdf(), name: "a.pdf" });
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toEqual({ error: "Sign in to upload files." });
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(sample.pdf())]), "a.pdf");
  const badToken = await fetch(`${server.base}/api/files`, { method: "POST", body: form, headers: { authorization: "Bearer nonsense" } });
  expect(badToken.status).toBe(401);
});

test("a form without the field \"file\" gets 400", async () => {
  const form = new FormData();
  form.append("other", new Blob([new Uint8Array(sample.pdf())]), "a.pdf");
  const response = await fetch(`${server.base}/api/files`, { method: "POST", body: form, headers: { authorization: `Bearer ${ann.token}` } });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: string }).error).toContain('"file"');
});

test("a name like ../../x is stored as a plain name and never used as a path", async () => {
  const view = await uploaded(server.base, ann.token, { bytes: Buffer.from("hi\n"), name: "../../x.txt", type: "text/plain" });
  expect(view.name).toBe("x.txt");
  const weird = await uploaded(server.base, ann.token, { bytes: Buffer.from("hi\n"), name: "..\\..\\ab\u202Etxt.exe.txt", type: "text/plain" });
  expect(weird.name).toBe("abtxt.exe.txt");
  const [row] = await server.world.db.select().from(files).where(eq(files.id, view.id));
  expect(row!.storageKey).toMatch(/^[a-z0-9]+$/);
  for (const file of await filesOnDisk()) {
    expect(file.startsWith(`files${path.sep}`)).toBe(true);
    expect(file).not.toContain("x.txt");
  }
});

describe("a page, script or program sent as text is kept as text under a name that does not run it", () => {
  test.each([
    ["page.html", "<!doctype html><script>alert(document.cookie)</script>\n", "text/html", "page.html.txt"],
    ["run.js", "fetch('/api/trpc/auth.me').then(r => r.text()).then(alert);\n", "text/javascript", "run.js.txt"],
    ["app.hta", "<hta:application/><script>new ActiveXObject('WScript.Shell')</script>\n", "application/hta", "app.hta.txt"],
    ["clean.bat", "del /s /q C:\\*\r\n", "application/x-bat", "clean.bat.txt"],
  ])("%s", async (name, content, type, stored) => {
    const view = await uploaded(server.base, ann.token, { bytes: Buffer.from(content), name, type });
    expect(view).toMatchObject({ name: stored, mimeType: "text/plain" });
    const back = await download(server.base, ann.token, view.url);
    expect(back.headers.get("content-disposition")).toContain(`filename="${stored}"`);
    expect(back.headers.get("content-type")).toMatch(/^text\/plain/);
  });
});

test("a page stored under its own name before this rule is still served under a name that does not run it", async () => {
  const view = await uploaded(server.base, ann.token, { bytes: Buffer.from("<p>hi</p>\n"), name: "old.txt", type: "text/plain" });
  await server.world.db.update(files).set({ name: "old.html" }).where(eq(files.id, view.id));
  const back = await download(server.base, ann.token, view.url);
  expect(back.headers.get("content-disposition")).toContain('filename="old.html.txt"');
});

test("temporary files left by an earlier run are removed, fresh ones kept", async () => {
  const tempDir = server.storages.tempDir;
  await mkdir(tempDir, { recursive: true });
  const stale = path.join(tempDir, "upload-stale");
  const fresh = path.join(tempDir, "upload-fresh");
  await writeFile(stale, "x");
  await writeFile(fresh, "x");
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  await utimes(stale, twoHoursAgo, twoHoursAgo);
  expect(await removeStaleSpools(tempDir)).toBe(1);
  expect((await readdir(tempDir)).sort()).toEqual(["upload-fresh"]);
  await rm(fresh);
});
