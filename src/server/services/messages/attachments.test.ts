// Messages that carry files (attachments with a caption, voice notes), stickers, who may then
// see those files, a chat's gallery, the music page and avatars.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

describe("attachments", () => {
  test("files arrive in order with their caption, live and in history, and become visible to the chat", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const photo = await world.fileOf(a, { kind: "image", name: "beach.png", width: 800, height: 600 });
    const report = await world.fileOf(a, { kind: "document", name: "report.pdf" });
    expect((await refusal(b.api.files.byId({ fileId: photo.id }))).code).toBe("NOT_FOUND");

    const stream = await world.listen(b.token);
    const sent = await a.api.messages.send({ chatId, attachments: [photo.id, report.id], content: "From the trip" });
    expect(sent).toMatchObject({ kind: "attachment", content: "From the trip" });
    expect(sent.attachments.map((f) => [f.name, f.kind, f.url])).toEqual([
      ["beach.png", "image", `/api/files/${photo.id}`],
      ["report.pdf", "document", `/api/files/${report.id}`],
    ]);
    expect(sent.attachments[0]).toMatchObject({ width: 800, height: 600, mimeType: "image/png", size: 1024 });

    const events = await stream.until((es) => es.some((e) => e.type === "message:new"));
    const live = events.find((e) => e.type === "message:new");
    expect(live?.type === "message:new" && live.data.message.attachments.map((f) => f.id)).toEqual([photo.id, report.id]);
    await stream.stop();
    const [latest] = (await b.api.messages.list({ chatId })).items;
    expect(latest!.attachments.map((f) => f.id)).toEqual([photo.id, report.id]);

    expect(await b.api.files.byId({ fileId: photo.id })).toMatchObject({ id: photo.id, name: "beach.png" });
    expect((await refusal(outsider.api.files.byId({ fileId: photo.id }))).code).toBe("NOT_FOUND");
  });

  test("without a caption the message is just its files; with no files and no text nothing is sent", async () => {
    const { a, chatId } = await world.directChat();
    const clip = await world.fileOf(a, { kind: "video", name: "clip.mp4" });
    const sent = await a.api.messages.send({ chatId, attachments: [clip.id] });
    expect(sent).toMatchObject({ kind: "attachment", content: "" });
    expect((await refusal(a.api.messages.send({ chatId, kind: "attachment" }))).fieldErrors?.attachments).toBeTruthy();
    expect((await refusal(a.api.messages.send({ chatId, content: "  " }))).code).toBe("BAD_REQUEST");
  });

  test("at most ten files, each once, each the sender's own upload", async () => {
    const { a, b, chatId } = await world.directChat();
    const many = await Promise.all(Array.from({ length: 11 }, () => world.fileOf(a, { kind: "image" })));
    const tooMany = await refusal(a.api.messages.send({ chatId, attachments: many.map((f) => f.id) }));
    expect(tooMany.fieldErrors?.attachments).toEqual(["Attach at most 10 files to one message"]);
    const twice = await refusal(a.api.messages.send({ chatId, attachments: [many[0]!.id, many[0]!.id] }));
    expect(twice.fieldErrors?.attachments).toEqual(["A file is attached twice"]);
    expect(await a.api.messages.send({ chatId, attachments: many.slice(0, 10).map((f) => f.id) })).toMatchObject({
      attachments: expect.arrayContaining([expect.objectContaining({ kind: "image" })]),
    });

    // b can see a's file (it was sent to their chat) but may not re-send it as theirs.
    expect((await refusal(b.api.messages.send({ chatId, attachments: [many[0]!.id] }))).code).toBe("FORBIDDEN");
    // A file b cannot see at all does not exist for b.
    const secret = await world.fileOf(a, { kind: "document" });
    expect((await refusal(b.api.messages.send({ chatId, attachments: [secret.id] }))).code).toBe("NOT_FOUND");
    expect((await refusal(b.api.messages.send({ chatId, attachments: ["no-such-file"] }))).code).toBe("NOT_FOUND");
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(1);
  });

  test("a caption can be edited like text", async () => {
    const { a, chatId } = await world.directChat();
    const photo = await world.fileOf(a, { kind: "image" });
    const sent = await a.api.messages.send({ chatId, attachments: [photo.id], content: "Sunset" });
    expect(sent.editableUntil).not.toBeNull();
    const edited = await a.api.messages.edit({ messageId: sent.id, content: "Sunrise, actually" });
    expect(edited).toMatchObject({ content: "Sunrise, actually", attachments: [expect.objectContaining({ id: photo.id })] });
  });

  test("delete for everyone takes the files away from the chat; the uploader keeps them", async () => {
    const { a, b, chatId } = await world.directChat();
    const photo = await world.fileOf(a, { kind: "image" });
    const sent = await a.api.messages.send({ chatId, attachments: [photo.id], content: "oops" });
    await a.api.messages.delete({ messageId: sent.id, scope: "everyone" });
    const [tombstone] = (await b.api.messages.list({ chatId })).items;
    expect(tombstone).toMatchObject({ id: sent.id, content: "", attachments: [] });
    expect((await refusal(b.api.files.byId({ fileId: photo.id }))).code).toBe("NOT_FOUND");
    expect(await a.api.files.byId({ fileId: photo.id })).toMatchObject({ id: photo.id });
    expect((await b.api.chats.files({ chatId, kind: "media" })).items).toEqual([]);
  });

  test("forwarding carries the files into the other chat, whose members may then fetch them", async () => {
    const { a, b, chatId } = await world.directChat();
    const c = await world.signUp();
    const photo = await world.fileOf(a, { kind: "image", name: "cat.png" });
    const sent = await a.api.messages.send({ chatId, attachments: [photo.id], content: "Look" });
    const withC = await b.api.chats.openDirect({ userId: c.user.id });
    expect((await refusal(c.api.files.byId({ fileId: photo.id }))).code).toBe("NOT_FOUND");
    const [copy] = await b.api.messages.forward({ messageId: sent.id, toChatIds: [withC.id] });
    expect(copy).toMatchObject({ kind: "attachment", content: "Look", attachments: [expect.objectContaining({ name: "cat.png" })] });
    expect(await c.api.files.byId({ fileId: photo.id })).toMatchObject({ name: "cat.png" });
  });
});

