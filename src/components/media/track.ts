import type { FileView } from "@/lib/api-types";

/** What a music list shows for a file: its tags, or its name when it has none. */
export function trackInfo(file: FileView) {
  return {
    title: file.audio?.title || file.name.replace(/\.[^.]+$/, ""),
    artist: file.audio?.artist ?? null,
    album: file.audio?.album ?? null,
    coverUrl: file.audio?.coverUrl ?? null,
  };
}
