"use client";
// "‹Name›'s security keys changed": the other person's active devices differ from the ones this
// browser last saw (pinned in the key store). It warns and offers the safety number; it never
// stops anyone from sending. Dismissing it pins the new keys.
import { useQuery } from "@tanstack/react-query";
import { ShieldAlert } from "lucide-react";
import { useEffect, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";
import { keyStoreOf } from "./device";
import { keyChangeNotice, keyDecision } from "./key-change";
import { identityKeysOf } from "./secure-state";

export function KeyChangeNotice({ chatId, peer, onVerify }: { chatId: string; peer: { id: string; name: string }; onVerify: () => void }) {
  const trpc = useTRPC();
  const me = useMe();
  const bundles = useQuery(trpc.keys.bundles.queryOptions({ chatId }));
  const [changedKeys, setChangedKeys] = useState<string[] | null>(null);

  useEffect(() => {
    if (!bundles.data) return;
    const current = identityKeysOf(bundles.data, peer.id);
    let stale = false;
    void (async () => {
      const store = await keyStoreOf(me.id);
      const pinned = await store.pinnedPeer(peer.id);
      const decision = keyDecision(pinned?.identityKeys ?? null, current);
      if (decision === "pin") await store.pinPeer(peer.id, current, false);
      if (!stale) setChangedKeys(decision === "changed" ? current : null);
    })().catch(() => undefined); // No IndexedDB: nothing is pinned, so nothing can be said.
    return () => {
      stale = true;
    };
  }, [bundles.data, me.id, peer.id]);

  if (!changedKeys) return null;
  async function dismiss() {
    await (await keyStoreOf(me.id)).pinPeer(peer.id, changedKeys!, false);
    setChangedKeys(null);
  }
  return (
    <div
      role="status"
      data-testid="key-change-notice"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <ShieldAlert className="h-4 w-4 shrink-0" aria-hidden="true" />
      <p className="min-w-0 flex-1">{keyChangeNotice(peer.name)}</p>
      <button type="button" onClick={onVerify} className="font-semibold underline-offset-2 hover:underline">
        Verify
      </button>
      <button type="button" onClick={() => void dismiss()} className="underline-offset-2 opacity-80 hover:underline">
        Dismiss
      </button>
    </div>
  );
}
