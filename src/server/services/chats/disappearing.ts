// Disappearing messages: a chat's timer. Either person of a direct chat sets it; in other
// chats the owner and admins do. Messages sent while it is on expire (jobs/message-expiry.ts).
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { chats } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { setDisappearingInput } from "@/lib/validators";
import { timerLabel } from "@/lib/disappearing";
import { lockChat, requireMembership } from "@/server/services/chats/access";
import { nameOf, postSystem } from "@/server/services/chats/groups";
import { chatInfo, type ChatInfo } from "@/server/services/chats/summary";
import { forbidden } from "@/server/services/errors";
import type { ServiceDeps } from "@/server/services/deps";

export async function setDisappearing(deps: ServiceDeps, userId: string, input: z.infer<typeof setDisappearingInput>): Promise<ChatInfo> {
  await commitWithEvents(deps, async (tx, emit) => {
    await lockChat(tx, input.chatId);
    const membership = await requireMembership(tx, input.chatId, userId);
    const [chat] = await tx.select({ type: chats.type, seconds: chats.disappearingSeconds }).from(chats).where(eq(chats.id, input.chatId));
    if (chat!.type !== "direct" && membership.role === "member") {
      throw forbidden("Only the group's owner and admins can change disappearing messages");
    }
    if (chat!.seconds === input.seconds) return;
    await tx.update(chats).set({ disappearingSeconds: input.seconds }).where(eq(chats.id, input.chatId));
    const name = await nameOf(tx, userId);
    const line = input.seconds
      ? `${name} set disappearing messages to ${timerLabel(input.seconds)}`
      : `${name} turned off disappearing messages`;
    await postSystem(tx, emit, input.chatId, userId, line);
    emit({ type: "chat:updated", data: { chatId: input.chatId, action: "disappearing" } }, { chatId: input.chatId });
  });
  return chatInfo(deps.db, userId, input.chatId);
}
