import { Upload } from "lucide-react";
import { useUploadLimit } from "@/components/media/upload-limit";
import { MAX_ATTACHMENTS } from "@/lib/limits";

/** Shown over the conversation while files are dragged over it. */
export function DropZone() {
  const { maxUploadMb } = useUploadLimit();
  return (
    <div
      data-testid="drop-zone"
      className="pointer-events-none absolute inset-2 z-20 flex flex-col items-center justify-center gap-2 rounded-2xl border-2 border-dashed border-brand-500 bg-brand-50/90 text-brand-700 dark:bg-slate-900/90 dark:text-brand-100"
    >
      <Upload className="h-10 w-10" aria-hidden="true" />
      <p className="text-lg font-semibold">Drop files to send</p>
      <p className="text-sm opacity-80">Up to {MAX_ATTACHMENTS} files, {maxUploadMb} MB each</p>
    </div>
  );
}
