import { z } from "zod";
import { publishedPrekey } from "@/lib/secure/schema";
import { obj } from "./object";

/** A device's published keys; `revokedAt` set: no longer sealed to, still verifies what it sent. */
export const secureDevice = obj({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  identityKey: z.string(),
  prekey: publishedPrekey,
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
}).meta({ id: "SecureDevice" });

export const keyBundles = obj({
  people: z.array(obj({ userId: z.string(), devices: z.array(secureDevice) })),
}).meta({ id: "KeyBundles" });

const deviceResult = obj({ device: secureDevice });

/** What each keys procedure answers. */
export const keysOutputs = {
  registerDevice: deviceResult,
  rotatePrekey: deviceResult,
  devices: obj({ devices: z.array(secureDevice) }),
  revoke: obj({ ok: z.literal(true) }),
  bundles: keyBundles,
};
