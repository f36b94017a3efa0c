"use client";
// Where a banned person's browser lands when the server closes its socket with 4005: the
// session cookie is cleared and the person is told why, instead of a page that reconnects
// forever.
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { BAN_NOTICE_KEY } from "./session-ended";

export function BannedNotice() {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const stored = sessionStorage.getItem(BAN_NOTICE_KEY);
    // Only our own socket handler sets the notice: a link to this page alone signs no one out.
    if (stored === null) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- sessionStorage is only readable after mount
    setNotice(stored || "This account has been banned by an admin.");
    void signOut({ redirect: false });
  }, []);
  return (
    <div role="alert" className="space-y-4 text-center">
      <h1 className="text-xl font-semibold">You have been signed out</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {notice ?? "This account has been banned by an admin, or its session has ended."}
      </p>
      <p className="text-sm text-slate-500 dark:text-slate-400">If you think this is a mistake, contact the people who run this Relay server.</p>
      <Link href="/login" className="inline-block text-sm text-brand-600 underline dark:text-brand-400">
        Back to sign in
      </Link>
    </div>
  );
}
