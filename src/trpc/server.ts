// Server-side access for React Server Components: the signed-in user from the session cookie
// (checked against the database, so a signed-out session is really over) and a tRPC caller.
import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
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

export const serverApi = cache(async () =>
  createCaller({ db: database().db, bus: eventBus(), connections: connectionRegistry(), user: await getSessionUser() }),
);
