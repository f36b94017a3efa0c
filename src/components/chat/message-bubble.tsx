"use client";
import { AlertCircle, Check, CheckCheck, Clock } from "lucide-react";
import { fullTime, messageTime } from "@/lib/format";

export type DeliveryState = "sending" | "failed" | "sent" | "read";

const stateLabel: Record<DeliveryState, string> = {
  sending: "Sending",
  failed: "Not sent",
  sent: "Sent",
  read: "Read",
};

function StateIcon({ state }: { state: DeliveryState }) {
  const cls = "h-4 w-4";
  if (state === "sending") return <Clock className={cls} aria-hidden="true" />;
  if (state === "failed") return <AlertCircle className={`${cls} text-red-300`} aria-hidden="true" />;
  if (state === "read") return <CheckCheck className={`${cls} text-sky-200`} aria-hidden="true" />;
  return <Check className={cls} aria-hidden="true" />;
}

export function MessageBubble({
  content,
  createdAt,
  mine,
  state,
  onRetry,
  onDiscard,
}: {
  content: string;
  createdAt: string;
  mine: boolean;
  state?: DeliveryState;
  onRetry?: () => void;
  onDiscard?: () => void;
}) {
  return (
    <li
      data-testid="message"
      data-mine={mine}
      data-state={state}
      className={`flex ${mine ? "justify-end" : "justify-start"} px-3 py-0.5`}
    >
      <div
        className={`max-w-[85%] rounded-2xl px-3 py-1.5 shadow-sm sm:max-w-[70%] ${
          mine
            ? "rounded-br-md bg-brand-600 text-white"
            : "rounded-bl-md bg-white text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        }`}
      >
        <p className="whitespace-pre-wrap break-words text-[15px] leading-snug">{content}</p>
        <p className={`mt-0.5 flex items-center justify-end gap-1 text-[11px] ${mine ? "text-white/75" : "text-slate-500"}`}>
          <time dateTime={createdAt} title={fullTime(createdAt)}>
            {messageTime(createdAt)}
          </time>
          {mine && state ? (
            <span className="inline-flex items-center" title={stateLabel[state]}>
              <StateIcon state={state} />
              <span className="sr-only" data-testid="message-state">
                {stateLabel[state]}
              </span>
            </span>
          ) : null}
        </p>
        {state === "failed" ? (
          <p className="mt-1 flex gap-3 text-xs">
            <button type="button" className="font-semibold underline" onClick={onRetry}>
              Retry
            </button>
            <button type="button" className="underline opacity-80" onClick={onDiscard}>
              Discard
            </button>
          </p>
        ) : null}
      </div>
    </li>
  );
}
