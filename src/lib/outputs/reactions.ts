import { z } from "zod";
import { obj } from "./object";

export const reaction = obj({ id: z.string(), emoji: z.string(), userId: z.string() }).meta({ id: "Reaction" });

/** What each reactions procedure answers. */
export const reactionsOutputs = {
  available: obj({
    /** The row offered first, in order. */
    quick: z.array(z.string()),
    /** Whether any other single emoji is accepted too (the picker's "More reactions"). */
    anyEmoji: z.boolean(),
  }).meta({ id: "AvailableReactions" }),
  add: reaction,
  remove: reaction,
};
