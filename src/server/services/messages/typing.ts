// Typing indicators. A client calls setTyping(true) every few seconds while its person types;
// the indicator stops on setTyping(false) or by itself TYPING_TIMEOUT_MS after the last call.
// Only the start and the stop are events (a refresh only re-arms the timer), sent to the
// other members of the chat.
import type { z } from "zod";
import type { EventBus } from "@/server/events/bus";
import { publishEphemeral } from "@/server/events/log";
import { log } from "@/server/log";
import type { setTypingInput } from "@/lib/validators";
import { requireMembership } from "@/server/services/chats/access";
import { arm, disarm } from "@/server/services/timers";
import type { ServiceDeps } from "@/server/services/deps";

export const TYPING_TIMEOUT_MS = 5_000;

// Who is typing where, per bus (one per process; tests make their own): "chatId:userId" → the
// timer that ends it.
const typingByBus = new WeakMap<EventBus, Map<string, NodeJS.Timeout>>();

export async function setTyping(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof setTypingInput>,
): Promise<{ typing: boolean; expiresAt: string | null }> {
  await requireMembership(deps.db, input.chatId, userId);
  let timers = typingByBus.get(deps.bus);
  if (!timers) typingByBus.set(deps.bus, (timers = new Map()));
  const key = `${input.chatId}:${userId}`;
  const wasTyping = timers.has(key);

  if (!input.typing) {
    disarm(timers, key);
    if (wasTyping) await announce(deps, input.chatId, userId, false);
    return { typing: false, expiresAt: null };
  }
  arm(timers, key, TYPING_TIMEOUT_MS, () => {
    announce(deps, input.chatId, userId, false).catch((error) => log.warn("typing:stop failed", error));
  });
  if (!wasTyping) await announce(deps, input.chatId, userId, true);
  return { typing: true, expiresAt: new Date(Date.now() + TYPING_TIMEOUT_MS).toISOString() };
}

/** Who is typing right now, in which chat (what a resuming stream tells its client). */
export function typingNow(bus: EventBus): { chatId: string; userId: string }[] {
  return [...(typingByBus.get(bus)?.keys() ?? [])].map((key) => {
    const [chatId, userId] = key.split(":") as [string, string];
    return { chatId, userId };
  });
}

/** A message from someone ends their typing at once (no need to wait for their stop or the timer). */
export async function endTyping(deps: ServiceDeps, chatId: string, userId: string): Promise<void> {
  const timers = typingByBus.get(deps.bus);
  const key = `${chatId}:${userId}`;
  if (!timers?.has(key)) return;
  disarm(timers, key);
  await announce(deps, chatId, userId, false);
}

async function announce(deps: ServiceDeps, chatId: string, userId: string, typing: boolean) {
  await publishEphemeral(deps, { type: typing ? "typing:start" : "typing:stop", data: { chatId, userId } }, { chatId, exceptUserId: userId });
}
