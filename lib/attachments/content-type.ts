/**
 * Deciding what type an uploaded file really is. Neither the browser's declared type nor the name is
 * trusted on its own:
 * - a known extension decides, because it is what the recipient's computer will open the download
 *   with (`evil.exe` declared as application/pdf is still an executable on their disk);
 * - the inline-safe image types are only recorded when the bytes start like that image, so nothing
 *   that is not a PNG/JPEG/GIF/WebP is ever served inline;
 * - the declared type is used only when the name says nothing, and a generic one
 *   (application/octet-stream) is no information at all.
 */
import { extensionOf } from "./filename";
import { isInlineSafeType, type InlineSafeType } from "./rules";

export const GENERIC_CONTENT_TYPE = "application/octet-stream";

const GENERIC_TYPES = new Set([
  GENERIC_CONTENT_TYPE,
  "binary/octet-stream",
  "application/binary",
  "application/unknown",
  "application/x-download",
  "application/force-download",
]);

const TYPES_BY_EXTENSION: Record<string, string> = {
  // Images
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jpe: "image/jpeg",
  jfif: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  svgz: "image/svg+xml",
  bmp: "image/bmp",
  ico: "image/vnd.microsoft.icon",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
  heif: "image/heif",
  avif: "image/avif",
  // Documents
  pdf: "application/pdf",
  txt: "text/plain",
  log: "text/plain",
  text: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  xml: "application/xml",
  rtf: "application/rtf",
  eml: "message/rfc822",
  msg: "application/vnd.ms-outlook",
  ics: "text/calendar",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  // Archives
  zip: "application/zip",
  gz: "application/gzip",
  tgz: "application/gzip",
  "7z": "application/x-7z-compressed",
  rar: "application/vnd.rar",
  tar: "application/x-tar",
  // Media
  mp3: "audio/mpeg",
  wav: "audio/wav",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  // Active content: listed so that a harmless declared type cannot smuggle them past the allow list.
  html: "text/html",
  htm: "text/html",
  xhtml: "application/xhtml+xml",
  js: "text/javascript",
  mjs: "text/javascript",
  exe: "application/vnd.microsoft.portable-executable",
  dll: "application/vnd.microsoft.portable-executable",
  scr: "application/vnd.microsoft.portable-executable",
  msi: "application/x-msi",
  bat: "application/x-bat",
  cmd: "application/x-bat",
  ps1: "application/x-powershell",
  vbs: "application/x-vbscript",
  hta: "application/hta",
  jar: "application/java-archive",
  apk: "application/vnd.android.package-archive",
  dmg: "application/x-apple-diskimage",
  sh: "application/x-sh",
};

/** The type a file name implies, or null when the extension is unknown. */
export function guessContentTypeFromFilename(filename: string): string | null {
  return TYPES_BY_EXTENSION[extensionOf(filename)] ?? null;
}

/** The image type the first bytes prove, for the inline-safe types only. */
export function sniffImageType(data: Uint8Array): InlineSafeType | null {
  const startsWith = (bytes: number[], offset = 0) =>
    data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith([0x47, 0x49, 0x46, 0x38, 0x37, 0x61])) return "image/gif"; // GIF87a
  if (startsWith([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) return "image/gif"; // GIF89a
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) {
    return "image/webp"; // RIFF....WEBP
  }
  return null;
}

/** `Image/PNG; charset=x` → `image/png`; null for anything that is not a type/subtype. */
export function normalizeContentType(declared: string | null | undefined): string | null {
  const type = (declared ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : null;
}

export type DetectedContentType =
  | { ok: true; contentType: string }
  /** The name or declared type says PNG/JPEG/GIF/WebP but the bytes are not that image. */
  | { ok: false; claimedType: string };

export function detectContentType(input: {
  filename: string;
  declaredType: string | null | undefined;
  data: Uint8Array;
}): DetectedContentType {
  const sniffed = sniffImageType(input.data);
  const fromName = guessContentTypeFromFilename(input.filename);
  if (fromName) {
    if (!isInlineSafeType(fromName)) {
      return { ok: true, contentType: fromName };
    }
    // photo.jpg that is really a PNG is still a harmless PNG; a "PNG" that is not one is refused.
    return sniffed ? { ok: true, contentType: sniffed } : { ok: false, claimedType: fromName };
  }
  if (sniffed) return { ok: true, contentType: sniffed };
  const declared = normalizeContentType(input.declaredType);
  if (!declared || GENERIC_TYPES.has(declared))
    return { ok: true, contentType: GENERIC_CONTENT_TYPE };
  // Without the bytes to prove it, a declared inline-safe image type is not recorded as one.
  if (isInlineSafeType(declared)) return { ok: true, contentType: GENERIC_CONTENT_TYPE };
  return { ok: true, contentType: declared };
}
