"use client";
import { createContext, useContext } from "react";
import type { OwnProfile } from "@/lib/api-types";

const MeContext = createContext<OwnProfile | null>(null);
export const MeProvider = MeContext.Provider;

/** The signed-in user (always present inside the chat screens). */
export function useMe(): OwnProfile {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe() outside <MeProvider>");
  return me;
}
