"use client";
// Settings → Devices: every browser and API token signed in to my account, with when each was
// last used; sign out any of them, or all but this one. Their live connections close at once.
// Below them, the encryption keys of the browsers set up for encrypted messages.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PaneHeader } from "@/components/ui/pane-header";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useNow } from "@/components/ui/use-now";
import { QueryFallback } from "@/components/ui/query-fallback";
import { useTRPC } from "@/trpc/react";
import { SecureDevices } from "@/components/chat/secure/lazy";
import { type Device, DeviceRow } from "./device-row";
import { SettingsNav } from "./settings-nav";

type Asking = { device: Device } | { others: number };

export function DevicesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const [asking, setAsking] = useState<Asking | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.auth.sessions.queryFilter());
  /** Takes signed-out sessions off the list at once; the refetch that follows confirms it. */
  const drop = (gone: (device: Device) => boolean) =>
    queryClient.setQueryData(trpc.auth.sessions.queryKey(), (list) => list?.filter((device) => !gone(device)));

  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: async ({ current }, { sessionId }) => {
        // Signed out here: the cookie goes too, and so does this page.
        if (current) return void (await signOut({ redirectTo: "/login" }));
        drop((device) => device.id === sessionId);
        setNotice("That device is signed out.");
        await refresh();
      },
      onError: (error) => {
        toast(error.data?.code === "NOT_FOUND" ? "That device was already signed out." : error.message, "error");
        void refresh();
      },
    }),
  );
  const revokeOthers = useMutation(
    trpc.auth.revokeOtherSessions.mutationOptions({
      onSuccess: async ({ count }) => {
        drop((device) => !device.current);
        setNotice(count === 1 ? "Signed out 1 other device." : `Signed out ${count} other devices.`);
        await refresh();
      },
      onError: (error) => toast(error.message, "error"),
    }),
  );

  function confirm() {
    if (!asking) return;
    setNotice(null);
    if ("device" in asking) revoke.mutate({ sessionId: asking.device.id });
    else revokeOthers.mutate();
  }

  return (
    <div className="h-full overflow-y-auto">
      <PaneHeader>
        <h1 className="font-semibold">Devices</h1>
      </PaneHeader>
      <SettingsNav />
      <div className="mx-auto max-w-2xl space-y-6 p-4 sm:p-6">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          The browsers and apps signed in to your account. Sign out any you do not recognise; it will need your password
          to sign in again.
        </p>
        {sessions.isPending || sessions.isError ? (
          <QueryFallback query={sessions} loading="Loading your devices" failed="Could not load your devices." />
        ) : (
          <DeviceLists
            devices={sessions.data}
            now={now}
            pendingId={revoke.isPending ? revoke.variables.sessionId : null}
            allPending={revokeOthers.isPending}
            onSignOut={(device) => setAsking({ device })}
            onSignOutOthers={(others) => setAsking({ others })}
          />
        )}
        {notice ? (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            {notice}
          </p>
        ) : null}
        <SecureDevices />
      </div>
      {asking ? <ConfirmSignOut asking={asking} onConfirm={confirm} onClose={() => setAsking(null)} /> : null}
    </div>
  );
}

function DeviceLists({
  devices,
  now,
  pendingId,
  allPending,
  onSignOut,
  onSignOutOthers,
}: {
  devices: Device[];
  now: Date;
  pendingId: string | null;
  allPending: boolean;
  onSignOut: (device: Device) => void;
  onSignOutOthers: (count: number) => void;
}) {
  const thisId = useId();
  const othersId = useId();
  const current = devices.filter((d) => d.current);
  const others = devices.filter((d) => !d.current);
  const card = "divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950";
  const row = (device: Device) => (
    <DeviceRow
      key={device.id}
      device={device}
      now={now}
      pending={pendingId === device.id || (allPending && !device.current)}
      onSignOut={() => onSignOut(device)}
    />
  );
  return (
    <>
      <section aria-labelledby={thisId} className="space-y-2">
        <h2 id={thisId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
          This device
        </h2>
        <ul className={card}>{current.map(row)}</ul>
      </section>
      <section aria-labelledby={othersId} className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={othersId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
            Other devices{others.length > 0 ? ` (${others.length})` : ""}
          </h2>
          {others.length > 0 ? (
            <Button variant="secondary" onClick={() => onSignOutOthers(others.length)} disabled={allPending}>
              {allPending ? "Signing out…" : "Sign out all other devices"}
            </Button>
          ) : null}
        </div>
        {others.length > 0 ? (
          <ul className={card}>{others.map(row)}</ul>
        ) : (
          <p className="rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
            No other devices are signed in.
          </p>
        )}
      </section>
    </>
  );
}

function ConfirmSignOut({ asking, onConfirm, onClose }: { asking: Asking; onConfirm: () => void; onClose: () => void }) {
  if ("others" in asking) {
    const devices = asking.others === 1 ? "1 other device" : `${asking.others} other devices`;
    return (
      <ConfirmDialog
        title="Sign out all other devices?"
        body={`${devices} will be signed out at once and need your password to sign in again. This device stays signed in.`}
        confirmLabel="Sign out all"
        onConfirm={onConfirm}
        onClose={onClose}
      />
    );
  }
  const { device } = asking;
  return device.current ? (
    <ConfirmDialog
      title="Sign out here?"
      body="You will be signed out on this device and taken to the sign-in page."
      confirmLabel="Sign out"
      onConfirm={onConfirm}
      onClose={onClose}
    />
  ) : (
    <ConfirmDialog
      title="Sign out this device?"
      body={`${device.label} will be signed out at once and need your password to sign in again.`}
      confirmLabel="Sign out"
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
