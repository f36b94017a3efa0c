// The published keys of secure devices: registering one, replacing its prekey, revoking it,
// and the bundles a sender seals to. The server checks every prekey's signature against its
// device's identity key, so it never hands out a prekey the device did not sign (clients check
// again: they need not trust the server for it). Private keys never reach the server.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/server/db";
import { chatMembers, chats, secureDevices, users } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { registerDeviceInput, rotatePrekeyInput } from "@/lib/validators";
import { MAX_ACTIVE_DEVICES, verifyPrekey, type PublishedPrekey } from "@/lib/secure";
import { requireMembership } from "@/server/services/chats/access";
import { iso, isoOrNull } from "@/server/services/dto";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/server/services/errors";
import type { ServiceDeps } from "@/server/services/deps";

export type SecureDeviceRow = typeof secureDevices.$inferSelect;

/** A device's public keys as clients see them. */
export type SecureDeviceView = {
  id: string;
  userId: string;
  name: string;
  identityKey: string;
  prekey: PublishedPrekey;
  createdAt: string;
  revokedAt: string | null;
};

export function toSecureDevice(row: SecureDeviceRow): SecureDeviceView {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    identityKey: row.identityKey,
    prekey: { id: row.prekeyId, publicKey: row.prekeyPublicKey, signature: row.prekeySignature },
    createdAt: iso(row.createdAt),
    revokedAt: isoOrNull(row.revokedAt),
  };
}

const UNSIGNED_PREKEY = "The prekey is not signed by this identity key";

export async function registerDevice(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof registerDeviceInput>,
): Promise<{ device: SecureDeviceView }> {
  if (!(await verifyPrekey(input.identityKey, input.prekey))) throw badRequest(UNSIGNED_PREKEY);
  try {
    return await insertDevice(deps, userId, input);
  } catch (error) {
    // Someone else registered these very keys at the same moment.
    if (isUniqueViolation(error, "secure_devices_identity_key_idx")) throw conflict(KEYS_TAKEN);
    throw error;
  }
}

const KEYS_TAKEN = "These keys are already registered";

function insertDevice(deps: ServiceDeps, userId: string, input: z.infer<typeof registerDeviceInput>) {
  return commitWithEvents(deps, async (tx, emit) => {
    // Registrations of one person queue here, so the count of active devices holds.
    await tx.execute(sql`SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} FOR UPDATE`);
    const [known] = await tx.select().from(secureDevices).where(eq(secureDevices.identityKey, input.identityKey)).limit(1);
    if (known) {
      if (known.userId !== userId) throw conflict(KEYS_TAKEN);
      if (known.revokedAt) throw conflict("This device's keys were revoked: make new keys to register it again");
      // A retried registration: the device as it is, with the prekey it now publishes.
      return { device: toSecureDevice(await replacePrekey(tx, known, input.prekey)) };
    }
    const [{ active }] = (await tx
      .select({ active: sql<number>`count(*)::int` })
      .from(secureDevices)
      .where(and(eq(secureDevices.userId, userId), isNull(secureDevices.revokedAt)))) as [{ active: number }];
    if (active >= MAX_ACTIVE_DEVICES) {
      throw badRequest(`You have ${MAX_ACTIVE_DEVICES} devices with encryption keys: revoke one to add another`);
    }
    const [row] = await tx
      .insert(secureDevices)
      .values({
        userId,
        name: input.name,
        identityKey: input.identityKey,
        prekeyId: input.prekey.id,
        prekeyPublicKey: input.prekey.publicKey,
        prekeySignature: input.prekey.signature,
      })
      .returning();
    await announceKeyChange(tx, emit, userId);
    return { device: toSecureDevice(row!) };
  });
}

/** Publishes a new signed prekey for one of my active devices (a higher id than the one it replaces). */
export async function rotatePrekey(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof rotatePrekeyInput>,
): Promise<{ device: SecureDeviceView }> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(secureDevices)
      .where(and(eq(secureDevices.id, input.deviceId), eq(secureDevices.userId, userId), isNull(secureDevices.revokedAt)))
      .for("update");
    if (!row) throw notFound("Device");
    if (!(await verifyPrekey(row.identityKey, input.prekey))) throw badRequest(UNSIGNED_PREKEY);
    return { device: toSecureDevice(await replacePrekey(tx, row, input.prekey)) };
  });
}

