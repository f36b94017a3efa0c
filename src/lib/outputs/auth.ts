import { z } from "zod";
import { obj, timestamp } from "./object";
import { ownProfile } from "./shared";

export const authResult = obj({ user: ownProfile, token: z.string() }).meta({ id: "AuthResult" });

export const sessionKind = z.enum(["browser", "api"]).meta({ id: "SessionKind" });

export const deviceSession = obj({
  id: z.string(),
  kind: sessionKind,
  label: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp,
  current: z.boolean(),
}).meta({ id: "DeviceSession" });

/** What each auth procedure answers. */
export const authOutputs = {
  register: authResult,
  login: authResult,
  me: ownProfile,
  logout: obj({ ok: z.literal(true) }),
  sessions: z.array(deviceSession),
  revokeSession: obj({ current: z.boolean() }),
  revokeOtherSessions: obj({ count: z.number() }),
};
