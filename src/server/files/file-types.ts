// The allow-list: every type of file Relay stores, grouped in families of types that share one
// format (an audio-only webm is still webm). A claim (declared Content-Type or the name's
// extension) is checked against the family the bytes sniff as, never trusted on its own.
export type FileKind = "image" | "video" | "audio" | "document";

type Family = {
  kind: FileKind;
  /** Types the sniffer can report for this family; the first is what Relay stores. */
  sniffed: string[];
  /** Other declared types that mean the same format. */
  aliases?: string[];
  extensions: string[];
  /** Containers that may hold only sound: stored as this audio type when they do. */
  audioOnly?: string;
  /** Containers stored as audio unless they turn out to hold pictures: then this type. */
  withVideo?: string;
};

export const FAMILIES = {
  jpeg: { kind: "image", sniffed: ["image/jpeg"], aliases: ["image/jpg", "image/pjpeg"], extensions: ["jpg", "jpeg", "jpe", "jfif"] },
  png: { kind: "image", sniffed: ["image/png", "image/apng"], aliases: ["image/x-png"], extensions: ["png", "apng"] },
  gif: { kind: "image", sniffed: ["image/gif"], extensions: ["gif"] },
  webp: { kind: "image", sniffed: ["image/webp"], extensions: ["webp"] },
  avif: { kind: "image", sniffed: ["image/avif"], extensions: ["avif"] },
  heif: { kind: "image", sniffed: ["image/heic", "image/heif"], aliases: ["image/heic-sequence", "image/heif-sequence"], extensions: ["heic", "heif"] },
  bmp: { kind: "image", sniffed: ["image/bmp"], aliases: ["image/x-ms-bmp", "image/x-bmp"], extensions: ["bmp"] },
  tiff: { kind: "image", sniffed: ["image/tiff"], extensions: ["tif", "tiff"] },
  ico: { kind: "image", sniffed: ["image/x-icon"], aliases: ["image/vnd.microsoft.icon"], extensions: ["ico"] },
  svg: { kind: "image", sniffed: ["image/svg+xml"], extensions: ["svg"] },

  mp4: {
    kind: "video",
    sniffed: ["video/mp4", "video/x-m4v", "audio/mp4", "audio/x-m4a"],
    aliases: ["audio/m4a", "audio/aac-mp4"],
    extensions: ["mp4", "m4v", "m4a"],
    audioOnly: "audio/mp4",
  },
  quicktime: { kind: "video", sniffed: ["video/quicktime"], extensions: ["mov", "qt"] },
  webm: { kind: "video", sniffed: ["video/webm", "audio/webm"], extensions: ["webm", "weba"], audioOnly: "audio/webm" },
  matroska: {
    kind: "video",
    sniffed: ["video/matroska"],
    aliases: ["video/x-matroska", "audio/x-matroska", "audio/matroska"],
    extensions: ["mkv", "mka"],
    audioOnly: "audio/x-matroska",
  },
  ogg: {
    kind: "audio",
    sniffed: ["audio/ogg", "audio/ogg; codecs=opus", "video/ogg", "application/ogg"],
    aliases: ["audio/opus"],
    extensions: ["ogg", "oga", "ogv", "opus"],
    withVideo: "video/ogg",
  },
  threeGpp: {
    kind: "video",
    sniffed: ["video/3gpp", "video/3gpp2"],
    aliases: ["audio/3gpp", "audio/3gpp2"],
    extensions: ["3gp", "3g2"],
    audioOnly: "audio/3gpp",
  },
  avi: { kind: "video", sniffed: ["video/vnd.avi"], aliases: ["video/x-msvideo", "video/avi", "video/msvideo"], extensions: ["avi"] },
  mpeg: { kind: "video", sniffed: ["video/mpeg"], extensions: ["mpg", "mpeg"] },

  mp3: { kind: "audio", sniffed: ["audio/mpeg"], aliases: ["audio/mp3", "audio/x-mp3", "audio/mpeg3", "audio/x-mpeg"], extensions: ["mp3", "mpga"] },
  aac: { kind: "audio", sniffed: ["audio/aac"], aliases: ["audio/x-aac"], extensions: ["aac"] },
  wav: { kind: "audio", sniffed: ["audio/wav"], aliases: ["audio/x-wav", "audio/wave", "audio/vnd.wave"], extensions: ["wav"] },
  flac: { kind: "audio", sniffed: ["audio/flac"], aliases: ["audio/x-flac"], extensions: ["flac"] },
  amr: { kind: "audio", sniffed: ["audio/amr"], extensions: ["amr"] },
  aiff: { kind: "audio", sniffed: ["audio/aiff"], aliases: ["audio/x-aiff"], extensions: ["aif", "aiff"] },

  pdf: { kind: "document", sniffed: ["application/pdf"], aliases: ["application/x-pdf"], extensions: ["pdf"] },
  docx: { kind: "document", sniffed: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"], extensions: ["docx"] },
  xlsx: { kind: "document", sniffed: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], extensions: ["xlsx"] },
  pptx: { kind: "document", sniffed: ["application/vnd.openxmlformats-officedocument.presentationml.presentation"], extensions: ["pptx"] },
  ppsx: { kind: "document", sniffed: ["application/vnd.openxmlformats-officedocument.presentationml.slideshow"], extensions: ["ppsx"] },
  odt: { kind: "document", sniffed: ["application/vnd.oasis.opendocument.text"], extensions: ["odt"] },
  ods: { kind: "document", sniffed: ["application/vnd.oasis.opendocument.spreadsheet"], extensions: ["ods"] },
  odp: { kind: "document", sniffed: ["application/vnd.oasis.opendocument.presentation"], extensions: ["odp"] },
  odg: { kind: "document", sniffed: ["application/vnd.oasis.opendocument.graphics"], extensions: ["odg"] },
  rtf: { kind: "document", sniffed: ["application/rtf"], aliases: ["text/rtf"], extensions: ["rtf"] },
  epub: { kind: "document", sniffed: ["application/epub+zip"], extensions: ["epub"] },
  zip: { kind: "document", sniffed: ["application/zip"], aliases: ["application/x-zip-compressed", "application/x-zip"], extensions: ["zip"] },
  // Legacy Office files share one container (CFB) with installers and mail: told apart by name.
  msWord: { kind: "document", sniffed: ["application/msword"], extensions: ["doc"] },
  msExcel: { kind: "document", sniffed: ["application/vnd.ms-excel"], extensions: ["xls"] },
  msPowerPoint: { kind: "document", sniffed: ["application/vnd.ms-powerpoint"], extensions: ["ppt"] },

  // Text has no magic bytes: recognised by a check of the content instead (see sniff.ts).
  csv: { kind: "document", sniffed: ["text/csv"], aliases: ["text/x-csv", "application/csv", "text/comma-separated-values"], extensions: ["csv"] },
  markdown: { kind: "document", sniffed: ["text/markdown"], aliases: ["text/x-markdown"], extensions: ["md", "markdown"] },
  calendar: { kind: "document", sniffed: ["text/calendar"], extensions: ["ics"] },
  vcard: { kind: "document", sniffed: ["text/vcard"], aliases: ["text/x-vcard"], extensions: ["vcf"] },
  vtt: { kind: "document", sniffed: ["text/vtt"], extensions: ["vtt"] },
  text: { kind: "document", sniffed: ["text/plain"], extensions: ["txt", "text", "log"] },
} satisfies Record<string, Family>;

