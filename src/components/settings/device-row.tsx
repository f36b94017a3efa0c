"use client";
// One signed-in session in Settings → Devices: what it is, when it was used, and a way out.
import { Monitor, Smartphone, SquareTerminal, Tablet } from "lucide-react";
import type { RouterOutputs } from "@/lib/api-types";
import { lastUsedLabel, signedInLabel } from "./device-time";

export type Device = RouterOutputs["auth"]["sessions"][number];

function DeviceIcon({ device }: { device: Device }) {
  const className = "h-5 w-5";
  if (device.kind === "api") return <SquareTerminal className={className} aria-hidden="true" />;
  if (/iPad/.test(device.label)) return <Tablet className={className} aria-hidden="true" />;
  if (/iPhone|Android/.test(device.label)) return <Smartphone className={className} aria-hidden="true" />;
  return <Monitor className={className} aria-hidden="true" />;
}

export function DeviceRow({
  device,
  now,
  onSignOut,
  pending,
}: {
  device: Device;
  now: Date;
  onSignOut: () => void;
  pending: boolean;
}) {
  const used = lastUsedLabel(device.lastUsedAt, now, device.current);
  return (
    <li className="flex items-center gap-3 px-4 py-3" data-testid="device">
      <span
        className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full ${
          device.current
            ? "bg-brand-50 text-brand-600 dark:bg-brand-600/20 dark:text-brand-400"
            : "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300"
        }`}
      >
        <DeviceIcon device={device} />
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <span className="truncate font-medium">{device.label}</span>
          {device.current ? (
            <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-600/20 dark:text-brand-400">
              This device
            </span>
          ) : null}
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {device.kind === "api" ? "API token" : "Browser"} ·{" "}
          <span className={used === "Active now" ? "text-emerald-700 dark:text-emerald-400" : undefined}>{used}</span>
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">{signedInLabel(device.createdAt)}</p>
      </div>
      <button
        type="button"
        onClick={onSignOut}
        disabled={pending}
        aria-label={device.current ? "Sign out on this device" : `Sign out ${device.label}`}
        className="shrink-0 rounded-lg px-3 py-2 text-sm font-medium text-red-700 transition-colors hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-60 dark:text-red-400 dark:hover:bg-red-950/50"
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </li>
  );
}
