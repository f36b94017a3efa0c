// GET/HEAD /api/files/:id on the real server: who may fetch, ranges, caching, and the headers
// that keep a file from acting as a page of Relay.
import { crc32 } from "node:zlib";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { messageAttachments, users } from "@/server/db/schema";
import type { FileView } from "@/server/services/dto";
import { download, type FileServer, startFileServer, uploaded } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";

let server: FileServer;
let ann: TestUser;
let ben: TestUser;
let outsider: TestUser;
let pdf: FileView;
let pdfBytes: Buffer;

beforeAll(async () => {
  server = await startFileServer();
  const { a, b, outsider: c, chatId } = await server.world.directChat();
  [ann, ben, outsider] = [a, b, c];
  pdfBytes = Buffer.concat([sample.pdf(), Buffer.from(Array.from({ length: 1000 }, (_, i) => 32 + (i % 90)))]);
  pdf = await uploaded(server.base, ann.token, { bytes: pdfBytes, name: "Plan für 2027.pdf", type: "application/pdf" });
  // Sent in the chat: the attachment row is what lets the chat's members fetch it.
  const message = await ann.api.messages.send({ chatId, content: "the plan" });
  await server.world.db
    .insert(messageAttachments)
    .values({ messageId: message.id, position: 0, fileId: pdf.id, chatId, seq: message.seq, category: "docs" });
});
afterAll(() => server?.close());

describe("who may fetch a file", () => {
  test("the uploader and the members of a chat it was sent to", async () => {
    for (const person of [ann, ben]) {
      const response = await download(server.base, person.token, pdf.url);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(pdfBytes)).toBe(true);
    }
  });

  test("anyone else signed in gets 404, as for a file that does not exist", async () => {
    const denied = await download(server.base, outsider.token, pdf.url);
    const missing = await download(server.base, outsider.token, "/api/files/doesnotexist");
    expect(denied.status).toBe(404);
    expect(await denied.json()).toEqual(await missing.json());
    expect((await download(server.base, outsider.token, `${pdf.url}/thumbnail`)).status).toBe(404);
  });

  test("anonymous callers get 401 whether or not the file exists", async () => {
    const response = await download(server.base, null, pdf.url);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Sign in to see this file." });
    expect((await download(server.base, null, "/api/files/doesnotexist")).status).toBe(401);
  });

  test("an avatar is visible to anyone signed in", async () => {
    const avatar = await uploaded(server.base, ben.token, { bytes: await sample.png(), name: "me.png", type: "image/png" });
    expect((await download(server.base, outsider.token, avatar.url)).status).toBe(404);
    await server.world.db.update(users).set({ avatarFileId: avatar.id }).where(eq(users.id, ben.user.id));
    expect((await download(server.base, outsider.token, avatar.url)).status).toBe(200);
  });

  test("the session cookie works like a Bearer token", async () => {
    const response = await fetch(`${server.base}${pdf.url}`, { headers: { cookie: `relay.session-token=${ben.token}` } });
    expect(response.status).toBe(200);
  });
});

