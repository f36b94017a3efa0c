// Sending a secure message: the server cannot read it, so it checks what it can. The envelope
// is signed by one of the sender's active devices (for this chat), and carries a content key
// for exactly the active devices of both people, each under its current prekey. A client that
// sealed to an older picture of the devices is told so (CONFLICT) and seals again.
import type { z } from "zod";
import { verifyEnvelope, type SecureEnvelope } from "@/lib/secure";
import type { sendSecureInput } from "@/lib/validators";
import type { Executor } from "@/server/db";
import { commitWithEvents } from "@/server/events/log";
import { lockChat } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";
import type { MessageView } from "@/server/services/dto";
import { badRequest, conflict, isUniqueViolation } from "@/server/services/errors";
import { appendMessage, earlierSend, requireReplyTarget } from "@/server/services/messages/send";
import { endTyping } from "@/server/services/messages/typing";
import { chatDevices, requireDirectChat, type SecureDeviceRow } from "./devices";

type SendSecureInput = z.infer<typeof sendSecureInput>;

export const DEVICES_CHANGED = "The devices in this chat changed";

export async function sendSecure(deps: ServiceDeps, senderId: string, input: SendSecureInput): Promise<{ message: MessageView }> {
  try {
    const message = await commitWithEvents(deps, async (tx, emit) => {
      const memberIds = await requireDirectChat(tx, input.chatId, senderId);
      await lockChat(tx, input.chatId);
      // A retry gets the original back, whatever changed since.
      const original = await earlierSend(tx, senderId, input);
      if (original) return original;
      await requireSealedForNow(tx, senderId, input.chatId, memberIds, input.envelope);
      if (input.replyToId) await requireReplyTarget(tx, input.chatId, input.replyToId);
      return appendMessage(tx, emit, {
        chatId: input.chatId,
        senderId,
        kind: "secure",
        // Nothing readable, so nothing searchable.
        content: "",
        secure: input.envelope,
        clientId: input.clientId,
        replyToId: input.replyToId ?? null,
      });
    });
    await endTyping(deps, input.chatId, senderId);
    return { message };
  } catch (error) {
    if (!isUniqueViolation(error, "messages_sender_client_id_idx")) throw error;
    // The same client id committed first in another chat (CONFLICT), or in this one.
    const original = await earlierSend(deps.db, senderId, input);
    if (original) return { message: original };
    throw error;
  }
}

async function requireSealedForNow(tx: Executor, senderId: string, chatId: string, memberIds: string[], envelope: SecureEnvelope) {
  // Held until the message is committed: no device is revoked or rekeyed under it.
  const devices = await chatDevices(tx, memberIds, { lock: true });
  const active = devices.filter((d) => d.revokedAt === null);
  const sender = active.find((d) => d.id === envelope.senderDeviceId && d.userId === senderId);
  if (!sender) throw badRequest("Send from one of your own devices with encryption keys");
  if (!(await verifyEnvelope(chatId, envelope, sender.identityKey))) throw badRequest("The message could not be verified");
  // Sealing again would not help: nobody on the other side could ever open it.
  if (memberIds.some((id) => id !== senderId && !active.some((d) => d.userId === id))) {
    throw badRequest("The other person has no device with encryption keys yet");
  }
  if (!sealedForExactly(envelope, active)) throw conflict(DEVICES_CHANGED);
}

/** Each active device once, under its current prekey, and no other. */
function sealedForExactly(envelope: SecureEnvelope, active: SecureDeviceRow[]): boolean {
  if (envelope.keys.length !== active.length) return false;
  const prekeyOf = new Map(active.map((d) => [d.id, d.prekeyId]));
  return envelope.keys.every((key) => prekeyOf.get(key.deviceId) === key.prekeyId);
}
