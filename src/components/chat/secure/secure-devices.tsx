"use client";
// Settings → Devices → Encryption keys: the browsers that have set up encrypted messages for
// my account (keys.devices), and a way to revoke one: new messages are no longer sealed for it,
// and what it sent still verifies. Revoking this browser forgets its keys here too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { QueryFallback } from "@/components/ui/query-fallback";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";
import { existingDevice, forgetDevice } from "./device";

const created = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

type Asking = { id: string; name: string; here: boolean };

export function SecureDevices() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const headingId = useId();
  const devices = useQuery(trpc.keys.devices.queryOptions());
  const here = useQuery({ queryKey: ["secure-device-here", me.id], queryFn: async () => (await existingDevice(me.id))?.id ?? null, retry: false });
  const [asking, setAsking] = useState<Asking | null>(null);
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onSuccess: async (_, { deviceId }) => {
        if (deviceId === here.data) await forgetDevice(me.id);
        toast("The device's keys are revoked.");
        await Promise.all([queryClient.invalidateQueries(trpc.keys.pathFilter()), here.refetch()]);
      },
      onError: (error) => toast(error.message, "error"),
    }),
  );

  return (
    <section aria-labelledby={headingId} className="space-y-2" data-testid="secure-devices">
      <h2 id={headingId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
        Encryption keys
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The browsers that can read your encrypted messages. Each sets itself up the first time it sends or reads one; a
        device set up later cannot read what was sent before.
      </p>
      {devices.isPending || devices.isError ? (
        <QueryFallback query={devices} loading="Loading your encryption keys" failed="Could not load your encryption keys." />
      ) : devices.data.devices.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
          No device has set up encrypted messages yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950">
          {devices.data.devices.map((device) => {
            const isHere = device.id === here.data;
            return (
              <li key={device.id} data-testid="secure-device" className="flex items-center gap-3 px-4 py-3">
                <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                  <KeyRound className="h-5 w-5" aria-hidden="true" />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                    <span className="truncate font-medium">{device.name}</span>
                    {isHere ? (
                      <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-600/20 dark:text-brand-500">
                        This device
                      </span>
                    ) : null}
                  </p>
                  <p className="text-xs text-slate-500 dark:text-slate-400">Set up {created.format(new Date(device.createdAt))}</p>
                </div>
                <button
                  type="button"
                  onClick={() => setAsking({ id: device.id, name: device.name, here: isHere })}
                  disabled={revoke.isPending && revoke.variables.deviceId === device.id}
                  aria-label={`Revoke ${device.name}${isHere ? " (this device)" : ""}`}
                  className="shrink-0 rounded-lg px-3 py-2 text-sm font-medium text-red-700 transition-colors hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-60 dark:text-red-400 dark:hover:bg-red-950/50"
                >
                  Revoke
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {asking ? (
        <ConfirmDialog
          title="Revoke these keys?"
          body={
            asking.here
              ? "Messages will no longer be encrypted for this browser, and its keys are deleted here: it can no longer read the encrypted messages it has not opened. It sets itself up anew the next time you use encrypted messages."
              : `Messages will no longer be encrypted for ${asking.name}. What it sent stays readable.`
          }
          confirmLabel="Revoke"
          onConfirm={() => revoke.mutate({ deviceId: asking.id })}
          onClose={() => setAsking(null)}
        />
      ) : null}
    </section>
  );
}