describe("voice notes and stickers", () => {
  test("a voice note is one audio recording with its length", async () => {
    const { a, b, chatId } = await world.directChat();
    const recording = await world.fileOf(a, { kind: "audio", mimeType: "audio/webm", name: "voice.webm" });
    const note = await a.api.messages.send({ chatId, kind: "voice", attachments: [recording.id], durationSec: 7 });
    expect(note).toMatchObject({ kind: "voice", durationSec: 7, content: "", attachments: [expect.objectContaining({ id: recording.id })] });
    expect((await b.api.messages.byId({ messageId: note.id })).durationSec).toBe(7);

    const photo = await world.fileOf(a, { kind: "image" });
    expect((await refusal(a.api.messages.send({ chatId, kind: "voice", attachments: [photo.id], durationSec: 3 }))).message).toBe(
      "A voice message must be an audio recording",
    );
    const noLength = await refusal(a.api.messages.send({ chatId, kind: "voice", attachments: [recording.id] }));
    expect(noLength.fieldErrors?.durationSec).toEqual(["Give the recording's length"]);
    const two = await refusal(a.api.messages.send({ chatId, kind: "voice", attachments: [recording.id, photo.id], durationSec: 3 }));
    expect(two.fieldErrors?.attachments).toEqual(["A voice message is exactly one recording"]);
  });

  test("a sticker names one of Relay's own, without a caption", async () => {
    const { a, b, chatId } = await world.directChat();
    const sticker = await a.api.messages.send({ chatId, kind: "sticker", sticker: "wave" });
    expect(sticker).toMatchObject({ kind: "sticker", sticker: "wave", content: "", attachments: [] });
    expect((await b.api.messages.list({ chatId })).items[0]).toMatchObject({ sticker: "wave" });
    expect((await refusal(a.api.messages.send({ chatId, kind: "sticker", sticker: "nope" }))).fieldErrors?.sticker).toEqual([
      "That sticker is not in Relay's set",
    ]);
    expect((await refusal(a.api.messages.send({ chatId, kind: "sticker" }))).fieldErrors?.sticker).toEqual(["Choose a sticker"]);
    expect((await refusal(a.api.messages.send({ chatId, content: "hi", sticker: "wave" }))).code).toBe("BAD_REQUEST");
    const [copy] = await b.api.messages.forward({ messageId: sticker.id, toChatIds: [chatId] });
    expect(copy).toMatchObject({ kind: "sticker", sticker: "wave" });
  });
});