export type FamilyName = keyof typeof FAMILIES;
export const familyInfo = (name: FamilyName): Family => FAMILIES[name];

const TEXT_FAMILIES = new Set<FamilyName>(["csv", "markdown", "calendar", "vcard", "vtt", "text"]);
export const isTextFamily = (family: FamilyName) => TEXT_FAMILIES.has(family);

const bySniffed = new Map<string, FamilyName>();
const byDeclared = new Map<string, FamilyName>();
const byExtension = new Map<string, FamilyName>();
for (const [name, family] of Object.entries(FAMILIES) as [FamilyName, Family][]) {
  for (const type of family.sniffed) {
    bySniffed.set(type, name);
    byDeclared.set(type, name);
  }
  for (const type of family.aliases ?? []) byDeclared.set(type, name);
  for (const extension of family.extensions) byExtension.set(extension, name);
}

/** The family of a type the sniffer reported, or null when Relay does not accept it. */
export const familyOfSniffed = (mimeType: string): FamilyName | null => bySniffed.get(mimeType) ?? null;

/** The family a declared Content-Type names, or null when it names none Relay knows. */
export function familyOfDeclared(contentType: string | null | undefined): FamilyName | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (!type) return null;
  // Windows browsers declare CSV files as Excel sheets: the extension settles which it is.
  if (type === "application/vnd.ms-excel") return null;
  return byDeclared.get(type) ?? null;
}

export const familyOfExtension = (extension: string | null): FamilyName | null =>
  extension ? (byExtension.get(extension) ?? null) : null;

/** Declared types that only say "text of some sort": consistent with any text family. */
export function declaresText(contentType: string | null | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type.startsWith("text/") ||
    ["application/json", "application/xml", "application/javascript", "application/x-yaml", "application/yaml", "application/x-sh"].includes(type)
  );
}
