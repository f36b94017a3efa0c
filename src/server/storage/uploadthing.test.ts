// The UploadThing driver and route handler against a local stand-in for UploadThing's servers,
// with a made-up token: uploads from the browser (presign, PUT, signed callback, read back and
// sniffed), uploads through POST /api/files (UTApi), and downloads streamed from the file's URL.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { files } from "@/server/db/schema";
import type { UploadThingServerData } from "@/server/files/uploadthing-route";
import { download, type FileServer, startFileServer, uploaded } from "@/server/testing/file-server";
import { type TestUser, waitFor } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";
import { startUploadThingStub, type UploadThingStub } from "@/server/testing/uploadthing-stub";
import { createStorages } from "./index";

const apiKey = "sk_test_relay_stub_key";
const appId = "relayapp";
const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["test-1"] })).toString("base64");

let stub: UploadThingStub;
let server: FileServer;
let ann: TestUser;

beforeAll(async () => {
  stub = await startUploadThingStub({ apiKey, appId });
  const hosts = { apiUrl: stub.base, ingestUrl: stub.base, ufsHost: stub.ufsHost, ufsAppIdLocation: "path" as const };
  server = await startFileServer({
    maxUploadBytes: 512 * 1024,
    configure: (dataDir) => ({
      storages: createStorages({ dataDir, uploadthing: { token, ...hosts } }),
      uploadthing: { token, ingestUrl: stub.base, isDev: false },
    }),
  });
  ann = await server.world.signUp();
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
});

type Presigned = { url: string; key: string; name: string };

/** What the UploadThing browser client does: ask our route for a presigned URL, then PUT the file there. */
async function browserUpload(file: { bytes: Buffer; name: string; type: string }, as: string | null = ann.token) {
  const response = await fetch(`${server.base}/api/uploadthing?actionType=upload&slug=file`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-uploadthing-version": "7.7.4", ...(as ? { authorization: `Bearer ${as}` } : {}) },
    body: JSON.stringify({ files: [{ name: file.name, size: file.bytes.length, type: file.type, lastModified: Date.now() }], input: null }),
  });
  if (response.status !== 200) return { response, key: null };
  const [presigned] = (await response.json()) as Presigned[];
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const put = await fetch(presigned!.url, { method: "PUT", body: form });
  expect(put.status).toBe(200);
  return { response, key: presigned!.key };
}

async function serverDataFor(key: string): Promise<UploadThingServerData> {
  await waitFor(() => stub.callbackResults.some((r) => r.fileKey === key), "UploadThing to receive the callback result");
  return stub.callbackResults.find((r) => r.fileKey === key)!.callbackData as UploadThingServerData;
}

describe("uploads from the browser through /api/uploadthing", () => {
  test("a signed-in person's upload is read back, sniffed, described and recorded", async () => {
    const bytes = await sample.jpeg(900, 600);
    const { key } = await browserUpload({ bytes, name: "beach.jpg", type: "image/jpeg" });
    const data = await serverDataFor(key!);
    expect(data.error).toBeUndefined();
    expect(data.file).toMatchObject({ name: "beach.jpg", mimeType: "image/jpeg", kind: "image", size: bytes.length, width: 900, height: 600 });
    const [row] = await server.world.db.select().from(files).where(eq(files.id, data.file!.id));
    expect(row).toMatchObject({ uploaderId: ann.user.id, storage: "uploadthing", storageKey: key });
    // The thumbnail went to UploadThing as well.
    expect(stub.objects.has(row!.thumbnailKey!)).toBe(true);

    const whole = await download(server.base, ann.token, data.file!.url);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await download(server.base, ann.token, data.file!.url, { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    expect((await download(server.base, ann.token, data.file!.thumbnailUrl!)).headers.get("content-type")).toBe("image/webp");
  });

  test("bytes that contradict the claim are deleted at UploadThing and nothing is recorded", async () => {
    const before = await server.world.db.select().from(files);
    const { key } = await browserUpload({ bytes: sample.pdf(), name: "holiday.png", type: "image/png" });
    const data = await serverDataFor(key!);
    expect(data.file).toBeUndefined();
    expect(data.error).toMatch(/content is a PDF/);
    expect(stub.deleted).toContain(key);
    expect(stub.objects.has(key!)).toBe(false);
    expect(await server.world.db.select().from(files)).toHaveLength(before.length);
  });

  test("without sign-in the upload is refused with 401 before anything is presigned", async () => {
    const { response, key } = await browserUpload({ bytes: sample.pdf(), name: "a.pdf", type: "application/pdf" }, null);
    expect(response.status).toBe(401);
    expect(key).toBeNull();
    expect(await response.json()).toEqual({ error: "Sign in to upload files." });
  });

  test("a file over the limit is refused when presigning", async () => {
    const response = await fetch(`${server.base}/api/uploadthing?actionType=upload&slug=file`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ann.token}` },
      body: JSON.stringify({ files: [{ name: "big.mp4", size: 10 * 1024 * 1024, type: "video/mp4" }], input: null }),
    });
    expect(response.status).toBe(400);
    await response.body?.cancel();
  });

  test("a callback with a wrong signature is refused and records nothing", async () => {
    const before = await server.world.db.select().from(files);
    const payload = JSON.stringify({
      status: "uploaded",
      file: { name: "x.pdf", size: 1, type: "application/pdf", customId: null, key: "forged", url: "u", appUrl: "u", ufsUrl: "u", fileHash: "h" },
      origin: stub.base,
      metadata: { uploaderId: ann.user.id },
    });
    const status = await stub.callBack({ callbackUrl: `${server.base}/api/uploadthing`, callbackSlug: "file" }, payload, "sk_wrong_key");
    expect(status).toBe(400);
    expect(await server.world.db.select().from(files)).toHaveLength(before.length);
  });
});

test("POST /api/files stores at UploadThing through UTApi when it is configured", async () => {
  const song = sample.mp3({ title: "Far", artist: "Away", album: "Remote", year: "2020", cover: await sample.png(64, 64) });
  const view = await uploaded(server.base, ann.token, { bytes: song, name: "far.mp3", type: "audio/mpeg" });
  const [row] = await server.world.db.select().from(files).where(eq(files.id, view.id));
  expect(row).toMatchObject({ storage: "uploadthing", mimeType: "audio/mpeg" });
  expect(stub.objects.get(row!.storageKey)?.bytes.equals(song)).toBe(true);
  expect(view.audio).toMatchObject({ title: "Far", artist: "Away", coverUrl: `${view.url}/cover` });
  const tail = await download(server.base, ann.token, view.url, { range: "bytes=-10" });
  expect(Buffer.from(await tail.arrayBuffer()).equals(song.subarray(song.length - 10))).toBe(true);
});
