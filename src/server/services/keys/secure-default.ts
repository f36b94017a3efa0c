// "Always secure" for a direct chat: both people's composers start locked.
import { and, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import { chats } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { setSecureDefaultInput } from "@/lib/validators";
import type { ServiceDeps } from "@/server/services/deps";
import { requireDirectChat } from "./devices";

export async function setSecureDefault(deps: ServiceDeps, userId: string, input: z.infer<typeof setSecureDefaultInput>): Promise<{ ok: true }> {
  return commitWithEvents(deps, async (tx, emit) => {
    await requireDirectChat(tx, input.chatId, userId);
    const [changed] = await tx
      .update(chats)
      .set({ secureDefault: input.secure })
      .where(and(eq(chats.id, input.chatId), ne(chats.secureDefault, input.secure)))
      .returning({ id: chats.id });
    // Only a change is news to the other person.
    if (changed) emit({ type: "chat:updated", data: { chatId: input.chatId, action: "secure" } }, { chatId: input.chatId });
    return { ok: true as const };
  });
}
