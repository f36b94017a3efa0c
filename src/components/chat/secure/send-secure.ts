"use client";
// Sending a secure message: sealed here for every active device of both people, as keys.bundles
// lists them now, each prekey checked against its device's identity first. When the devices
// changed between the bundles and the send, the server refuses (CONFLICT) and it is sealed again.
import { isTRPCClientError } from "@trpc/client";
import { sealMessage, verifyPrekey } from "@/lib/secure";
import type { MessageView } from "@/lib/api-types";
import { ensureDevice, SecureError, type Client } from "./device";
import { rememberText } from "./open-secure";
import { activeDevices, identityKeysOf } from "./secure-state";

const ATTEMPTS = 3;

export async function sendSecureText(
  client: Client,
  userId: string,
  input: { chatId: string; clientId: string; text: string; replyToId?: string | null },
): Promise<MessageView> {
  const device = await ensureDevice(client, userId).catch((error: unknown) => {
    // The server's answer (or its absence) goes on as it is; this browser's own failure is said so.
    if (isTRPCClientError(error)) throw error;
    throw new SecureError(`Could not set up encryption on this device: ${error instanceof Error ? error.message : "unknown error"}`);
  });
  for (let attempt = 1; ; attempt++) {
    const bundles = await client.keys.bundles.query({ chatId: input.chatId });
    // Sealed for nobody on the other side, it could never be read there: say so instead.
    if (bundles.people.some((person) => person.userId !== userId && identityKeysOf(bundles, person.userId).length === 0)) {
      throw new SecureError("The other person has not set up encrypted messages yet. Ask them to turn on the lock in this chat.");
    }
    const recipients = activeDevices(bundles);
    const checked = await Promise.all(recipients.map((d) => verifyPrekey(d.identityKey, d.prekey)));
    if (checked.includes(false)) throw new SecureError("A device in this chat has keys that do not verify. Not sent.");
    const envelope = await sealMessage({
      chatId: input.chatId,
      text: input.text,
      senderDeviceId: device.id,
      identity: device.identity,
      recipients: recipients.map((d) => ({ id: d.id, prekey: d.prekey })),
    }).catch((error: unknown) => {
      throw new SecureError(error instanceof Error ? error.message : "The message could not be encrypted.");
    });
    try {
      const { message } = await client.messages.sendSecure.mutate({
        chatId: input.chatId,
        clientId: input.clientId,
        envelope,
        replyToId: input.replyToId ?? undefined,
      });
      await rememberText(userId, message.id, input.text);
      return message;
    } catch (error) {
      const conflict = isTRPCClientError(error) && error.data?.code === "CONFLICT" && /devices/i.test(error.message);
      if (!conflict || attempt >= ATTEMPTS) throw error;
    }
  }
}