describe("a chat's gallery", () => {
  test("media, music and documents each have their tab, newest first, page by page; voice notes are not music", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const photos = await Promise.all([1, 2, 3].map((n) => world.fileOf(a, { kind: "image", name: `p${n}.png` })));
    const clip = await world.fileOf(b, { kind: "video", name: "clip.mp4" });
    const song = await world.fileOf(a, { kind: "audio", name: "song.mp3" });
    const voice = await world.fileOf(b, { kind: "audio", name: "voice.webm" });
    const doc = await world.fileOf(a, { kind: "document", name: "plan.pdf" });
    await a.api.messages.send({ chatId, attachments: [photos[0]!.id, photos[1]!.id] });
    await b.api.messages.send({ chatId, attachments: [clip.id] });
    await a.api.messages.send({ chatId, attachments: [photos[2]!.id, song.id, doc.id] });
    await b.api.messages.send({ chatId, kind: "voice", attachments: [voice.id], durationSec: 2 });

    const names = async (kind: "media" | "audio" | "docs") =>
      (await b.api.chats.files({ chatId, kind })).items.map((i) => i.file.name);
    expect(await names("media")).toEqual(["p3.png", "clip.mp4", "p1.png", "p2.png"]);
    expect(await names("audio")).toEqual(["song.mp3"]);
    expect(await names("docs")).toEqual(["plan.pdf"]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof b.api.chats.files>> = await b.api.chats.files({ chatId, kind: "media", limit: 1, cursor });
      seen.push(...page.items.map((i) => i.file.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["p3.png", "clip.mp4", "p1.png", "p2.png"]);

    const first = (await b.api.chats.files({ chatId, kind: "media" })).items[0]!;
    expect(first).toMatchObject({ senderId: a.user.id, file: { kind: "image" } });
    // Deleted for me: gone from my gallery only.
    await b.api.messages.delete({ messageId: first.messageId, scope: "me" });
    expect(await names("media")).toEqual(["clip.mp4", "p1.png", "p2.png"]);
    expect((await a.api.chats.files({ chatId, kind: "media" })).items).toHaveLength(4);

    expect((await refusal(outsider.api.chats.files({ chatId, kind: "media" }))).code).toBe("NOT_FOUND");
    expect((await refusal(b.api.chats.files({ chatId, kind: "media", cursor: "junk" }))).code).toBe("BAD_REQUEST");
  });
});

describe("the music page", () => {
  test("lists every audio file I may see: my uploads and music sent in my chats, not voice notes or others' chats", async () => {
    const { a, b, chatId } = await world.directChat();
    const stranger = await world.signUp();
    const tags = { title: "Blue", artist: "The Rays", album: "Sky", year: 1999 };
    const mine = await world.fileOf(a, { kind: "audio", name: "mine.mp3", audio: tags, durationSec: 200 });
    const shared = await world.fileOf(b, { kind: "audio", name: "shared.mp3" });
    const voice = await world.fileOf(b, { kind: "audio", name: "voice.webm" });
    await world.fileOf(stranger, { kind: "audio", name: "elsewhere.mp3" });
    await world.fileOf(a, { kind: "image", name: "not-music.png" });
    await b.api.messages.send({ chatId, attachments: [shared.id] });
    await b.api.messages.send({ chatId, kind: "voice", attachments: [voice.id], durationSec: 3 });

    const all = await a.api.music.all();
    expect(all.items.map((f) => f.name).sort()).toEqual(["mine.mp3", "shared.mp3"]);
    expect(all.items.find((f) => f.id === mine.id)).toMatchObject({ audio: { ...tags, coverUrl: null }, durationSec: 200 });
    expect((await b.api.music.all()).items.map((f) => f.name)).toEqual(["shared.mp3"]);

    const first = await a.api.music.all({ limit: 1 });
    const second = await a.api.music.all({ limit: 1, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((f) => f.id).sort()).toEqual(all.items.map((f) => f.id).sort());
    expect(second.nextCursor).toBeNull();
  });
});

describe("avatars", () => {
  test("my own uploaded picture becomes my avatar, which everyone signed in may fetch", async () => {
    const a = await world.signUp();
    const b = await world.signUp();
    const picture = await world.fileOf(a, { kind: "image", mimeType: "image/jpeg" });
    const me = await a.api.users.updateMe({ avatarFileId: picture.id });
    expect(me.avatarUrl).toBe(`/api/files/${picture.id}`);
    expect((await b.api.users.byId({ userId: a.user.id })).avatarUrl).toBe(me.avatarUrl);
    expect(await b.api.files.byId({ fileId: picture.id })).toMatchObject({ id: picture.id });
    expect((await a.api.users.updateMe({ avatarFileId: null })).avatarUrl).toBeNull();
    expect((await refusal(b.api.files.byId({ fileId: picture.id }))).code).toBe("NOT_FOUND");
  });

  test("only a raster image of my own", async () => {
    const a = await world.signUp();
    const b = await world.signUp();
    const vector = await world.fileOf(a, { kind: "image", mimeType: "image/svg+xml" });
    expect((await refusal(a.api.users.updateMe({ avatarFileId: vector.id }))).code).toBe("BAD_REQUEST");
    const doc = await world.fileOf(a, { kind: "document" });
    expect((await refusal(a.api.users.updateMe({ avatarFileId: doc.id }))).code).toBe("BAD_REQUEST");
    const theirs = await world.fileOf(b, { kind: "image" });
    expect((await refusal(a.api.users.updateMe({ avatarFileId: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await a.api.auth.me()).avatarUrl).toBeNull();
  });
});