/**
 * The device with `prekey` as its published one. The same prekey again is a retry and changes
 * nothing; another one must have a higher id, since recipients find their private prekey by id.
 */
async function replacePrekey(tx: Executor, row: SecureDeviceRow, prekey: PublishedPrekey): Promise<SecureDeviceRow> {
  if (prekey.id === row.prekeyId && prekey.publicKey === row.prekeyPublicKey) return row;
  if (prekey.id <= row.prekeyId) throw badRequest(`A new prekey needs an id above ${row.prekeyId}`);
  const [updated] = await tx
    .update(secureDevices)
    .set({ prekeyId: prekey.id, prekeyPublicKey: prekey.publicKey, prekeySignature: prekey.signature })
    .where(eq(secureDevices.id, row.id))
    .returning();
  return updated!;
}

/** My active devices, newest first. */
export async function myDevices(db: Executor, userId: string): Promise<{ devices: SecureDeviceView[] }> {
  const rows = await db
    .select()
    .from(secureDevices)
    .where(and(eq(secureDevices.userId, userId), isNull(secureDevices.revokedAt)))
    .orderBy(desc(secureDevices.createdAt), desc(secureDevices.id));
  return { devices: rows.map(toSecureDevice) };
}

/** Stops sealing to one of my devices. It stays listed in bundles, revoked, so its messages still verify. */
export async function revokeDevice(deps: ServiceDeps, userId: string, deviceId: string): Promise<{ ok: true }> {
  return commitWithEvents(deps, async (tx, emit) => {
    const [row] = await tx
      .select({ revokedAt: secureDevices.revokedAt })
      .from(secureDevices)
      .where(and(eq(secureDevices.id, deviceId), eq(secureDevices.userId, userId)))
      .for("update");
    if (!row) throw notFound("Device");
    if (row.revokedAt) return { ok: true as const };
    await tx.update(secureDevices).set({ revokedAt: new Date() }).where(eq(secureDevices.id, deviceId));
    await announceKeyChange(tx, emit, userId);
    return { ok: true as const };
  });
}

/** A direct chat the caller is in: its two members. Anyone else's chat does not exist for them. */
export async function requireDirectChat(db: Executor, chatId: string, userId: string): Promise<string[]> {
  await requireMembership(db, chatId, userId);
  const [chat] = await db.select({ type: chats.type }).from(chats).where(eq(chats.id, chatId));
  if (!chat) throw notFound("Chat");
  if (chat.type !== "direct") throw badRequest("Secure messages are for direct chats only");
  const members = await db.select({ userId: chatMembers.userId }).from(chatMembers).where(eq(chatMembers.chatId, chatId));
  return members.map((m) => m.userId);
}

/**
 * Every device of both people of a direct chat, revoked ones too (oldest first). `lock`: a
 * revocation or a new prekey of one of them waits until the caller's transaction ends.
 */
export async function chatDevices(db: Executor, memberIds: string[], options: { lock?: boolean } = {}): Promise<SecureDeviceRow[]> {
  const query = db
    .select()
    .from(secureDevices)
    .where(inArray(secureDevices.userId, memberIds))
    .orderBy(secureDevices.createdAt, secureDevices.id);
  return options.lock ? query.for("share") : query;
}

export async function keyBundles(db: Executor, userId: string, chatId: string) {
  const memberIds = await requireDirectChat(db, chatId, userId);
  // The caller first, then the other person.
  const people = [userId, ...memberIds.filter((id) => id !== userId)];
  const devices = await chatDevices(db, people);
  return {
    people: people.map((id) => ({ userId: id, devices: devices.filter((d) => d.userId === id).map(toSecureDevice) })),
  };
}

/** `keys:changed` to the person's own devices and to the other person of each of their direct chats. */
async function announceKeyChange(tx: Executor, emit: Emit, userId: string) {
  emit({ type: "keys:changed", data: { userId } }, { userId });
  const direct = await tx
    .select({ chatId: chatMembers.chatId })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(and(eq(chatMembers.userId, userId), eq(chats.type, "direct")));
  for (const { chatId } of direct) emit({ type: "keys:changed", data: { userId } }, { chatId, exceptUserId: userId });
}
