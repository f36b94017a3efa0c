// Uploads go over a plain XMLHttpRequest to POST /api/files: unlike fetch, it reports upload
// progress and can be aborted halfway.
import type { FileView } from "@/lib/api-types";
import { uploadRefusal, type UploadLimit } from "@/lib/limits";

export class UploadError extends Error {
  constructor(
    message: string,
    readonly aborted = false,
  ) {
    super(message);
  }
}

export type Upload = { promise: Promise<FileView>; abort: () => void };

/** Starts uploading `file`; `onProgress` gets the fraction sent (0..1). */
export function uploadFile(file: Blob, name: string, limit: UploadLimit, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<FileView>((resolve, reject) => {
    // Refused here, before a single byte is sent: the server would say the same.
    const refusal = uploadRefusal(file.size, limit);
    if (refusal) {
      reject(new UploadError(refusal));
      return;
    }
    xhr.open("POST", "/api/files");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = xhr.response as (FileView & { error?: string }) | null;
      if (xhr.status === 201 || xhr.status === 200) resolve(body as FileView);
      else reject(new UploadError(body?.error ?? failureText(xhr.status)));
    };
    xhr.onerror = () => reject(new UploadError("The upload failed: check your connection."));
    xhr.onabort = () => reject(new UploadError("Cancelled", true));
    const form = new FormData();
    form.append("file", file, name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

function failureText(status: number): string {
  if (status === 401) return "You are signed out. Sign in again to upload.";
  if (status === 413) return "This file is too large.";
  if (status === 415) return "This type of file is not allowed.";
  return "The upload failed. Try again.";
}
