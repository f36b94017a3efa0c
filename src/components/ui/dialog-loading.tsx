import { Spinner } from "./spinner";

/**
 * Shown while a dialog's code loads: its backdrop and a spinner. It takes no focus, so the
 * dialog, once there, still gives focus back to what opened it.
 */
export function DialogLoading() {
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/50">
      <div className="rounded-2xl bg-white p-4 shadow-2xl dark:bg-slate-900">
        <Spinner label="Loading…" />
      </div>
    </div>
  );
}
