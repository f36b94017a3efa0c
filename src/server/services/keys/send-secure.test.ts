// Secure messages through the API, sealed and opened in Node with the browser's own crypto
// module: every device of both people reads them, the server keeps nothing readable, and it
// refuses what it can tell is wrong (a bad signature, a stale picture of the devices).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newPrekey, publishPrekey, type SecureEnvelope } from "@/lib/secure";
import { rowsOf } from "@/server/db/rows";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";
import { activeDevices, newDevice, openAs, seal } from "@/server/testing/secure-devices";

let world: TestWorld;
let sent = 0;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const clientId = () => `secure-${(sent += 1)}`;

/** A direct chat where a has a laptop and a phone and b one device. */
async function secureChat() {
  const { a, b, outsider, chatId } = await world.directChat();
  const [laptop, phone, bs] = [await newDevice(a, "Laptop"), await newDevice(a, "Phone"), await newDevice(b, "Tablet")];
  return { a, b, outsider, chatId, laptop, phone, bs };
}

/** The same envelope with one character of `field` changed (still well-formed base64url). */
function tampered(envelope: SecureEnvelope, field: "ciphertext" | "signature"): SecureEnvelope {
  const value = envelope[field];
  const i = 5;
  return { ...envelope, [field]: value.slice(0, i) + (value[i] === "A" ? "B" : "A") + value.slice(i + 1) };
}

