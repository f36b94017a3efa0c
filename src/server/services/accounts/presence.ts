// Presence: a user is online while at least one of their live connections is open. The
// WebSocket server calls syncPresence after every connect and disconnect; the database row
// is the record everyone reads, and `presence` events go to the people who share a chat.
import { eq } from "drizzle-orm";
import type { Database } from "@/server/db";
import { users } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import { iso } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

/**
 * Brings the stored presence in line with `isOnline()`, read under the user's row lock: calls
 * racing for one user (a quick reconnect) queue on the lock, and the last one sees the final
 * state, so the record can never be left saying the opposite of the truth.
 */
export async function syncPresence(deps: ServiceDeps, userId: string, isOnline: () => boolean): Promise<void> {
  await commitWithEvents(deps, async (tx, emit) => {
    const [row] = await tx.select({ online: users.online }).from(users).where(eq(users.id, userId)).for("update");
    const online = isOnline();
    if (!row || row.online === online) return;
    const now = new Date();
    await tx.update(users).set({ online, lastSeenAt: now }).where(eq(users.id, userId));
    emit({ type: "presence", data: { userId, online, lastSeenAt: iso(now) } }, { contactsOf: userId });
  });
}

/** At start nobody is connected to this process: whoever a crash left "online" goes offline. */
export async function resetPresence(db: Database): Promise<void> {
  await db.update(users).set({ online: false, lastSeenAt: new Date() }).where(eq(users.online, true));
}
