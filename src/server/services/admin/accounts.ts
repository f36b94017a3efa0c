// Admin accounts from configuration (ADMIN_USERNAME / ADMIN_PASSWORD at start, or
// `npm run admin:create`): the account exists afterwards with the admin role and exactly the
// configured password, whether it was new or already there, and answers every open support chat.
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { users } from "@/server/db/schema";
import { hashPassword } from "@/server/auth/password";
import { sessionLookups } from "@/server/services/accounts/session-lookups";
import { addAdminToOpenSupportChats } from "@/server/services/chats/support";
import { toOwnProfile, type OwnProfile } from "@/server/services/dto";

/** What a new admin account is called until its owner edits the profile. */
const NEW_ADMIN_PROFILE = { firstName: "Relay", lastName: "Admin", age: 18 } as const;

export async function ensureAdmin(
  db: Database,
  account: { username: string; password: string },
): Promise<{ user: OwnProfile; created: boolean }> {
  const passwordHash = await hashPassword(account.password);
  const ensured = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(users)
      .where(eq(sql`lower(${users.username})`, account.username.toLowerCase()))
      .for("update");
    if (existing) {
      const [row] = await tx
        .update(users)
        .set({ role: "admin", passwordHash, updatedAt: new Date() })
        .where(eq(users.id, existing.id))
        .returning();
      await addAdminToOpenSupportChats(tx, row!.id);
      return { user: toOwnProfile(row!), created: false };
    }
    const [row] = await tx
      .insert(users)
      .values({ username: account.username, passwordHash, role: "admin", ...NEW_ADMIN_PROFILE })
      .returning();
    await addAdminToOpenSupportChats(tx, row!.id);
    return { user: toOwnProfile(row!), created: true };
  });
  // Its sessions' next calls carry the admin role (on this process; see session-lookups.ts).
  sessionLookups().forget("user", ensured.user.id);
  return ensured;
}
