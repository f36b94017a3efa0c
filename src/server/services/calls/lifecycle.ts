// Audio and video calls of a direct chat: ringing → active → ended, or missed, declined,
// cancelled, busy. Each transition happens under the call's row lock, so two answers, an
// answer against the ring timeout, or an end against an answer settle in one order; "busy"
// is decided under per-person locks, so two people cannot both ring the same person at once.
// Every finished call leaves a system line in its chat and a `call:ended` for both parties.
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/server/db";
import { chatMembers, chats, calls, messages, users } from "@/server/db/schema";
import { commitWithEvents, type Emit, publishEphemeral } from "@/server/events/log";
import { log } from "@/server/log";
import {
  callSummary,
  type CallStatus,
  type CallType,
  type FinishedCallStatus,
  MAX_SIGNAL_BYTES,
  type initiateCallInput,
  type SignalData,
} from "@/lib/calls";
import type { TRPCError } from "@trpc/server";
import { callRuntime } from "@/server/services/calls/runtime";
import { arm, disarm } from "@/server/services/timers";
import { badRequest, conflict, forbidden, notFound, payloadTooLarge } from "@/server/services/errors";
import { appendMessage } from "@/server/services/messages/send";
import { iso, isoOrNull, type PublicUser, toPublicUser } from "@/server/services/dto";
import { lockChat, requireMembership } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";

export type CallRow = typeof calls.$inferSelect;

/** A call as one of its parties sees it. */
export type CallView = {
  id: string;
  chatId: string;
  type: CallType;
  status: CallStatus;
  /** "outgoing": I called; "incoming": I was called. */
  direction: "outgoing" | "incoming";
  initiatorId: string;
  calleeId: string;
  /** The other party. */
  peer: PublicUser;
  createdAt: string;
  /** Until when an unanswered call rings. */
  ringsUntil: string;
  answeredAt: string | null;
  endedAt: string | null;
  /** Seconds from the answer to the end; 0 for a call that never connected, null while live. */
  durationSec: number | null;
};

const LIVE: CallStatus[] = ["ringing", "active"];
// Any constant works; it only has to be the same for every writer (the other key is a person).
const CALL_PERSON_LOCK = 5_310_771;

