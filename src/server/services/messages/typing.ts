// Typing indicators. A client calls setTyping(true) every few seconds while its person types;
// the indicator stops on setTyping(false) or by itself TYPING_TIMEOUT_MS after the last call.
// Only the start and the stop are events (a refresh only re-arms the timer), sent to the
// other members of the chat. The stop timer runs on the instance where the typing started.
// With several instances, who is typing is also kept in Redis (typing-shared.ts), so that a
// stream on any instance can tell who is typing now, and a refresh or stop that reaches
// another instance counts; alone, or while Redis is unreachable, this instance's timers are
// the whole record.
import type { z } from "zod";
import type { EventBus } from "@/server/events/bus";
import { publishEphemeral } from "@/server/events/log";
import { log } from "@/server/log";
import type { setTypingInput } from "@/lib/validators";
import { requireMembership } from "@/server/services/chats/access";
import { arm, disarm } from "@/server/services/timers";
import type { ServiceDeps } from "@/server/services/deps";
import type { SharedTyping } from "./typing-shared";

export const TYPING_TIMEOUT_MS = 5_000;

type Typing = {
  /** "chatId:userId" → the timer that ends it, for typing that started here. */
  timers: Map<string, NodeJS.Timeout>;
  shared: SharedTyping | null;
  timeoutMs: number;
};

// Per bus: one per process; tests make their own.
const typingByBus = new WeakMap<EventBus, Typing>();

function typingOf(bus: EventBus): Typing {
  let typing = typingByBus.get(bus);
  if (!typing) typingByBus.set(bus, (typing = { timers: new Map(), shared: null, timeoutMs: TYPING_TIMEOUT_MS }));
  return typing;
}

/** Keeps who is typing where every instance sees it (Redis); tests also shorten the timeout. */
export function configureTyping(bus: EventBus, settings: { shared?: SharedTyping | null; timeoutMs?: number }): void {
  const typing = typingOf(bus);
  if (settings.shared !== undefined) typing.shared = settings.shared;
  if (settings.timeoutMs !== undefined) typing.timeoutMs = settings.timeoutMs;
}

/** The shared record's answer, or null when there is none or Redis did not answer (then this instance decides alone). */
async function ask<T>(typing: Typing, question: (shared: SharedTyping) => Promise<T>): Promise<T | null> {
  if (!typing.shared) return null;
  // Redis being down is reported once by redis.ts; typing carries on per instance meanwhile.
  return question(typing.shared).catch(() => null);
}

export async function setTyping(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof setTypingInput>,
): Promise<{ typing: boolean; expiresAt: string | null }> {
  await requireMembership(deps.db, input.chatId, userId);
  if (!input.typing) {
    await endTyping(deps, input.chatId, userId);
    return { typing: false, expiresAt: null };
  }
  const typing = typingOf(deps.bus);
  const key = `${input.chatId}:${userId}`;
  const startedHere = typing.timers.has(key);
  const started = (await ask(typing, (shared) => shared.start(key, typing.timeoutMs))) ?? !startedHere;
  // A refresh of typing that started on another instance leaves the stop to that one's timer.
  if (started || startedHere) armStop(deps, typing, input.chatId, userId, typing.timeoutMs);
  if (started) await announce(deps, input.chatId, userId, true);
  return { typing: true, expiresAt: new Date(Date.now() + typing.timeoutMs).toISOString() };
}

/** At the end of the timeout, the stop, unless a refresh that reached another instance moved it. */
function armStop(deps: ServiceDeps, typing: Typing, chatId: string, userId: string, ms: number) {
  const key = `${chatId}:${userId}`;
  arm(typing.timers, key, ms, () => {
    void (async () => {
      const left = await ask(typing, (shared) => shared.expire(key));
      if (left !== null && left > 0) return armStop(deps, typing, chatId, userId, left);
      // -1: stopped on another instance, which announced it.
      if (left === null || left === 0) await announce(deps, chatId, userId, false);
    })().catch((error) => log.warn("typing:stop failed", error));
  });
}

/** Who is typing right now, in which chat (what a resuming stream tells its client). */
export async function typingNow(bus: EventBus): Promise<{ chatId: string; userId: string }[]> {
  const typing = typingOf(bus);
  const keys = (await ask(typing, (shared) => shared.list())) ?? [...typing.timers.keys()];
  return keys.map((key) => {
    const [chatId, userId] = key.split(":") as [string, string];
    return { chatId, userId };
  });
}

/** A message from someone ends their typing at once (no need to wait for their stop or the timer). */
export async function endTyping(deps: ServiceDeps, chatId: string, userId: string): Promise<void> {
  const typing = typingOf(deps.bus);
  const key = `${chatId}:${userId}`;
  const startedHere = typing.timers.has(key);
  disarm(typing.timers, key);
  const wasTyping = (await ask(typing, (shared) => shared.end(key))) ?? startedHere;
  if (wasTyping) await announce(deps, chatId, userId, false);
}

async function announce(deps: ServiceDeps, chatId: string, userId: string, typing: boolean) {
  await publishEphemeral(deps, { type: typing ? "typing:start" : "typing:stop", data: { chatId, userId } }, { chatId, exceptUserId: userId });
}
