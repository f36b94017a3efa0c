// What a file really is, from its bytes: file-type for formats with magic numbers, a content
// check for text (and SVG, which is text), then the claim (declared type, extension) must
// agree with it. Anything unknown or contradicted is refused with 415.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { fileTypeFromFile } from "file-type/node";
import {
  declaresText,
  FAMILIES,
  type FamilyName,
  type FileKind,
  familyOfDeclared,
  familyOfExtension,
  familyOfSniffed,
  isTextFamily,
} from "./file-types";
import { extensionOf } from "./names";
import { unsupportedType } from "./refusal";

export type Sniffed = { family: FamilyName; mimeType: string; kind: FileKind };
export type Claim = { name: string; declaredType: string | null };

const LEGACY_OFFICE = new Set<FamilyName>(["msWord", "msExcel", "msPowerPoint"]);

export async function sniffFile(path: string, claim: Claim): Promise<Sniffed> {
  const extension = extensionOf(claim.name);
  const family = await sniffFamily(path, claim, extension);
  checkClaim(family, claim, extension);
  const detected = FAMILIES[family];
  return { family, mimeType: detected.sniffed[0]!, kind: detected.kind };
}

async function sniffFamily(path: string, claim: Claim, extension: string | null): Promise<FamilyName> {
  const detected = await fileTypeFromFile(path);
  if (detected && detected.mime !== "application/xml") {
    if (detected.mime === "application/x-cfb") {
      const byName = familyOfExtension(extension);
      if (byName && LEGACY_OFFICE.has(byName)) return byName;
      throw unsupportedType();
    }
    const family = familyOfSniffed(detected.mime);
    if (!family) throw unsupportedType(`Relay does not accept .${detected.ext} files. Send an image, video, audio, PDF, office document, text or zip file.`);
    return family;
  }
  if (!(await isText(path))) throw unsupportedType();
  if (await startsLikeSvg(path)) return "svg";
  const byName = familyOfExtension(extension);
  if (byName && isTextFamily(byName)) return byName;
  const declared = familyOfDeclared(claim.declaredType);
  if (declared && isTextFamily(declared)) return declared;
  return "text";
}

/** The declared type and the extension, where they name a format, must name the sniffed one. */
function checkClaim(family: FamilyName, claim: Claim, extension: string | null) {
  const mismatch = (what: string) =>
    unsupportedType(`This file's ${what} says one type, but its content is ${describe(family)}. Send the file with its real name and type.`);
  const agrees = (claimed: FamilyName) => claimed === family || (isTextFamily(claimed) && isTextFamily(family));
  const byName = familyOfExtension(extension);
  if (byName && !agrees(byName)) throw mismatch("name");
  const declared = familyOfDeclared(claim.declaredType);
  if (declared && !agrees(declared)) throw mismatch("declared type");
  if (!declared && declaresText(claim.declaredType) && !isTextFamily(family) && family !== "svg") throw mismatch("declared type");
}

/** "a PDF", "an MP4", "text": how a refusal names what the bytes are. */
function describe(family: FamilyName): string {
  if (isTextFamily(family)) return "text";
  const label = FAMILIES[family].extensions[0]!.toUpperCase();
  return `${/^[AEFHILMNORSX]/.test(label) ? "an" : "a"} ${label}`;
}

/** Every byte value that never occurs in text: NUL and the control characters that are not whitespace or ESC. */
const BINARY_BYTES = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 0x20; b++) table[b] = 1;
  for (const allowed of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]) table[allowed] = 0;
  return table;
})();

/**
 * Text: the whole file is free of binary control bytes. UTF-8 and the legacy 8-bit encodings
 * (a CSV from Excel) pass; binary formats contain such bytes within their first few hundred.
 */
async function isText(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) if (BINARY_BYTES[bytes[i]!]) return false;
  }
  return true;
}

/** An SVG document: optional BOM, XML declaration, comments and doctype, then an <svg> root. */
async function startsLikeSvg(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8192), 0, 8192, 0);
    let text = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "");
    const prolog = /^\s*(<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)/i;
    for (let match = prolog.exec(text); match; match = prolog.exec(text)) text = text.slice(match[0].length);
    return /^\s*<svg[\s>/]/i.test(text);
  } finally {
    await handle.close();
  }
}
