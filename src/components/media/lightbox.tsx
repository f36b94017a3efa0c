"use client";
// Images at full size over everything, on the native modal <dialog>: the page behind is inert,
// so focus stays inside. Esc closes, the arrow keys move between the images of one message.
import { ChevronLeft, ChevronRight, Download, X } from "lucide-react";
import { useEffect, useRef, type SyntheticEvent } from "react";
import { PlainImage } from "./plain-image";

/** An uploaded image as a FileView names it: shown and downloaded from its url. */
export type LightboxImage = { url: string; name: string };

/** Stops events here: React bubbles them through portals and the top layer to the message row. */
const contain = (e: SyntheticEvent) => e.stopPropagation();

type LightboxProps = {
  images: LightboxImage[];
  /** The image shown; null while the lightbox is closed. */
  index: number | null;
  onIndex: (index: number | null) => void;
};

/** Closes by setting the index back to null. */
export function Lightbox({ index, ...props }: LightboxProps) {
  return index === null ? null : <OpenLightbox index={index} {...props} onClose={() => props.onIndex(null)} />;
}

function OpenLightbox({
  images,
  index,
  onIndex,
  onClose,
}: Omit<LightboxProps, "index"> & { index: number; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  const image = images[index];
  if (!image) return null;
  const many = images.length > 1;
  const move = (step: number) => onIndex((index + step + images.length) % images.length);
  const control =
    "inline-flex h-11 w-11 items-center justify-center rounded-full bg-white/10 text-white transition-colors hover:bg-white/20";
  return (
    <dialog
      ref={ref}
      data-testid="lightbox"
      aria-label={`${image.name}${many ? `, image ${index + 1} of ${images.length}` : ""}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        contain(e);
        if (many && e.key === "ArrowRight") move(1);
        else if (many && e.key === "ArrowLeft") move(-1);
      }}
      onClick={(e) => {
        contain(e);
        if (e.target === e.currentTarget) onClose();
      }}
      onContextMenu={contain}
      onPointerDown={contain}
      className="m-0 h-dvh max-h-none w-screen max-w-none bg-slate-950/95 p-0 text-white backdrop:bg-transparent open:flex open:flex-col"
    >
      <header className="flex items-center gap-2 px-3 py-2">
        <p className="min-w-0 flex-1 truncate text-sm">
          {image.name}
          {many ? <span className="text-white/60"> · {index + 1} / {images.length}</span> : null}
        </p>
        <a href={image.url} download={image.name} className={control} aria-label="Download">
          <Download className="h-5 w-5" aria-hidden="true" />
        </a>
        <button type="button" className={control} aria-label="Close" onClick={onClose} autoFocus>
          <X className="h-5 w-5" aria-hidden="true" />
        </button>
      </header>
      <div
        className="relative flex min-h-0 flex-1 items-center justify-center px-2 pb-4 sm:px-16"
        onClick={(e) => e.target === e.currentTarget && onClose()}
      >
        <PlainImage key={image.url} src={image.url} alt={image.name} className="max-h-full max-w-full object-contain" />
        {many ? (
          <>
            <button type="button" className={`${control} absolute left-2 top-1/2 -translate-y-1/2`} aria-label="Previous image" onClick={() => move(-1)}>
              <ChevronLeft className="h-6 w-6" aria-hidden="true" />
            </button>
            <button type="button" className={`${control} absolute right-2 top-1/2 -translate-y-1/2`} aria-label="Next image" onClick={() => move(1)}>
              <ChevronRight className="h-6 w-6" aria-hidden="true" />
            </button>
          </>
        ) : null}
      </div>
    </dialog>
  );
}
