"use client";
import { Download, FileText } from "lucide-react";
import { useState, type CSSProperties } from "react";
import { AudioPlayer } from "@/components/media/audio-player";
import { Lightbox } from "@/components/media/lightbox";
import { fileSize, typeLabel } from "@/components/media/media-format";
import { PlainImage } from "@/components/media/plain-image";
import type { FileView } from "@/lib/api-types";

const MAX_WIDTH = 300;
const MAX_HEIGHT = 340;
const MIN_SIDE = 120;

/** The size an image or video takes in a bubble: its own shape, within bounds, known before it loads. */
function fit(file: Pick<FileView, "width" | "height">): { width: number; aspectRatio: string } {
  const w = file.width ?? 4;
  const h = file.height ?? 3;
  const scale = Math.min(MAX_WIDTH / w, MAX_HEIGHT / h, 1);
  return { width: Math.max(MIN_SIDE, Math.round(w * scale)), aspectRatio: `${w} / ${h}` };
}

/**
 * A message's files: images (a tap opens them full size) and videos first, then audio
 * players, then cards for documents.
 */
export function MessageAttachments({ files, mine }: { files: FileView[]; mine: boolean }) {
  const [open, setOpen] = useState<number | null>(null);
  const images = files.filter((f) => f.kind === "image");
  const videos = files.filter((f) => f.kind === "video");
  const audio = files.filter((f) => f.kind === "audio");
  const docs = files.filter((f) => f.kind === "document");
  return (
    <div className="flex flex-col gap-1.5 pt-0.5">
      {images.length === 1 ? (
        <ImageTile file={images[0]!} style={fit(images[0]!)} onOpen={() => setOpen(0)} />
      ) : images.length > 1 ? (
        <div className="grid w-[300px] max-w-full grid-cols-2 gap-1">
          {images.map((file, i) => (
            <ImageTile key={file.id} file={file} style={{ aspectRatio: "1 / 1" }} onOpen={() => setOpen(i)} />
          ))}
        </div>
      ) : null}
      {videos.map((file) => (
        <video
          key={file.id}
          data-testid="attachment-video"
          src={file.url}
          controls
          preload="metadata"
          aria-label={file.name}
          style={fit(file)}
          className="max-w-full rounded-lg bg-black"
        />
      ))}
      {audio.map((file) => (
        <AudioPlayer
          key={file.id}
          src={file.url}
          label={file.audio?.title ?? file.name}
          knownDuration={file.durationSec}
          tags={{ title: file.audio?.title ?? file.name, artist: file.audio?.artist ?? null, coverUrl: file.audio?.coverUrl ?? null }}
          tone={mine ? "inverse" : "plain"}
        />
      ))}
      {docs.map((file) => (
        <FileCard key={file.id} file={file} mine={mine} />
      ))}
      <Lightbox images={images} index={open} onIndex={setOpen} />
    </div>
  );
}

function ImageTile({ file, style, onOpen }: { file: FileView; style: CSSProperties; onOpen: () => void }) {
  return (
    <button
      type="button"
      onClick={onOpen}
      aria-label={`Open image ${file.name}`}
      style={style}
      className="block max-w-full overflow-hidden rounded-lg bg-slate-200 dark:bg-slate-700"
    >
      <PlainImage
        data-testid="attachment-image"
        src={file.thumbnailUrl ?? file.url}
        alt={file.name}
        loading="lazy"
        className="h-full w-full object-cover"
      />
    </button>
  );
}

/** A document: what it is and how big, with the way to download it. */
export function FileCard({ file, mine }: { file: FileView; mine: boolean }) {
  return (
    <div data-testid="file-card" className="flex w-64 max-w-full items-center gap-3 py-1">
      <span
        className={`inline-flex h-11 w-11 shrink-0 items-center justify-center rounded-lg ${
          mine ? "bg-white/20 text-white" : "bg-brand-50 text-brand-600 dark:bg-brand-500/15 dark:text-brand-100"
        }`}
      >
        <FileText className="h-5 w-5" aria-hidden="true" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium" title={file.name}>
          {file.name}
        </span>
        <span className={`block text-xs ${mine ? "text-white/90" : "text-slate-500 dark:text-slate-400"}`}>
          {fileSize(file.size)} · {typeLabel(file.name, file.mimeType)}
        </span>
      </span>
      <a
        href={file.url}
        download={file.name}
        aria-label={`Download ${file.name}`}
        title="Download"
        className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full transition-colors ${
          mine ? "hover:bg-white/20" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-700"
        }`}
      >
        <Download className="h-5 w-5" aria-hidden="true" />
      </a>
    </div>
  );
}
