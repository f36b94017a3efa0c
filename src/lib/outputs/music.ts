import { z } from "zod";
import { obj } from "./object";
import { fileView } from "./shared";



/** What each music procedure answers. */
export const musicOutputs = {
  all: obj({ items: z.array(fileView), nextCursor: z.string().nullable() }),
};
