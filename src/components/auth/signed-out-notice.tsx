"use client";
// On the sign-in page after the server ended this browser's session (session-ended.ts): says
// why, and clears the session cookie that no longer works.
import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";
import { SIGNED_OUT_NOTICE_KEY } from "./session-ended";

export function SignedOutNotice() {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const stored = sessionStorage.getItem(SIGNED_OUT_NOTICE_KEY);
    if (!stored) return;
    sessionStorage.removeItem(SIGNED_OUT_NOTICE_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- sessionStorage is only readable after mount
    setNotice(stored);
    void signOut({ redirect: false });
  }, []);
  if (!notice) return null;
  return (
    <p role="status" className="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-200">
      {notice}
    </p>
  );
}
