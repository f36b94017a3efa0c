// What Relay reads from a file's content once it knows the type: an image's size and a small
// webp thumbnail (sharp), and a sound or video file's length, tags and cover art
// (music-metadata). A file that cannot be read this way is still stored, just without them.
import { parseFile } from "music-metadata";
import sharp from "sharp";
import { type FamilyName, type FileKind, familyInfo } from "./file-types";
import { webmTrackKinds } from "./webm-tracks";
import { log } from "@/server/log";

export type AudioTags = { title: string | null; artist: string | null; album: string | null; year: number | null };

export type MediaDetails = {
  mimeType: string;
  kind: FileKind;
  width: number | null;
  height: number | null;
  durationSec: number | null;
  audio: AudioTags | null;
  /** webp bytes: small enough to hold in memory (at most a few hundred kilobytes). */
  thumbnail: Buffer | null;
  cover: Buffer | null;
};

const THUMBNAIL_SIZE = 480;
const COVER_SIZE = 512;
/**
 * Decoding is where a decompression bomb bites (a few kilobytes of PNG that inflate to
 * gigabytes), so no image above this many pixels is decoded. Such an image is still
 * accepted, with the dimensions from its header but no thumbnail: large panoramas and
 * high-resolution photos are legitimate, and only the server's decoding needs protection.
 */
export const MAX_DECODED_PIXELS = 50_000_000;

export async function describeMedia(path: string, sniffed: { family: FamilyName; mimeType: string; kind: FileKind }): Promise<MediaDetails> {
  const details: MediaDetails = {
    mimeType: sniffed.mimeType,
    kind: sniffed.kind,
    width: null,
    height: null,
    durationSec: null,
    audio: null,
    thumbnail: null,
    cover: null,
  };
  // SVG is a document that can script: never rasterised here, shown to no one inline.
  if (sniffed.kind === "image" && sniffed.family !== "svg") Object.assign(details, await describeImage(path));
  if (sniffed.kind === "audio" || sniffed.kind === "video") Object.assign(details, await describeSoundOrVideo(path, sniffed));
  return details;
}

async function describeImage(path: string): Promise<Partial<MediaDetails>> {
  let width: number | null = null;
  let height: number | null = null;
  try {
    // Reads only the header: safe for any size.
    const meta = await sharp(path, { limitInputPixels: false }).metadata();
    width = meta.autoOrient?.width ?? meta.width ?? null;
    height = meta.autoOrient?.height ?? meta.height ?? null;
    if (!width || !height || width * height > MAX_DECODED_PIXELS) return { width, height };
    const thumbnail = await sharp(path, { limitInputPixels: MAX_DECODED_PIXELS, animated: false })
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { width, height, thumbnail };
  } catch (error) {
    // A format sharp reads the header of but cannot decode (HEIC) keeps its dimensions.
    log.debug("An image could not be read for its size and thumbnail", error);
    return { width, height };
  }
}

async function describeSoundOrVideo(
  path: string,
  sniffed: { family: FamilyName; mimeType: string; kind: FileKind },
): Promise<Partial<MediaDetails>> {
  const family = familyInfo(sniffed.family);
  try {
    const { format, common } = await parseFile(path, { duration: true });
    let { mimeType, kind } = sniffed;
    // A voice note recorded as webm (or mp4, ogg) has no picture: it is audio.
    if (family.audioOnly && format.hasVideo === false && format.hasAudio !== false) {
      mimeType = family.audioOnly;
      kind = "audio";
    } else if (family.withVideo && format.hasVideo === true) {
      mimeType = family.withVideo;
      kind = "video";
    }
    const durationSec = format.duration && Number.isFinite(format.duration) ? Math.round(format.duration) : null;
    if (kind !== "audio") return { mimeType, kind, durationSec };
    const audio: AudioTags = {
      title: common.title ?? null,
      artist: common.artist ?? null,
      album: common.album ?? null,
      year: common.year ?? null,
    };
    const picture = common.picture?.[0];
    return { mimeType, kind, durationSec, audio, cover: picture ? await coverArt(picture.data) : null };
  } catch (error) {
    log.debug("A sound or video file could not be read for its tags", error);
    const emptyTags = { title: null, artist: null, album: null, year: null };
    // A live recording (MediaRecorder) has what the tag reader cannot walk: read its tracks.
    const tracks = sniffed.family === "webm" || sniffed.family === "matroska" ? await webmTrackKinds(path).catch(() => null) : null;
    if (family.audioOnly && tracks && !tracks.hasVideo && tracks.hasAudio) {
      return { mimeType: family.audioOnly, kind: "audio", audio: emptyTags };
    }
    return sniffed.kind === "audio" ? { audio: emptyTags } : {};
  }
}

/** Cover art as a small webp; null when the embedded picture is not a readable image. */
async function coverArt(data: Uint8Array): Promise<Buffer | null> {
  try {
    return await sharp(data, { limitInputPixels: MAX_DECODED_PIXELS })
      .resize(COVER_SIZE, COVER_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    return null;
  }
}
