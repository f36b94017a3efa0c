import { Music } from "lucide-react";
import { PlainImage } from "./plain-image";

/** A track's cover, or a note on a soft square when it has none. */
export function CoverArt({ src, size = "md" }: { src: string | null; size?: "sm" | "md" }) {
  const dims = size === "sm" ? "h-10 w-10" : "h-12 w-12";
  return src ? (
    <PlainImage src={src} alt="" className={`${dims} shrink-0 rounded-lg object-cover`} />
  ) : (
    <span className={`${dims} inline-flex shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 dark:bg-brand-500/15 dark:text-brand-100`}>
      <Music className="h-5 w-5" aria-hidden="true" />
    </span>
  );
}
