"use client";
// The verification screen: the 60-digit safety number of me and the other person (all our
// active devices), in blocks of five, and as a QR code. The same on both screens when each of
// us sees the other's real keys; marking it verified pins those keys here.
import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { PlainImage } from "@/components/media/plain-image";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { groupDigits, safetyNumber, safetyQrPayload } from "@/lib/secure";
import { useTRPC } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";
import { keyStoreOf } from "./device";
import { identityKeysOf } from "./secure-state";
import { peerKeysChanged } from "./prekey-schedule";

type Computed = { digits: string; qr: string; peerKeys: string[]; verified: boolean } | { missing: "me" | "peer" };

export function SafetyNumberDialog({ chatId, peer, onClose }: { chatId: string; peer: { id: string; name: string }; onClose: () => void }) {
  const trpc = useTRPC();
  const me = useMe();
  const bundles = useQuery(trpc.keys.bundles.queryOptions({ chatId }));
  const computed = useQuery({
    queryKey: ["safety-number", me.id, chatId, bundles.dataUpdatedAt],
    enabled: bundles.data !== undefined,
    queryFn: async (): Promise<Computed> => {
      const myKeys = identityKeysOf(bundles.data!, me.id);
      const peerKeys = identityKeysOf(bundles.data!, peer.id);
      if (myKeys.length === 0) return { missing: "me" };
      if (peerKeys.length === 0) return { missing: "peer" };
      const digits = await safetyNumber({ userId: me.id, identityKeys: myKeys }, { userId: peer.id, identityKeys: peerKeys });
      const { toDataURL } = await import("qrcode");
      const qr = await toDataURL(safetyQrPayload(digits), { errorCorrectionLevel: "M", margin: 1, width: 200 });
      const pinned = await (await keyStoreOf(me.id)).pinnedPeer(peer.id);
      return { digits, qr, peerKeys, verified: pinned !== null && pinned.verified && !peerKeysChanged(pinned.identityKeys, peerKeys) };
    },
    staleTime: Infinity,
  });
  const result = computed.data;
  const ready = result !== undefined && "digits" in result ? result : null;

  async function markVerified() {
    if (!ready) return;
    await (await keyStoreOf(me.id)).pinPeer(peer.id, ready.peerKeys, true);
    toast(`You verified ${peer.name}'s safety number.`);
    onClose();
  }

  return (
    <Dialog
      title="Verify safety number"
      onClose={onClose}
      action={ready && !ready.verified ? { label: "Mark as verified", onClick: () => void markVerified() } : undefined}
    >
      <div className="space-y-4 px-4 py-4 text-sm" data-testid="safety-number-screen">
        {bundles.isError || computed.isError ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            Could not load the keys of this chat. Try again in a moment.
          </p>
        ) : result === undefined ? (
          <p role="status" className="text-slate-500">
            Working out the safety number…
          </p>
        ) : "missing" in result ? (
          <p role="status">
            {result.missing === "me"
              ? "You have not set up encrypted messages on any device yet. Turn on the lock in this chat first."
              : `${peer.name} has not set up encrypted messages yet.`}
          </p>
        ) : (
          <>
            <p className="text-slate-600 dark:text-slate-300">
              Compare these numbers with the ones on {peer.name}&apos;s screen, in person or on a call you trust. If they match,
              no one stands between your devices and theirs. They change when either of you adds or removes a device.
            </p>
            <p
              data-testid="safety-number"
              aria-label={`Safety number: ${groupDigits(result.digits)}`}
              className="grid grid-cols-4 gap-x-3 gap-y-1.5 rounded-xl bg-slate-100 px-4 py-3 text-center font-mono text-base tracking-wider text-slate-900 dark:bg-slate-800 dark:text-slate-100"
            >
              {groupDigits(result.digits)
                .split(" ")
                .map((block, index) => (
                  <span key={index}>{block}</span>
                ))}
            </p>
            <PlainImage
              src={result.qr}
              alt="QR code of the safety number"
              width={200}
              height={200}
              className="mx-auto rounded-lg bg-white p-1"
              data-testid="safety-qr"
            />
            {result.verified ? (
              <p className="flex items-center justify-center gap-1.5 font-medium text-emerald-700 dark:text-emerald-400" data-testid="safety-verified">
                <ShieldCheck className="h-4 w-4" aria-hidden="true" />
                You have verified {peer.name}
              </p>
            ) : null}
          </>
        )}
      </div>
    </Dialog>
  );
}