export async function initiateCall(deps: ServiceDeps, userId: string, input: z.infer<typeof initiateCallInput>): Promise<CallView> {
  const { call, finished } = await commitWithEvents(deps, async (tx, emit) => {
    await requireMembership(tx, input.chatId, userId);
    const [chat] = await tx.select({ type: chats.type }).from(chats).where(eq(chats.id, input.chatId));
    if (chat?.type !== "direct") throw badRequest("Calls are possible only in a direct chat with one person");
    const [other] = await tx
      .select({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(and(eq(chatMembers.chatId, input.chatId), sql`${chatMembers.userId} <> ${userId}`));
    if (!other) throw badRequest("There is nobody else in this chat to call");
    const calleeId = other.userId;

    // Both people's locks, in one order for every caller, so crossing calls cannot deadlock.
    for (const personId of [userId, calleeId].sort()) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CALL_PERSON_LOCK}, hashtext(${personId}))`);
    }
    const live = await liveCallsOf(deps, tx, emit, [userId, calleeId]);
    if (live.some((c) => c.initiatorId === userId || c.calleeId === userId)) {
      throw conflict("You are already in a call; hang up before starting another");
    }
    const now = new Date();
    const busy = live.length > 0;
    const [row] = await tx
      .insert(calls)
      .values({
        chatId: input.chatId,
        initiatorId: userId,
        calleeId,
        type: input.type,
        status: busy ? "busy" : "ringing",
        // Set here, not by the database, so the history's keyset cursor (milliseconds) is exact.
        createdAt: now,
        endedAt: busy ? now : null,
        durationSec: busy ? 0 : null,
      })
      .returning();
    const call = row!;
    if (busy) {
      await recordEnd(tx, emit, call);
      return { call, finished: true };
    }
    const [initiator] = await tx.select().from(users).where(eq(users.id, userId));
    emit(
      {
        type: "call:incoming",
        data: {
          id: call.id,
          chatId: call.chatId,
          type: call.type,
          initiator: toPublicUser(initiator!),
          ringsUntil: iso(ringsUntil(deps, call)),
        },
      },
      { userId: calleeId },
    );
    return { call, finished: false };
  });
  if (!finished) armRing(deps, call);
  return callView(deps, userId, call);
}

export async function answerCall(deps: ServiceDeps, userId: string, callId: string): Promise<CallView> {
  const call = await transition(deps, userId, callId, async (tx, emit, current) => {
    if (current.status === "active") throw conflict("This call was already answered");
    if (current.initiatorId === userId) throw forbidden("Only the person being called can answer");
    const answeredAt = new Date();
    const [updated] = await tx
      .update(calls)
      .set({ status: "active", answeredAt })
      .where(eq(calls.id, current.id))
      .returning();
    const data = { id: current.id, chatId: current.chatId, status: "active" as const, answeredAt: iso(answeredAt) };
    emit({ type: "call:accepted", data }, { userId: current.initiatorId });
    emit({ type: "call:accepted", data }, { userId: current.calleeId });
    return updated!;
  });
  disarm(callRuntime(deps.bus).ringTimers, call.id);
  return callView(deps, userId, call);
}

export async function rejectCall(deps: ServiceDeps, userId: string, callId: string): Promise<CallView> {
  const call = await transition(deps, userId, callId, async (tx, emit, current) => {
    if (current.initiatorId === userId) throw forbidden("Only the person being called can decline; hang up instead");
    if (current.status === "active") throw conflict("This call was already answered; hang up instead");
    return finishCall(tx, emit, current, "rejected");
  });
  disarm(callRuntime(deps.bus).ringTimers, call.id);
  return callView(deps, userId, call);
}

/**
 * Either party hangs up: an answered call ends with its duration; a ringing one is cancelled
 * by its caller or declined by the person called.
 */
export async function endCall(deps: ServiceDeps, userId: string, callId: string): Promise<CallView> {
  const call = await transition(deps, userId, callId, async (tx, emit, current) => {
    const status = current.status === "active" ? "ended" : current.initiatorId === userId ? "cancelled" : "rejected";
    return finishCall(tx, emit, current, status);
  });
  disarm(callRuntime(deps.bus).ringTimers, call.id);
  return callView(deps, userId, call);
}

/** Relays WebRTC signal data to the other party of a live call, and to nobody else. */
export async function relaySignal(deps: ServiceDeps, userId: string, input: { callId: string; signal: SignalData }) {
  if (Buffer.byteLength(JSON.stringify(input.signal)) > MAX_SIGNAL_BYTES) {
    throw payloadTooLarge(`Signal data must be at most ${MAX_SIGNAL_BYTES / 1024} KB`);
  }
  const call = await requireCall(deps.db, userId, input.callId);
  if (!LIVE.includes(call.status)) throw finishedRefusal(call.status);
  if (isDue(deps, call)) {
    await expireCall(deps, call.id);
    throw conflict("This call has ended: nobody answered in time");
  }
  const to = call.initiatorId === userId ? call.calleeId : call.initiatorId;
  await publishEphemeral(
    deps,
    { type: "call:signal", data: { callId: call.id, chatId: call.chatId, fromUserId: userId, signal: input.signal } },
    { userId: to },
  );
  return { relayed: true };
}

/** My ringing or active call, if any (a page that opens mid-call picks it up from here). */
export async function currentCall(deps: ServiceDeps, userId: string): Promise<CallView | null> {
  await sweepDueCalls(deps, userId);
  const [call] = await deps.db
    .select()
    .from(calls)
    .where(and(or(eq(calls.initiatorId, userId), eq(calls.calleeId, userId)), inArray(calls.status, LIVE)))
    .orderBy(sql`${calls.createdAt} DESC`)
    .limit(1);
  return call ? callView(deps, userId, call) : null;
}

/**
 * Marks a ringing call missed if its ring time is up; anything else is left alone. Safe to call
 * any number of times, from any timer or sweep.
 */
export async function expireCall(deps: ServiceDeps, callId: string): Promise<void> {
  await commitWithEvents(deps, async (tx, emit) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
    if (call?.status === "ringing" && isDue(deps, call)) await finishCall(tx, emit, call, "missed");
  });
  disarm(callRuntime(deps.bus).ringTimers, callId);
}

/** The ringing calls of `userId` whose ring time is up become missed (a read never shows a stale "ringing"). */
export async function sweepDueCalls(deps: ServiceDeps, userId?: string): Promise<void> {
  const deadline = new Date(Date.now() - callRuntime(deps.bus).ringMs);
  const due = await deps.db
    .select({ id: calls.id })
    .from(calls)
    .where(
      and(
        userId ? or(eq(calls.initiatorId, userId), eq(calls.calleeId, userId)) : undefined,
        eq(calls.status, "ringing"),
        lte(calls.createdAt, deadline),
      ),
    );
  for (const { id } of due) await expireCall(deps, id);
}

/**
 * Ends a call someone left (their last connection stayed away through the grace period, or
 * the server is stopping): an answered call ends with its duration; a ringing one counts as
 * cancelled when its caller left and missed when the person called did.
 */
export async function abandonCall(deps: ServiceDeps, callId: string, leaverId: string | null): Promise<boolean> {
  const ended = await commitWithEvents(deps, async (tx, emit) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
    if (!call || !LIVE.includes(call.status)) return false;
    await finishCall(tx, emit, call, statusOnLeaving(call, leaverId));
    return true;
  });
  disarm(callRuntime(deps.bus).ringTimers, callId);
  return ended;
}

/** How a live call ends when `leaverId` (or the server: null) leaves it; see abandonCall. */
export function statusOnLeaving(call: CallRow, leaverId: string | null): FinishedCallStatus {
  return call.status === "active" ? "ended" : leaverId === call.initiatorId ? "cancelled" : "missed";
}

/** Starts the timer that marks a ringing call missed when its ring time is up. */
export function armRing(deps: ServiceDeps, call: Pick<CallRow, "id" | "createdAt">): void {
  const runtime = callRuntime(deps.bus);
  arm(runtime.ringTimers, call.id, ringsUntil(deps, call).getTime() - Date.now(), () => {
    expireCall(deps, call.id).catch((error) => log.warn("Could not mark a call missed", error));
  });
}

/**
 * Runs one transition of a live call under its row lock. A ringing call whose time is up is
 * first made missed (committed), and the transition is refused: the timeout came first.
 */
async function transition(
  deps: ServiceDeps,
  userId: string,
  callId: string,
  act: (tx: Executor, emit: Emit, call: CallRow) => Promise<CallRow>,
): Promise<CallRow> {
  const outcome = await commitWithEvents(deps, async (tx, emit) => {
    const call = await requireCall(tx, userId, callId, { lock: true });
    if (!LIVE.includes(call.status)) return { refusal: finishedRefusal(call.status) };
    if (isDue(deps, call)) {
      await finishCall(tx, emit, call, "missed");
      return { refusal: finishedRefusal("missed") };
    }
    return { call: await act(tx, emit, call) };
  });
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome.call;
}

function finishedRefusal(status: CallStatus): TRPCError {
  const how: Record<string, string> = {
    ended: "This call has already ended",
    rejected: "This call was declined",
    missed: "This call has ended: nobody answered in time",
    busy: "This call did not connect: the line was busy",
    cancelled: "This call was cancelled",
  };
  return conflict(how[status] ?? "This call has ended");
}

/** The call, if `userId` is one of its two parties; for anyone else it does not exist. */
async function requireCall(db: Executor, userId: string, callId: string, options: { lock?: boolean } = {}): Promise<CallRow> {
  const query = db.select().from(calls).where(eq(calls.id, callId));
  const [call] = options.lock ? await query.for("update") : await query;
  if (!call || (call.initiatorId !== userId && call.calleeId !== userId)) throw notFound("Call");
  return call;
}

/** The live calls of these people; a ringing one whose time is up is made missed on the way. */
async function liveCallsOf(deps: ServiceDeps, tx: Executor, emit: Emit, userIds: string[]): Promise<CallRow[]> {
  const rows = await tx
    .select()
    .from(calls)
    .where(and(or(inArray(calls.initiatorId, userIds), inArray(calls.calleeId, userIds)), inArray(calls.status, LIVE)))
    .for("update");
  const live: CallRow[] = [];
  for (const call of rows) {
    if (call.status === "ringing" && isDue(deps, call)) await finishCall(tx, emit, call, "missed");
    else live.push(call);
  }
  return live;
}

/** Puts a live call to its end (the caller holds its row lock) and records it. */
export async function finishCall(tx: Executor, emit: Emit, call: CallRow, status: FinishedCallStatus): Promise<CallRow> {
  const endedAt = new Date();
  const durationSec = status === "ended" && call.answeredAt ? Math.max(0, Math.floor((endedAt.getTime() - call.answeredAt.getTime()) / 1000)) : 0;
  const [updated] = await tx.update(calls).set({ status, endedAt, durationSec }).where(eq(calls.id, call.id)).returning();
  await recordEnd(tx, emit, updated!);
  return updated!;
}

/** The call's line in its chat, and `call:ended` to both parties. */
async function recordEnd(tx: Executor, emit: Emit, call: CallRow): Promise<void> {
  const status = call.status as FinishedCallStatus;
  const duration = call.durationSec ?? 0;
  await lockChat(tx, call.chatId);
  const line = await appendMessage(tx, emit, {
    chatId: call.chatId,
    // The caller's line: the person called gets it as unread, like a missed-call notice.
    senderId: call.initiatorId,
    kind: "system",
    content: callSummary(call.type, status, duration),
  });
  // appendMessage does not know about calls; the line is tied to its call here.
  await tx.update(messages).set({ callId: call.id }).where(eq(messages.id, line.id));
  const data = { id: call.id, chatId: call.chatId, status, duration };
  emit({ type: "call:ended", data }, { userId: call.initiatorId });
  emit({ type: "call:ended", data }, { userId: call.calleeId });
}

function ringsUntil(deps: ServiceDeps, call: Pick<CallRow, "createdAt">): Date {
  return new Date(call.createdAt.getTime() + callRuntime(deps.bus).ringMs);
}

function isDue(deps: ServiceDeps, call: CallRow): boolean {
  return call.status === "ringing" && ringsUntil(deps, call).getTime() <= Date.now();
}

export async function callView(deps: ServiceDeps, userId: string, call: CallRow): Promise<CallView> {
  const [view] = await callViews(deps, userId, [call]);
  return view!;
}

export async function callViews(deps: ServiceDeps, userId: string, rows: CallRow[]): Promise<CallView[]> {
  const peerIds = [...new Set(rows.map((c) => (c.initiatorId === userId ? c.calleeId : c.initiatorId)))];
  const peers = peerIds.length ? await deps.db.select().from(users).where(inArray(users.id, peerIds)) : [];
  const byId = new Map(peers.map((p) => [p.id, toPublicUser(p)]));
  return rows.map((call) => {
    const outgoing = call.initiatorId === userId;
    return {
      id: call.id,
      chatId: call.chatId,
      type: call.type,
      status: call.status,
      direction: outgoing ? "outgoing" : "incoming",
      initiatorId: call.initiatorId,
      calleeId: call.calleeId,
      peer: byId.get(outgoing ? call.calleeId : call.initiatorId)!,
      createdAt: iso(call.createdAt),
      ringsUntil: iso(ringsUntil(deps, call)),
      answeredAt: isoOrNull(call.answeredAt),
      endedAt: isoOrNull(call.endedAt),
      durationSec: call.durationSec,
    };
  });
}
