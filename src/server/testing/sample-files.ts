// Small, valid files of every kind Relay accepts, made here rather than committed: images with
// sharp, and the rest (PDF, WAV, MP3 with ID3 tags and cover art, zip, docx, webm) by hand.
import { crc32 } from "node:zlib";
import sharp from "sharp";

export function png(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
}

export function jpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 140, b: 90 } } }).jpeg().toBuffer();
}

export function pdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n" +
      "trailer <</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

/** 16-bit mono PCM silence. */
export function wav(seconds = 1, sampleRate = 8000): Buffer {
  const data = Buffer.alloc(seconds * sampleRate * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A WAV of silence tagged (RIFF INFO) with a title, artist and album, as tag readers see them. */
export function taggedWav(seconds: number, tags: { title: string; artist: string; album: string }): Buffer {
  const plain = wav(seconds);
  const fields = Object.entries({ INAM: tags.title, IART: tags.artist, IPRD: tags.album }).map(([id, text]) => {
    const value = Buffer.from(`${text}\0`, "latin1");
    return Buffer.concat([chunkHeader(id, value.length), value, Buffer.alloc(value.length % 2)]);
  });
  const info = Buffer.concat([Buffer.from("INFO", "latin1"), ...fields]);
  // "WAVE" and the fmt chunk, the LIST chunk, then the data chunk as wav() wrote it.
  const body = Buffer.concat([plain.subarray(8, 36), chunkHeader("LIST", info.length), info, plain.subarray(36)]);
  return Buffer.concat([chunkHeader("RIFF", body.length), body]);
}

function chunkHeader(id: string, length: number): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, "latin1");
  head.writeUInt32LE(length, 4);
  return head;
}

/** The 44-byte header of a WAV file whose samples (silence) follow separately: for big uploads. */
export function wavHeader(dataBytes: number, sampleRate = 8000): Buffer {
  const header = wav(0, sampleRate);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

export type Id3Tags = { title: string; artist: string; album: string; year: string; cover?: Buffer };

/** An MP3: an ID3v2.3 tag (TIT2, TPE1, TALB, TYER and an APIC picture), then silent MPEG frames. */
export function mp3(tags: Id3Tags, frames = 200): Buffer {
  const textFrame = (id: string, text: string) => id3Frame(id, Buffer.concat([Buffer.from([0]), Buffer.from(text, "latin1")]));
  const frameList = [
    textFrame("TIT2", tags.title),
    textFrame("TPE1", tags.artist),
    textFrame("TALB", tags.album),
    textFrame("TYER", tags.year),
  ];
  if (tags.cover) {
    // encoding, MIME type, picture type 3 (front cover), empty description, the picture
    const head = Buffer.concat([Buffer.from([0]), Buffer.from("image/png\0", "latin1"), Buffer.from([3, 0])]);
    frameList.push(id3Frame("APIC", Buffer.concat([head, tags.cover])));
  }
  const body = Buffer.concat(frameList);
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, ...syncsafe(body.length)]);
  // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono: 417-byte frames.
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return Buffer.concat([header, body, ...Array.from({ length: frames }, () => frame)]);
}

function id3Frame(id: string, content: Buffer): Buffer {
  const header = Buffer.alloc(10);
  header.write(id, 0, "latin1");
  header.writeUInt32BE(content.length, 4);
  return Buffer.concat([header, content]);
}

function syncsafe(n: number): number[] {
  return [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
}

/** A zip archive with stored (uncompressed) entries. */
export function zip(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = typeof content === "string" ? Buffer.from(content) : content;
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The smallest Word document: its content types, package relations and one paragraph. */
export function docx(): Buffer {
  return zip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml":
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      "<w:body><w:p><w:r><w:t>Hello from Relay</w:t></w:r></w:p></w:body></w:document>",
  });
}

/** The smallest Excel workbook file-type recognises: its content types name a spreadsheet. */
export function xlsx(): Buffer {
  return zip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  });
}

/** An OpenDocument text: a zip whose first entry, "mimetype", says what it is. */
export function odt(): Buffer {
  return zip({ mimetype: "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>" });
}

/**
 * A webm with one track: Opus sound (a browser's voice note) or VP8 pictures. `recorded`: as a
 * browser's MediaRecorder writes it while recording: segment and cluster of unknown size, no duration.
 */
export function webm(track: "audio" | "video", durationMs = 3000, recorded = false): Buffer {
  const header = ebml(0x1a45dfa3, [
    ebml(0x4286, uint(1)),
    ebml(0x42f7, uint(1)),
    ebml(0x42f2, uint(4)),
    ebml(0x42f3, uint(8)),
    ebml(0x4282, Buffer.from("webm")),
    ebml(0x4287, uint(4)),
    ebml(0x4285, uint(2)),
  ]);
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(durationMs);
  const info = ebml(0x1549a966, [
    ebml(0x2ad7b1, uint(1_000_000)),
    ...(recorded ? [] : [ebml(0x4489, duration)]),
    ebml(0x4d80, Buffer.from("relay")),
    ebml(0x5741, Buffer.from("relay")),
  ]);
  const rate = Buffer.alloc(8);
  rate.writeDoubleBE(48000);
  const entry =
    track === "audio"
      ? [ebml(0x83, uint(2)), ebml(0x86, Buffer.from("A_OPUS")), ebml(0xe1, [ebml(0xb5, rate), ebml(0x9f, uint(1))])]
      : [ebml(0x83, uint(1)), ebml(0x86, Buffer.from("V_VP8")), ebml(0xe0, [ebml(0xb0, uint(64)), ebml(0xba, uint(48))])];
  const tracks = ebml(0x1654ae6b, [ebml(0xae, [ebml(0xd7, uint(1)), ebml(0x73c5, uint(1)), ...entry])]);
  const blocks = Array.from({ length: 5 }, (_, i) => ebml(0xa3, Buffer.from([0x81, 0, i * 20, 0x80, 0xfc, 0xff, 0xfe])));
  const cluster = ebml(0x1f43b675, [ebml(0xe7, uint(0)), ...blocks], recorded);
  return Buffer.concat([header, ebml(0x18538067, [info, tracks, cluster], recorded)]);
}

function ebml(id: number, content: Buffer | Buffer[], unknownSize = false): Buffer {
  const body = Array.isArray(content) ? Buffer.concat(content) : content;
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, "0"), "hex");
  const size = Buffer.alloc(8);
  // An 8-byte size; all ones means "unknown" (a live recording's segment and clusters).
  size.writeBigUInt64BE(unknownSize ? 0xffffffffffffffn : BigInt(body.length));
  size[0] = 0x01;
  return Buffer.concat([idBytes, size, body]);
}

function uint(n: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(n);
  return bytes;
}

export const svgWithScript = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>\n',
);
