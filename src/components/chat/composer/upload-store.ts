"use client";
// The files being uploaded from one open chat: picked, dropped, pasted or recorded. Each
// starts uploading at once; the composer's tray shows those not yet sent, a pending message
// shows its own, and a send waits for its files to finish.
import { useSyncExternalStore } from "react";
import { UploadError, uploadFile, type Upload } from "@/components/media/upload";
import type { FileView } from "@/lib/api-types";
import type { UploadLimit } from "@/lib/limits";

export type UploadItem = {
  key: string;
  /** The file as it can be shown before the server has it: `url` is a local object URL. */
  local: FileView;
  /** 0..1 */
  progress: number;
  status: "uploading" | "done" | "failed";
  error: string | null;
  result: FileView | null;
};

function kindOf(type: string): FileView["kind"] {
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("video/")) return "video";
  if (type.startsWith("audio/")) return "audio";
  return "document";
}

/** An image's width and height, read locally, so its preview takes its shape at once. */
async function measure(file: File): Promise<{ width: number; height: number } | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return null;
  }
}

export class UploadStore {
  private items = new Map<string, UploadItem>();
  private files = new Map<string, File>();
  private running = new Map<string, Upload>();
  private snapshot: ReadonlyMap<string, UploadItem> = new Map();
  private listeners = new Set<() => void>();

  constructor(private readonly limit: UploadLimit) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;

  private set(key: string, patch: Partial<UploadItem>) {
    const item = this.items.get(key);
    if (!item) return;
    this.items.set(key, { ...item, ...patch });
    this.snapshot = new Map(this.items);
    for (const listener of this.listeners) listener();
  }

  /** Starts uploading a file; returns its key. */
  add(file: File): string {
    const key = crypto.randomUUID();
    const kind = kindOf(file.type);
    const url = URL.createObjectURL(file);
    const local: FileView = {
      id: key,
      name: file.name || "file",
      mimeType: file.type || "application/octet-stream",
      kind,
      size: file.size,
      url,
      thumbnailUrl: kind === "image" ? url : null,
      width: null,
      height: null,
      durationSec: null,
      audio: null,
      createdAt: new Date().toISOString(),
    };
    this.items.set(key, { key, local, progress: 0, status: "uploading", error: null, result: null });
    this.files.set(key, file);
    this.set(key, {});
    if (kind === "image") void measure(file).then((size) => size && this.set(key, { local: { ...local, ...size } }));
    this.start(key);
    return key;
  }

  private start(key: string) {
    const file = this.files.get(key);
    const item = this.items.get(key);
    if (!file || !item) return;
    this.set(key, { status: "uploading", progress: 0, error: null });
    const upload = uploadFile(file, item.local.name, this.limit, (progress) => this.set(key, { progress }));
    this.running.set(key, upload);
    upload.promise.then(
      (result) => this.set(key, { status: "done", progress: 1, result }),
      (error: unknown) => {
        if (error instanceof UploadError && error.aborted) return;
        this.set(key, { status: "failed", error: error instanceof Error ? error.message : "The upload failed." });
      },
    );
  }

  /** The uploaded files, in order, once all are there; a failed one is tried again first. */
  async wait(keys: string[]): Promise<FileView[]> {
    for (const key of keys) if (this.items.get(key)?.status === "failed") this.start(key);
    return Promise.all(
      keys.map(async (key) => {
        const done = this.items.get(key)?.result;
        if (done) return done;
        const upload = this.running.get(key);
        if (!upload) throw new UploadError("The file is no longer there.");
        return upload.promise;
      }),
    );
  }

  /** Cancels (if still uploading) and forgets the files. */
  remove(keys: string[]) {
    for (const key of keys) {
      const item = this.items.get(key);
      if (!item) continue;
      if (item.status === "uploading") this.running.get(key)?.abort();
      URL.revokeObjectURL(item.local.url);
      this.items.delete(key);
      this.files.delete(key);
      this.running.delete(key);
    }
    this.snapshot = new Map(this.items);
    for (const listener of this.listeners) listener();
  }

  /** Lets go of everything (the chat is closed). */
  clear() {
    this.remove([...this.items.keys()]);
  }

  get(key: string): UploadItem | undefined {
    return this.items.get(key);
  }
}

const EMPTY: ReadonlyMap<string, UploadItem> = new Map();

/** The current state of every upload of the store. */
export function useUploadItems(store: UploadStore): ReadonlyMap<string, UploadItem> {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => EMPTY);
}
