"use client";
import { AlertCircle, FileText, Film, ImageIcon, Music, X } from "lucide-react";
import { fileSize } from "@/components/media/media-format";
import { PlainImage } from "@/components/media/plain-image";
import type { UploadItem } from "./upload-store";

const kindIcon = { video: Film, audio: Music, document: FileText, image: ImageIcon } as const;

/** The files picked for the next message, above the composer: each uploading, done or refused, each removable. */
export function AttachmentTray({ items, onRemove }: { items: UploadItem[]; onRemove: (key: string) => void }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Files to send" className="mb-2 flex items-start gap-2 overflow-x-auto pb-1">
      {items.map((item) => (
        <TrayItem key={item.key} item={item} onRemove={() => onRemove(item.key)} />
      ))}
    </ul>
  );
}

function TrayItem({ item, onRemove }: { item: UploadItem; onRemove: () => void }) {
  const { local, status } = item;
  const failed = status === "failed";
  const Icon = failed ? AlertCircle : kindIcon[local.kind];
  return (
    <li
      data-testid="tray-item"
      data-status={status}
      className={`relative flex w-56 shrink-0 items-center gap-2 rounded-xl border p-1.5 pr-8 ${
        failed ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40" : "border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-900"
      }`}
    >
      {local.kind === "image" && !failed ? (
        <PlainImage src={local.url} alt="" className="h-11 w-11 shrink-0 rounded-lg object-cover" />
      ) : (
        <span
          className={`inline-flex h-11 w-11 shrink-0 items-center justify-center rounded-lg ${
            failed ? "bg-red-100 text-red-600 dark:bg-red-900/40 dark:text-red-300" : "bg-brand-50 text-brand-600 dark:bg-brand-500/15 dark:text-brand-100"
          }`}
        >
          <Icon className="h-5 w-5" aria-hidden="true" />
        </span>
      )}
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium" title={local.name}>
          {local.name}
        </span>
        {failed ? (
          <span role="alert" className="block text-xs leading-tight text-red-700 dark:text-red-300">
            {item.error}
          </span>
        ) : (
          <>
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              {fileSize(local.size)}
              {status === "uploading" ? ` · ${Math.round(item.progress * 100)}%` : ""}
            </span>
            <span
              role="progressbar"
              aria-label={`Uploading ${local.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(item.progress * 100)}
              className="mt-1 block h-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
            >
              <span
                className={`block h-full rounded-full transition-[width] ${status === "done" ? "bg-emerald-500" : "bg-brand-500"}`}
                style={{ width: `${Math.round(item.progress * 100)}%` }}
              />
            </span>
          </>
        )}
      </span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={status === "uploading" ? `Cancel upload of ${local.name}` : `Remove ${local.name}`}
        title={status === "uploading" ? "Cancel" : "Remove"}
        className="absolute right-1 top-1 rounded-full p-1 text-slate-500 dark:text-slate-400 hover:bg-slate-200 hover:text-slate-900 dark:hover:bg-slate-700 dark:hover:text-white"
      >
        <X className="h-4 w-4" aria-hidden="true" />
      </button>
    </li>
  );
}
