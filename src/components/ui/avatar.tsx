"use client";
import { useState } from "react";
import { PlainImage } from "@/components/media/plain-image";
import { initials } from "@/lib/format";

// Dark enough that the white initials read on each (WCAG AA, 4.5:1).
const palette = ["bg-rose-700", "bg-amber-700", "bg-emerald-700", "bg-sky-700", "bg-violet-700", "bg-fuchsia-700", "bg-teal-700"];

function colourFor(seed: string) {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

/**
 * The person's picture when they have one, else initials on a colour of their own (also when
 * the picture cannot load); `online` adds the green presence dot.
 */
export function Avatar({
  name,
  seed,
  src = null,
  size = "md",
  online = false,
}: {
  name: string;
  seed: string;
  /** The avatar image's url (PublicUser.avatarUrl). */
  src?: string | null;
  size?: "xs" | "sm" | "md" | "lg";
  online?: boolean;
}) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const dims = { xs: "h-7 w-7 text-[11px]", sm: "h-8 w-8 text-xs", md: "h-11 w-11 text-sm", lg: "h-20 w-20 text-2xl" }[size];
  const dot = { xs: "h-2 w-2", sm: "h-2.5 w-2.5", md: "h-3 w-3", lg: "h-4 w-4 right-1 bottom-1" }[size];
  const showImage = src !== null && src !== failedSrc;
  return (
    <span aria-hidden="true" className="relative inline-flex shrink-0">
      {showImage ? (
        <PlainImage
          data-testid="avatar-image"
          src={src}
          alt=""
          onError={() => setFailedSrc(src)}
          className={`rounded-full bg-slate-200 object-cover dark:bg-slate-800 ${dims}`}
        />
      ) : (
        <span
          className={`inline-flex select-none items-center justify-center rounded-full font-semibold text-white ${dims} ${colourFor(seed)}`}
        >
          {initials(name)}
        </span>
      )}
      {online ? (
        <span
          data-testid="online-dot"
          className={`absolute bottom-0 right-0 rounded-full bg-emerald-500 ring-2 ring-white dark:ring-slate-950 ${dot}`}
        />
      ) : null}
    </span>
  );
}
