/**
 * Upload of one file from the composer (console) or, later, the portal. The result is a pending
 * attachment: no ticket, no message, only its uploader may attach it (claimAttachments) or see it;
 * purgePendingUploads removes the ones never sent.
 */
import "server-only";
import crypto from "node:crypto";
import type { Database } from "@/db/client";
import { attachments } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { isAllowedType } from "@/lib/settings";
import { DomainError } from "@/lib/errors";
import { detectContentType } from "./content-type";
import { sanitizeFilename } from "./filename";
import { MAX_ATTACHMENT_BYTES, tooLargeMessage } from "./rules";
import { createStorageKey, type AttachmentStorage } from "./storage";

export { MAX_ATTACHMENT_BYTES } from "./rules";

export type UploadedAttachment = {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
};

export async function uploadAttachment(
  db: Database,
  storage: AttachmentStorage,
  input: {
    actor: Actor;
    filename: string;
    contentType: string | null | undefined;
    data: Uint8Array;
    allowedTypes: readonly string[];
  },
): Promise<UploadedAttachment> {
  const { actor, data } = input;
  // Requesters upload through the portal, limited to their own tickets when they attach.
  const uploader =
    actor.type === "user"
      ? { uploadedByUserId: assertUserCan(actor, "tickets.work").id }
      : { uploadedByContactId: actor.contactId };

  const filename = sanitizeFilename(input.filename);
  if (data.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new DomainError("TOO_LARGE", tooLargeMessage(filename));
  }
  if (data.byteLength === 0) throw new DomainError("INVALID", `${filename} is empty`);

  const detected = detectContentType({ filename, declaredType: input.contentType, data });
  if (!detected.ok) {
    throw new DomainError("INVALID", `${filename} is not a valid ${detected.claimedType} file`);
  }
  const { contentType } = detected;
  if (!isAllowedType(input.allowedTypes, contentType)) {
    throw new DomainError("INVALID", `${filename}: files of type ${contentType} are not allowed`);
  }

  const sha256 = crypto.createHash("sha256").update(data).digest("hex");
  const storageKey = createStorageKey();
  // Bytes first: a row must never point at bytes that are not there. If the row cannot be written,
  // the bytes go again; if that fails too, an unreferenced file is harmless.
  await storage.put(storageKey, data);
  try {
    const [row] = await db
      .insert(attachments)
      .values({
        filename,
        contentType,
        sizeBytes: data.byteLength,
        sha256,
        storageKey,
        ...uploader,
      })
      .returning({
        id: attachments.id,
        filename: attachments.filename,
        contentType: attachments.contentType,
        sizeBytes: attachments.sizeBytes,
        sha256: attachments.sha256,
      });
    return row!;
  } catch (error) {
    await storage.remove(storageKey).catch((removeError: unknown) => {
      console.error("[attachments] could not remove bytes of a failed upload", {
        storageKey,
        removeError,
      });
    });
    throw error;
  }
}