describe("messages.sendSecure", () => {
  test("every device of both people opens it; history, the live event and the chat list carry the envelope, no text", async () => {
    const { a, b, chatId, laptop, phone, bs } = await secureChat();
    const stream = await world.listen(b.token);
    const envelope = await seal(laptop, chatId, "the pelican lands at dawn");
    const { message } = await a.api.messages.sendSecure({ chatId, clientId: clientId(), envelope });
    expect(message).toMatchObject({ kind: "secure", content: "", secure: envelope, senderId: a.user.id, editableUntil: null });

    const live = (await stream.until((es) => es.some((e) => e.type === "message:new"))).find((e) => e.type === "message:new");
    await stream.stop();
    expect(live?.type === "message:new" && live.data.message.secure).toEqual(envelope);
    const [listed] = (await b.api.messages.list({ chatId })).items;
    expect(listed).toMatchObject({ id: message.id, kind: "secure", content: "", secure: envelope });
    for (const reader of [bs, phone, laptop]) expect(await openAs(reader, listed!)).toEqual({ ok: true, text: "the pelican lands at dawn" });
    const preview = (await b.api.chats.list()).items.find((c) => c.id === chatId)!.lastMessage;
    expect(preview).toMatchObject({ id: message.id, kind: "secure", content: "" });
  });

  test("a client that resumes the live stream gets the message with its envelope", async () => {
    const { a, b, chatId, laptop, bs } = await secureChat();
    const { message } = await a.api.messages.sendSecure({ chatId, clientId: clientId(), envelope: await seal(laptop, chatId, "while you were away") });
    const stream = await world.listen(b.token, { lastEventId: "0" });
    const replayed = (await stream.until((es) => es.some((e) => e.type === "message:new" && e.data.message.id === message.id))).find(
      (e) => e.type === "message:new" && e.data.message.id === message.id,
    );
    await stream.stop();
    expect(replayed?.type === "message:new" && (await openAs(bs, replayed.data.message))).toEqual({ ok: true, text: "while you were away" });
  });

  test("no column of any table, the event log included, holds a word of it; search finds nothing", async () => {
    const { a, b, chatId, laptop, bs } = await secureChat();
    const words = ["zanzibar", "marmalade", "quixotic"];
    const { message } = await a.api.messages.sendSecure({ chatId, clientId: clientId(), envelope: await seal(laptop, chatId, words.join(" ")) });
    const reply = await seal(bs, chatId, "xylophone at midnight");
    await b.api.messages.sendSecure({ chatId, clientId: clientId(), envelope: reply, replyToId: message.id });
    await b.api.messages.report({ messageId: message.id, reason: "Checking what a report keeps" });

    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await world.db.execute(sql`
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type IN ('text', 'jsonb', 'json', 'character varying')`),
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(expect.arrayContaining(["messages.secure", "events.data", "messages.content"]));
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      for (const word of [...words, "xylophone"]) {
        const [row] = rowsOf<{ n: number }>(
          await world.db.execute(
            sql`SELECT count(*)::int AS n FROM ${sql.identifier(table_name)} WHERE ${sql.identifier(column_name)}::text ILIKE ${`%${word}%`}`,
          ),
        );
        if (row!.n > 0) found.push(`${table_name}.${column_name}: ${word}`);
      }
    }
    expect(found).toEqual([]);
    for (const word of words) {
      expect((await a.api.messages.search({ q: word })).items).toEqual([]);
      expect((await b.api.messages.search({ q: word, chatId })).items).toEqual([]);
    }
  });

  test("a retry with the same clientId returns the same message, even after the devices changed", async () => {
    const { a, b, chatId, laptop } = await secureChat();
    const input = { chatId, clientId: clientId(), envelope: await seal(laptop, chatId, "only once") };
    const first = await a.api.messages.sendSecure(input);
    await newDevice(b, "New phone");
    const again = await a.api.messages.sendSecure(input);
    expect(again.message.id).toBe(first.message.id);
    expect((await b.api.messages.list({ chatId })).items.map((m) => m.id)).toEqual([first.message.id]);
    // The same client id in another chat is refused, never a second message.
    const other = await world.signUp();
    await newDevice(other);
    const otherChat = (await a.api.chats.openDirect({ userId: other.user.id })).id;
    const reused = await refusal(a.api.messages.sendSecure({ ...input, chatId: otherChat, envelope: await seal(laptop, otherChat, "again") }));
    expect(reused.code).toBe("CONFLICT");
    expect((await other.api.messages.list({ chatId: otherChat })).items).toEqual([]);
  });

  test("sealed to a stale picture of the devices: CONFLICT, and nothing is sent", async () => {
    const { a, b, chatId, laptop, phone, bs } = await secureChat();
    const everyone = await activeDevices(a, chatId);
    const conflict = async (recipients: typeof everyone) => {
      const refused = await refusal(a.api.messages.sendSecure({ chatId, clientId: clientId(), envelope: await seal(laptop, chatId, "hi", recipients) }));
      return [refused.code, refused.message];
    };
    const changed = ["CONFLICT", "The devices in this chat changed"];
    // b's device left out.
    expect(await conflict(everyone.filter((d) => d.id !== bs.device.id))).toEqual(changed);
    // a's own other device left out.
    expect(await conflict(everyone.filter((d) => d.id !== phone.device.id))).toEqual(changed);
    // A device b added since.
    const added = await newDevice(b, "Second tablet");
    expect(await conflict(everyone)).toEqual(changed);
    // b's prekey replaced since.
    const nextPrekey = await newPrekey(bs.keys.identity, 2);
    await b.api.keys.rotatePrekey({ deviceId: bs.device.id, prekey: await publishPrekey(bs.keys.identity, nextPrekey) });
    expect(await conflict([...everyone, added.device])).toEqual(changed);
    // A revoked device still sealed to.
    await b.api.keys.revoke({ deviceId: added.device.id });
    const current = await activeDevices(a, chatId);
    expect(current.map((d) => d.id)).not.toContain(added.device.id);
    expect(await conflict([...current, added.device])).toEqual(changed);
    expect((await b.api.messages.list({ chatId })).items).toEqual([]);
    // Sealed again to what bundles say now, it goes.
    const { message } = await a.api.messages.sendSecure({ chatId, clientId: clientId(), envelope: await seal(laptop, chatId, "hi", current) });
    expect(await openAs({ ...bs, keys: { ...bs.keys, prekey: nextPrekey } }, message)).toEqual({ ok: true, text: "hi" });
  });

  test("a tampered envelope, one signed by another key or for another chat, or sent from someone else's device: BAD_REQUEST", async () => {
    const { a, b, chatId, laptop, bs } = await secureChat();
    const envelope = await seal(laptop, chatId, "signed words");
    const unverified = ["BAD_REQUEST", "The message could not be verified"];
    const send = async (envelope: SecureEnvelope, who = a, chat = chatId) => {
      const refused = await refusal(who.api.messages.sendSecure({ chatId: chat, clientId: clientId(), envelope }));
      return [refused.code, refused.message];
    };
    expect(await send(tampered(envelope, "signature"))).toEqual(unverified);
    expect(await send(tampered(envelope, "ciphertext"))).toEqual(unverified);
    // Signed by b's device but claiming to be from a's laptop.
    const forged = await seal({ ...bs, device: laptop.device }, chatId, "forged", await activeDevices(a, chatId));
    expect(await send(forged)).toEqual(unverified);
    // b cannot send as a's device.
    expect((await send(envelope, b))[0]).toBe("BAD_REQUEST");
    // Replayed into another chat of a's with b's devices: the signature names the chat.
    const { chatId: otherChat } = await (async () => {
      const c = await world.signUp();
      await newDevice(c);
      return { chatId: (await a.api.chats.openDirect({ userId: c.user.id })).id };
    })();
    expect(await send(envelope, a, otherChat)).toEqual(unverified);
    // A revoked device can no longer send.
    await a.api.keys.revoke({ deviceId: laptop.device.id });
    expect((await send(await seal(laptop, chatId, "after revoke", await activeDevices(a, chatId))))[0]).toBe("BAD_REQUEST");
    expect((await b.api.messages.list({ chatId })).items).toEqual([]);
  });

  test("only in a direct chat I am in, and only when the other person has a device with keys", async () => {
    const { a, b, outsider, chatId, laptop } = await secureChat();
    const envelope = await seal(laptop, chatId, "psst");
    expect((await refusal(outsider.api.messages.sendSecure({ chatId, clientId: clientId(), envelope }))).code).toBe("NOT_FOUND");
    const groupId = await world.group(a, [b]);
    expect((await refusal(a.api.messages.sendSecure({ chatId: groupId, clientId: clientId(), envelope }))).code).toBe("BAD_REQUEST");
    const nobody = await world.signUp();
    const lonely = (await a.api.chats.openDirect({ userId: nobody.user.id })).id;
    const refused = await refusal(a.api.messages.sendSecure({ chatId: lonely, clientId: clientId(), envelope: await seal(laptop, lonely, "anyone?") }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: "The other person has no device with encryption keys yet" });
    // A clientId is required.
    expect((await refusal(a.api.messages.sendSecure({ chatId, envelope } as never))).fieldErrors).toHaveProperty("clientId");
  });

  test("cannot be edited or forwarded; deleted for everyone, its envelope goes; a reply quotes it without text", async () => {
    const { a, b, chatId, laptop, bs } = await secureChat();
    const { message } = await a.api.messages.sendSecure({ chatId, clientId: clientId(), envelope: await seal(laptop, chatId, "keep this close") });
    const edit = await refusal(a.api.messages.edit({ messageId: message.id, content: "changed" }));
    expect(edit).toMatchObject({ code: "BAD_REQUEST", message: "Secure messages cannot be edited" });
    const groupId = await world.group(a, [b]);
    const forward = await refusal(a.api.messages.forward({ messageId: message.id, toChatIds: [groupId] }));
    expect(forward).toMatchObject({ code: "BAD_REQUEST", message: "Secure messages cannot be forwarded" });

    const { message: reply } = await b.api.messages.sendSecure({
      chatId,
      clientId: clientId(),
      envelope: await seal(bs, chatId, "will do"),
      replyToId: message.id,
    });
    expect(reply.replyTo).toMatchObject({ id: message.id, kind: "secure", content: "" });

    await a.api.messages.delete({ messageId: message.id, scope: "everyone" });
    expect(await b.api.messages.byId({ messageId: message.id })).toMatchObject({ kind: "secure", content: "", secure: null });
    const [row] = rowsOf<{ secure: unknown }>(await world.db.execute(sql`SELECT secure FROM messages WHERE id = ${message.id}`));
    expect(row!.secure).toBeNull();
  });
});
