"use client";
// The largest upload the server accepts (MAX_UPLOAD_MB), handed down from the chat layout so the
// browser refuses a bigger file before sending a byte of it.
import { createContext, useContext } from "react";
import type { UploadLimit } from "@/lib/limits";

const UploadLimitContext = createContext<UploadLimit | null>(null);
export const UploadLimitProvider = UploadLimitContext.Provider;

export function useUploadLimit(): UploadLimit {
  const limit = useContext(UploadLimitContext);
  if (!limit) throw new Error("useUploadLimit() outside <UploadLimitProvider>");
  return limit;
}
