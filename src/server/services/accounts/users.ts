// Accounts: registration, sign-in, sessions and profiles.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { files, sessions, users } from "@/server/db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/server/auth/password";
import { issueToken, readToken, type TokenClaims } from "@/server/auth/token";
import type { loginInput, registerInput, searchUsersInput, updateMeInput } from "@/lib/validators";
import { badRequest, conflict, forbidden, isUniqueViolation, notFound, unauthorized } from "@/server/services/errors";
import { containsPattern } from "@/server/services/keyset";
import { type OwnProfile, type PublicUser, toOwnProfile, toPublicUser } from "@/server/services/dto";
import { type SessionActivity, sessionActivity } from "@/server/services/accounts/session-activity";
import { type SessionAnswer, type SessionLookups, sessionLookups } from "@/server/services/accounts/session-lookups";
import { type SessionClient, sessionValues } from "@/server/services/accounts/sessions";

export type SessionUser = { id: string; username: string; role: "user" | "admin"; sessionId: string };
export type AuthResult = { user: OwnProfile; token: string };

const INVALID_CREDENTIALS = "Wrong username or password";

export async function register(
  db: Database,
  input: z.infer<typeof registerInput>,
  client: SessionClient = { kind: "api" },
): Promise<AuthResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await db
      .insert(users)
      .values({
        username: input.username,
        firstName: input.firstName,
        lastName: input.lastName,
        age: input.age,
        bio: input.bio || null,
        passwordHash,
      })
      .returning();
    return startSession(db, row!, client);
  } catch (error) {
    if (isUniqueViolation(error, "users_username_lower_idx")) throw conflict("That username is taken");
    throw error;
  }
}

/** Checks a username and password; the same refusal whichever of the two was wrong. */
export async function verifyCredentials(db: Database, input: z.infer<typeof loginInput>) {
  const row = await db.query.users.findFirst({ where: eq(sql`lower(${users.username})`, input.username.toLowerCase()) });
  if (!row) {
    await burnPasswordCheck(input.password);
    return null;
  }
  if (!(await verifyPassword(row.passwordHash, input.password))) return null;
  return row;
}

export async function login(
  db: Database,
  input: z.infer<typeof loginInput>,
  client: SessionClient = { kind: "api" },
): Promise<AuthResult> {
  const row = await verifyCredentials(db, input);
  if (!row) throw unauthorized(INVALID_CREDENTIALS);
  if (row.bannedAt) throw forbidden(bannedMessage(row.banReason));
  return startSession(db, row, client);
}

async function startSession(db: Database, row: typeof users.$inferSelect, client: SessionClient): Promise<AuthResult> {
  const sessionId = await createSession(db, row.id, client);
  return { user: toOwnProfile(row), token: await issueToken({ sub: row.id, sid: sessionId }) };
}

export async function createSession(db: Database, userId: string, client: SessionClient): Promise<string> {
  const [session] = await db.insert(sessions).values(sessionValues(userId, client)).returning({ id: sessions.id });
  sessionActivity().started(session!.id);
  return session!.id;
}

/**
 * The user behind a token, if the token is valid, its session live and the user not banned.
 * Answered from the last few seconds' lookups when it can (session-lookups.ts says why that
 * stays right); a use is recorded either way.
 */
export async function authenticate(
  db: Database,
  token: string | null,
  activity: SessionActivity = sessionActivity(),
  lookups: SessionLookups = sessionLookups(),
): Promise<SessionUser | null> {
  if (!token) return null;
  const claims = await readToken(token);
  if (!claims) return null;
  const found = await lookups.answer(claims.sid, claims.sub, () => liveSessionOf(db, claims));
  if (!found) return null;
  activity.touch(db, claims.sid);
  return { ...found, sessionId: claims.sid };
}

async function liveSessionOf(db: Database, claims: TokenClaims): Promise<SessionAnswer | null> {
  const [row] = await db
    .select({ id: users.id, username: users.username, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.id, claims.sid), eq(sessions.userId, claims.sub), isNull(sessions.revokedAt), isNull(users.bannedAt)),
    )
    .limit(1);
  return row ?? null;
}

/** The sentence a banned person sees when signed out and when signing in again. */
export function bannedMessage(reason: string | null): string {
  return reason ? `This account has been banned by an admin. Reason: ${reason}` : "This account has been banned by an admin.";
}

/** The ban behind a token `authenticate` refused, if that is why: a socket then closes with 4005. */
export async function banOfToken(db: Database, token: string): Promise<{ reason: string | null } | null> {
  const claims = await readToken(token);
  if (!claims) return null;
  const [row] = await db
    .select({ bannedAt: users.bannedAt, banReason: users.banReason })
    .from(users)
    .where(eq(users.id, claims.sub));
  return row?.bannedAt ? { reason: row.banReason } : null;
}

/** `bannedMessage` cut to fit a WebSocket close reason (at most 123 bytes). */
export function bannedCloseReason(reason: string | null): string {
  const message = bannedMessage(reason);
  if (Buffer.byteLength(message) <= 123) return message;
  let out = "";
  for (const char of message) {
    if (Buffer.byteLength(`${out}${char}…`) > 123) break;
    out += char;
  }
  return `${out}…`;
}

export async function ownProfile(db: Database, userId: string): Promise<OwnProfile> {
  const row = await db.query.users.findFirst({ where: eq(users.id, userId) });
  if (!row) throw notFound("User");
  return toOwnProfile(row);
}

export async function userById(db: Database, userId: string): Promise<PublicUser> {
  const row = await db.query.users.findFirst({ where: eq(users.id, userId) });
  if (!row) throw notFound("User");
  return toPublicUser(row);
}

/** Pictures a browser shows in an <img> as they are; SVG and the rest never become avatars. */
const AVATAR_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif", "image/avif"]);

export async function updateMe(db: Database, userId: string, input: z.infer<typeof updateMeInput>): Promise<OwnProfile> {
  if (input.avatarFileId) {
    const [file] = await db
      .select({ mimeType: files.mimeType })
      .from(files)
      .where(and(eq(files.id, input.avatarFileId), eq(files.uploaderId, userId)));
    if (!file) throw notFound("File");
    if (!AVATAR_TYPES.has(file.mimeType)) throw badRequest("An avatar must be a PNG, JPEG, WebP, GIF or AVIF image");
  }
  const [row] = await db
    .update(users)
    .set({ ...input, bio: input.bio === undefined ? undefined : input.bio || null, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw notFound("User");
  return toOwnProfile(row);
}

/** Case-insensitive prefix and substring search; prefix matches on the username rank first. */
export async function searchUsers(
  db: Database,
  viewerId: string,
  input: z.infer<typeof searchUsersInput>,
): Promise<{ items: PublicUser[] }> {
  const pattern = containsPattern(input.q);
  const haystack = sql`lower(${users.username} || ' ' || ${users.firstName} || ' ' || ${users.lastName})`;
  const rows = await db
    .select()
    .from(users)
    .where(and(sql`${haystack} LIKE ${pattern}`, sql`${users.id} <> ${viewerId}`, isNull(users.bannedAt)))
    .orderBy(sql`lower(${users.username}) LIKE ${`${pattern.slice(1)}`} DESC`, sql`lower(${users.username})`)
    .limit(input.limit);
  return { items: rows.map(toPublicUser) };
}
