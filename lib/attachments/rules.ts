/**
 * Attachment rules shared by the server and the browser: the size limit, which types may be shown
 * inline, and the wording of the messages both sides show. No Node APIs here: the uploader imports it.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Raster images browsers decode without running anything. SVG and HTML can carry script, so they are
 * never served inline, whatever the uploader claimed.
 */
export const INLINE_SAFE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type InlineSafeType = (typeof INLINE_SAFE_TYPES)[number];

export function isInlineSafeType(contentType: string): contentType is InlineSafeType {
  return (INLINE_SAFE_TYPES as readonly string[]).includes(contentType);
}

export function tooLargeMessage(filename: string): string {
  return `${filename} is larger than 10 MB`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function attachmentDownloadUrl(id: number): string {
  return `/api/attachments/${id}`;
}

export function attachmentInlineUrl(id: number): string {
  return `/api/attachments/${id}?inline=1`;
}
