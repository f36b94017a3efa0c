import { z } from "zod";
import { obj } from "./object";
import { publicUser } from "./shared";

export const callView = obj({
  id: z.string(),
  chatId: z.string(),
  type: z.enum(["audio", "video"]),
  status: z.enum(["ringing", "active", "ended", "rejected", "missed", "busy", "cancelled"]),
  direction: z.enum(["outgoing", "incoming"]),
  initiatorId: z.string(),
  calleeId: z.string(),
  peer: publicUser,
  createdAt: z.string(),
  ringsUntil: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSec: z.number().nullable(),
}).meta({ id: "CallView" });

/** What each calls procedure answers. */
export const callsOutputs = {
  initiate: callView,
  answer: callView,
  reject: callView,
  end: callView,
  signal: obj({ relayed: z.boolean() }),
  history: obj({ items: z.array(callView), nextCursor: z.string().nullable() }),
  current: callView.nullable(),
  config: obj({
    iceServers: z.array(obj({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    })),
    ringSeconds: z.number(),
  }),
};
