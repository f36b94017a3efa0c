// Server-side access for React Server Components: the signed-in user from the session cookie
// (checked against the database, so a signed-out session is really over) and a tRPC caller.
import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { env } from "@/env";
import { uploadLimitFrom, type UploadLimit } from "@/lib/limits";
import { createCaller } from "@/server/api/root";
import { SESSION_COOKIE } from "@/server/auth/token";
import { connectionRegistry } from "@/server/connections";
import { database } from "@/server/db";
import { eventBus } from "@/server/events/bus";
import { authenticate } from "@/server/services/accounts/users";

export const getSessionUser = cache(async () => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value ?? null;
  return authenticate(database().db, token);
});

/** The largest upload the server accepts, for the browser to refuse bigger files before sending. */
export const uploadLimit = (): UploadLimit => uploadLimitFrom(env());

export const serverApi = cache(async () =>
  createCaller({ db: database().db, bus: eventBus(), connections: connectionRegistry(), user: await getSessionUser() }),
);
