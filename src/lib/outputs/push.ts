import { z } from "zod";
import { obj } from "./object";

/** What each push procedure answers. */
export const pushOutputs = {
  publicKey: obj({ publicKey: z.string() }).meta({ id: "PushPublicKey" }),
  subscribe: obj({ ok: z.literal(true) }),
  unsubscribe: obj({ ok: z.literal(true) }),
};
