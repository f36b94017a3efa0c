// Which kinds of track a webm/Matroska file holds, read from its Tracks element. A browser's
// MediaRecorder writes its segment and clusters with "unknown" sizes, which music-metadata
// cannot walk, yet a voice note must still be told from a video: this reads only the
// file's head (tracks come before the first cluster) and needs no sizes beyond the tracks.
import { open } from "node:fs/promises";

const SEGMENT = 0x18538067;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const CLUSTER = 0x1f43b675;
const HEAD_BYTES = 256 * 1024;

export type TrackKinds = { hasVideo: boolean; hasAudio: boolean };

export async function webmTrackKinds(path: string): Promise<TrackKinds | null> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    const types = trackTypes(buffer.subarray(0, bytesRead));
    if (types.length === 0) return null;
    return { hasVideo: types.includes(1), hasAudio: types.includes(2) };
  } finally {
    await handle.close();
  }
}

/** Every TrackType value (1 video, 2 audio) in the Tracks of the first Segment. */
function trackTypes(bytes: Buffer): number[] {
  const found: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const id = readVint(bytes, offset, true);
    if (!id) break;
    const size = readVint(bytes, offset + id.length, false);
    if (!size) break;
    const start = offset + id.length + size.length;
    if (id.value === CLUSTER) break;
    if (id.value === SEGMENT || id.value === TRACKS || id.value === TRACK_ENTRY) {
      offset = start; // descend: the children follow directly
      continue;
    }
    if (size.value === null) break;
    if (id.value === TRACK_TYPE && size.value >= 1 && size.value <= 8 && start + size.value <= bytes.length) {
      found.push(bytes.readUIntBE(start + size.value - 1, 1));
    }
    offset = start + size.value;
  }
  return found;
}

/** An EBML variable-length integer; ids keep their marker bit, sizes of all ones are unknown (null). */
function readVint(bytes: Buffer, offset: number, isId: boolean): { value: number | null; length: number } | null {
  const first = bytes[offset];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 8 || offset + length > bytes.length || (isId && length > 4)) return null;
  let value = isId ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[offset + i]!;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value: !isId && allOnes ? null : value, length };
}
