"use client";
// Opening a secure message in this browser: the text already opened (kept in the key store,
// encrypted under a local key, so it outlives its prekey), else verified and decrypted with
// this device's prekeys and the sender device's identity key from keys.bundles.
import { openMessage, type SecureEnvelope } from "@/lib/secure";
import { keyStoreOf, type Client, ensureDevice } from "./device";
import { secureStateOf, senderKeyOf, type SecureState } from "./secure-state";

type Bundles = Awaited<ReturnType<Client["keys"]["bundles"]["query"]>>;

// Texts opened during this page's life, so a bubble shows at once when it is drawn again.
const opened = new Map<string, string>();
const memoryKey = (userId: string, messageId: string) => `${userId}:${messageId}`;

export async function rememberText(userId: string, messageId: string, text: string) {
  opened.set(memoryKey(userId, messageId), text);
  await (await keyStoreOf(userId)).cacheText(messageId, text);
}

export const openedText = (userId: string, messageId: string) => opened.get(memoryKey(userId, messageId)) ?? null;

export async function openSecure(
  client: Client,
  userId: string,
  message: { id: string; chatId: string; secure: SecureEnvelope },
  /** The chat's bundles; `fresh`: fetched again (a sender device seen for the first time). */
  bundles: (fresh: boolean) => Promise<Bundles>,
): Promise<SecureState> {
  const known = openedText(userId, message.id);
  if (known !== null) return { kind: "text", text: known };
  const store = await keyStoreOf(userId);
  const cached = await store.cachedText(message.id);
  if (cached !== null) {
    opened.set(memoryKey(userId, message.id), cached);
    return { kind: "text", text: cached };
  }
  // Reading is a first use too: from now on what is sent here is sealed for this browser.
  const device = await ensureDevice(client, userId);
  const sender = message.secure.senderDeviceId;
  const senderIdentityKey = senderKeyOf(await bundles(false), sender) ?? senderKeyOf(await bundles(true), sender);
  const result = await openMessage({
    chatId: message.chatId,
    envelope: message.secure,
    deviceId: device.id,
    prekeys: await store.prekeys(),
    senderIdentityKey,
  });
  if (result.ok) await rememberText(userId, message.id, result.text);
  return secureStateOf(result);
}
