import { z } from "zod";
import { obj } from "./object";
import { ownProfile, publicUser } from "./shared";



/** What each users procedure answers. */
export const usersOutputs = {
  byId: publicUser,
  updateMe: ownProfile,
  search: obj({ items: z.array(publicUser) }),
};