describe("headers", () => {
  test("a document: its type, attachment with an RFC 6266 name, nosniff, a sandbox, ETag and private caching", async () => {
    const response = await download(server.base, ann.token, pdf.url);
    const h = response.headers;
    expect(h.get("content-type")).toBe("application/pdf");
    expect(h.get("content-length")).toBe(String(pdfBytes.length));
    expect(h.get("content-disposition")).toBe(`attachment; filename="Plan f_r 2027.pdf"; filename*=UTF-8''Plan%20f%C3%BCr%202027.pdf`);
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(h.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);
    expect(h.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    expect(h.get("accept-ranges")).toBe("bytes");
    await response.body?.cancel();
  });

  test("images, sound and video are inline; ?download makes them attachments", async () => {
    const image = await uploaded(server.base, ann.token, { bytes: await sample.png(), name: "a.png", type: "image/png" });
    const sound = await uploaded(server.base, ann.token, { bytes: sample.wav(1), name: "a.wav", type: "audio/wav" });
    for (const view of [image, sound]) {
      const response = await download(server.base, ann.token, view.url);
      expect(response.headers.get("content-disposition")).toMatch(/^inline; /);
      expect(response.headers.get("content-type")).toBe(view.mimeType);
    }
    const forced = await download(server.base, ann.token, `${image.url}?download`);
    expect(forced.headers.get("content-disposition")).toMatch(/^attachment; /);
  });

  test("an SVG with a script is never served inline", async () => {
    const svg = await uploaded(server.base, ann.token, { bytes: sample.svgWithScript, name: "logo.svg", type: "image/svg+xml" });
    expect(svg.thumbnailUrl).toBeNull();
    const response = await download(server.base, ann.token, svg.url);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("If-None-Match with the ETag answers 304 without a body", async () => {
    const first = await download(server.base, ann.token, pdf.url);
    const etag = first.headers.get("etag")!;
    await first.body?.cancel();
    const again = await download(server.base, ann.token, pdf.url, { "if-none-match": `W/"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
  });

  test("HEAD answers the headers of GET and no body", async () => {
    const response = await download(server.base, ann.token, pdf.url, {}, "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(pdfBytes.length));
    expect(response.headers.get("content-type")).toBe("application/pdf");
  });
});

describe("ranges", () => {
  const ask = (range: string, extra: Record<string, string> = {}) => download(server.base, ann.token, pdf.url, { range, ...extra });

  test("bytes=a-b answers 206 with exactly those bytes", async () => {
    const response = await ask("bytes=10-19");
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes 10-19/${pdfBytes.length}`);
    expect(response.headers.get("content-length")).toBe("10");
    expect(Buffer.from(await response.arrayBuffer()).equals(pdfBytes.subarray(10, 20))).toBe(true);
  });

  test("open-ended and suffix ranges", async () => {
    const tail = await ask("bytes=-7");
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(pdfBytes.subarray(pdfBytes.length - 7))).toBe(true);
    const rest = await ask(`bytes=${pdfBytes.length - 3}-`);
    expect(rest.headers.get("content-range")).toBe(`bytes ${pdfBytes.length - 3}-${pdfBytes.length - 1}/${pdfBytes.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(pdfBytes.subarray(pdfBytes.length - 3))).toBe(true);
    const beyondEnd = await ask(`bytes=0-${pdfBytes.length + 100}`);
    expect(beyondEnd.status).toBe(206);
    expect((await beyondEnd.arrayBuffer()).byteLength).toBe(pdfBytes.length);
  });

  test("a range past the end answers 416 with the size", async () => {
    const response = await ask(`bytes=${pdfBytes.length}-`);
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe(`bytes */${pdfBytes.length}`);
  });

  test("several ranges, a malformed one, or a stale If-Range get the whole file", async () => {
    for (const response of [await ask("bytes=0-1,5-6"), await ask("lines=1-2"), await ask("bytes=0-1", { "if-range": '"stale"' })]) {
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(pdfBytes.length);
    }
  });
});

describe("images", () => {
  test("dimensions and a webp thumbnail that fits inside 480 pixels", async () => {
    const image = await uploaded(server.base, ann.token, { bytes: await sample.jpeg(1200, 800), name: "wide.jpg", type: "image/jpeg" });
    expect(image).toMatchObject({ width: 1200, height: 800, thumbnailUrl: `${image.url}/thumbnail` });
    const thumbnail = await download(server.base, ann.token, image.thumbnailUrl!);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(thumbnail.headers.get("content-disposition")).toMatch(/^inline; /);
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 480, height: 320 });
    expect(thumbnail.headers.get("etag")).not.toBe((await download(server.base, ann.token, image.url, {}, "HEAD")).headers.get("etag"));
  });

  test("an image too large to decode safely is kept with its dimensions but no thumbnail", async () => {
    const bomb = pngHeaderOnly(20_000, 20_000);
    const image = await uploaded(server.base, ann.token, { bytes: bomb, name: "bomb.png", type: "image/png" });
    expect(image).toMatchObject({ kind: "image", width: 20_000, height: 20_000, thumbnailUrl: null });
  });
});

/** A PNG whose header claims `width` × `height` pixels and whose data is one empty block. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk("IEND", Buffer.alloc(0))]);
}
