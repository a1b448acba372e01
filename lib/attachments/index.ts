/**
 * Attachments: uploads, attaching them to messages, downloads and the sweep of unsent uploads. Server
 * only; browser code imports `@/lib/attachments/rules` directly.
 */
import "server-only";

export { claimAttachments } from "./claim-attachments";
export { getAttachmentForDownload, type AttachmentDownload } from "./get-attachment-for-download";
export { purgePendingUploads } from "./purge-pending-uploads";
export { LocalDiskStorage, createStorageKey, type AttachmentStorage } from "./storage";
export { uploadAttachment, type UploadedAttachment } from "./upload-attachment";
export { INLINE_SAFE_TYPES, MAX_ATTACHMENT_BYTES, isInlineSafeType } from "./rules";
