// Audio tags, duration and cover art read at upload, and extractFileMetadata reading a stored
// file again.
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createCaller } from "@/server/api/root";
import { files } from "@/server/db/schema";
import { authenticate } from "@/server/services/accounts/users";
import { download, type FileServer, startFileServer, uploaded } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";
import { extractFileMetadata } from "./extract-metadata";

let server: FileServer;
let ann: TestUser;

beforeAll(async () => {
  server = await startFileServer();
  ann = await server.world.signUp();
});
afterAll(() => server?.close());

const tags = { title: "Night Train", artist: "The Relays", album: "Signals", year: "1999" };

test("an MP3's ID3 tags, duration and cover art are read at upload", async () => {
  const cover = await sample.png(600, 600);
  const song = await uploaded(server.base, ann.token, { bytes: sample.mp3({ ...tags, cover }, 240), name: "night-train.mp3", type: "audio/mpeg" });
  expect(song).toMatchObject({
    kind: "audio",
    mimeType: "audio/mpeg",
    audio: { title: "Night Train", artist: "The Relays", album: "Signals", year: 1999, coverUrl: `${song.url}/cover` },
  });
  // 240 frames of 1152 samples at 44.1 kHz: 6.3 s.
  expect(song.durationSec).toBe(6);
  const art = await download(server.base, ann.token, song.audio!.coverUrl!);
  expect(art.headers.get("content-type")).toBe("image/webp");
  expect(await sharp(Buffer.from(await art.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 512, height: 512 });
});

test("a file without tags has empty tags and no cover", async () => {
  const tone = await uploaded(server.base, ann.token, { bytes: sample.wav(3), name: "tone.wav", type: "audio/wav" });
  expect(tone).toMatchObject({ durationSec: 3, audio: { title: null, artist: null, album: null, year: null, coverUrl: null } });
});

test("video: the duration when the container states it", async () => {
  const clip = await uploaded(server.base, ann.token, { bytes: sample.webm("video", 4000), name: "clip.webm", type: "video/webm" });
  expect(clip).toMatchObject({ kind: "video", durationSec: 4, audio: null });
});

test("extractFileMetadata reads the stored bytes again and refreshes the row", async () => {
  const song = await uploaded(server.base, ann.token, { bytes: sample.mp3({ ...tags, cover: await sample.png(100, 100) }), name: "again.mp3", type: "audio/mpeg" });
  const image = await uploaded(server.base, ann.token, { bytes: await sample.png(900, 300), name: "strip.png", type: "image/png" });
  const [before] = await server.world.db.select().from(files).where(eq(files.id, song.id));
  // As if stored before extraction existed.
  const [bare] = await server.world.db
    .update(files)
    .set({ audio: null, durationSec: null, coverKey: null, metadataExtractedAt: null })
    .where(eq(files.id, song.id))
    .returning();
  const refreshed = await extractFileMetadata({ db: server.world.db, storages: server.storages }, bare!);
  expect(refreshed).toMatchObject({ id: song.id, audio: { ...tags, year: 1999 }, durationSec: before!.durationSec });
  expect(refreshed.coverKey).toBeTruthy();
  expect(refreshed.metadataExtractedAt).toBeInstanceOf(Date);
  expect((await download(server.base, ann.token, `${song.url}/cover`)).status).toBe(200);

  const [imageRow] = await server.world.db.update(files).set({ width: null, height: null }).where(eq(files.id, image.id)).returning();
  const oldThumbnail = imageRow!.thumbnailKey!;
  const image2 = await extractFileMetadata({ db: server.world.db, storages: server.storages }, imageRow!);
  expect(image2).toMatchObject({ width: 900, height: 300 });
  expect(image2.thumbnailKey).not.toBe(oldThumbnail);
  expect(await server.storages.local.size(oldThumbnail)).toBeNull();
  expect(await server.storages.local.size(image2.thumbnailKey!)).toBeGreaterThan(0);
});

test("files.extractMetadata does it on demand for anyone who may see the file, and for no one else", async () => {
  const ben = await server.world.signUp();
  const outsider = await server.world.signUp();
  const song = await uploaded(server.base, ann.token, { bytes: sample.mp3(tags), name: "on-demand.mp3", type: "audio/mpeg" });
  await server.world.db.update(files).set({ audio: null, durationSec: null }).where(eq(files.id, song.id));
  const chat = await ann.api.chats.openDirect({ userId: ben.user.id });
  await ann.api.messages.send({ chatId: chat.id, attachments: [song.id] });
  const callerOf = async (token: string) =>
    createCaller({ ...server.world.deps, storages: server.storages, user: await authenticate(server.world.db, token) });

  const refreshed = await (await callerOf(ben.token)).files.extractMetadata({ fileId: song.id });
  expect(refreshed).toMatchObject({ id: song.id, audio: { title: "Night Train", artist: "The Relays", year: 1999 }, durationSec: song.durationSec });
  expect((await ben.api.music.all()).items.find((f) => f.id === song.id)?.audio?.title).toBe("Night Train");
  await expect((await callerOf(outsider.token)).files.extractMetadata({ fileId: song.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
});
