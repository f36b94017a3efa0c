"use client";
// Short notices ("Copied", "Could not delete the message") shown at the bottom for a few
// seconds. Any code may call toast(); <Toaster /> renders them once per page.
import { X } from "lucide-react";
import { useSyncExternalStore } from "react";

type Toast = { id: number; text: string; tone: "info" | "error" };

const DURATION_MS = 4_000;
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function set(next: readonly Toast[]) {
  toasts = next;
  for (const listener of listeners) listener();
}

function dismiss(id: number) {
  set(toasts.filter((t) => t.id !== id));
}

export function toast(text: string, tone: Toast["tone"] = "info") {
  const id = nextId++;
  set([...toasts.slice(-2), { id, text, tone }]);
  setTimeout(() => dismiss(id), DURATION_MS);
}

const NONE: readonly Toast[] = [];
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export function Toaster() {
  const list = useSyncExternalStore(subscribe, () => toasts, () => NONE);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-20 z-50 flex flex-col items-center gap-2 px-4">
      {list.map((t) => (
        <div
          key={t.id}
          role={t.tone === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex max-w-sm items-center gap-2 rounded-xl px-4 py-2.5 text-sm shadow-lg ${
            t.tone === "error" ? "bg-red-600 text-white" : "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
          }`}
        >
          <span className="min-w-0 flex-1">{t.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)} className="rounded-full p-0.5 opacity-70 hover:opacity-100">
            <X className="h-4 w-4" aria-hidden="true" />
          </button>
        </div>
      ))}
    </div>
  );
}
