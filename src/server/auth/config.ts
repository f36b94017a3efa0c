// next-auth for the browser: Credentials sign-in with JWT sessions. The session cookie holds
// the same kind of token that API clients get from auth.login, naming a row in `sessions`, so
// a sign-out (or, later, a ban) ends it on every transport at once.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/env";
import { loginInput } from "@/lib/validators";
import { database } from "@/server/db";
import { stampedAddress } from "@/server/rate-limit/client-address";
import { rateLimits } from "@/server/rate-limit/limits";
import { retryAfterSeconds } from "@/server/rate-limit/refusal";
import { bannedMessage, createSession, verifyCredentials } from "@/server/services/accounts/users";
import { log } from "@/server/log";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "./token";

declare module "next-auth" {
  interface User {
    sid?: string;
  }
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

/** A refusal the person can act on (a ban, a wait): the sign-in form shows its code, a sentence, as it is. */
class RefusedSignin extends CredentialsSignin {
  constructor(message: string) {
    super();
    this.code = message;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE,
      options: {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: env().AUTH_URL?.startsWith("https://") ?? false,
      },
    },
  },
  pages: { signIn: "/login" },
  // A wrong password is an expected outcome, not a server error worth a stack trace.
  logger: {
    error(error) {
      // `type`, not `name`: class names do not survive the production build's minifier.
      const type = "type" in error ? String(error.type) : error.name;
      if (type === "CredentialsSignin") return;
      log.error(`auth: ${type}`, error);
    },
  },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = loginInput.safeParse(raw);
        if (!parsed.success) return null;
        const { db } = database();
        const who = { username: parsed.data.username, address: stampedAddress(request) };
        const row = await rateLimits()
          .signIn(who, () => verifyCredentials(db, parsed.data))
          .catch((error: unknown) => {
            throw retryAfterSeconds(error) === null ? error : new RefusedSignin((error as Error).message);
          });
        if (!row) return null;
        if (row.bannedAt) throw new RefusedSignin(bannedMessage(row.banReason));
        const client = { kind: "browser", userAgent: request.headers.get("user-agent") } as const;
        return { id: row.id, name: row.username, sid: await createSession(db, row.id, client) };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id && user.sid) {
        token.sub = user.id;
        token.sid = user.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
