/**
 * Uploaded file names are shown to agents and requesters and become the name of a download on their
 * disk, so they are cleaned before they are stored: no directories, no control or direction-override
 * characters (which can disguise `invoice‮fdp.exe` as `invoiceexe.pdf`), bounded length, extension kept.
 */

export const MAX_FILENAME_LENGTH = 200;
const FALLBACK_NAME = "attachment";
/** Longer "extensions" are just part of a long name; cutting them would be fine. */
const MAX_EXTENSION_LENGTH = 16;

/** C0 and C1 controls, DEL, bidirectional overrides and isolates, zero-width marks, BOM. */
function isInvisible(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}
// Characters Windows refuses in names; harmless to replace everywhere.
const RESERVED = /[<>:"|?*]/g;

export function sanitizeFilename(raw: string): string {
  // Browsers on some systems send a full path (C:\fakepath\x.pdf); only the last segment is the name.
  const base = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  // Line breaks, tabs and odd spaces become plain spaces (they separated words); other invisible
  // characters go.
  let name = Array.from(base)
    .map((char) => (/[\t\n\v\f\r\p{Zs}\u2028\u2029]/u.test(char) ? " " : char))
    .filter((char) => !isInvisible(char))
    .join("")
    .replace(RESERVED, "_")
    .replace(/ {2,}/g, " ")
    .trim()
    // Leading dots make hidden files (and ".."); trailing dots and spaces are dropped by Windows.
    .replace(/^\.+/, "")
    .replace(/[. ]+$/, "")
    .trim();
  if (name === "") name = FALLBACK_NAME;
  return truncateKeepingExtension(name, MAX_FILENAME_LENGTH);
}

/** The lower-case extension without the dot, or "" when there is none. */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  if (dot <= 0 || dot === filename.length - 1) return "";
  return filename.slice(dot + 1).toLowerCase();
}

function truncateKeepingExtension(name: string, max: number): string {
  // Count code points, not UTF-16 units, so that a cut never splits a character in two.
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > MAX_EXTENSION_LENGTH) {
    return chars.slice(0, max).join("").trimEnd();
  }
  const stem = chars
    .slice(0, max - extension.length)
    .join("")
    .replace(/[. ]+$/, "");
  return stem + extension.join("");
}
