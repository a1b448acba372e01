/**
 * Who may download which attachment. A pending upload is visible to its uploader only; a sent one to
 * whoever may see its message (requesters never see an internal note's files). Everything else is
 * NOT_FOUND, the same answer as for an id that does not exist.
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { attachments, messages, tickets, type Attachment } from "@/db/schema";
import { canViewMessage, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { isUploader } from "./claim-attachments";
import { isInlineSafeType } from "./rules";

export type AttachmentDownload = {
  attachment: Attachment;
  /** Whether the bytes may be shown in the browser (inline-safe raster images only). */
  canShowInline: boolean;
};

export async function getAttachmentForDownload(
  db: Database,
  input: { actor: Actor; attachmentId: number },
): Promise<AttachmentDownload> {
  const [found] = await db
    .select({
      attachment: attachments,
      messageKind: messages.kind,
      requesterId: tickets.requesterId,
    })
    .from(attachments)
    .leftJoin(messages, eq(messages.id, attachments.messageId))
    .leftJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(eq(attachments.id, input.attachmentId))
    .limit(1);
  if (!found || !isVisible(input.actor, found)) {
    throw new DomainError("NOT_FOUND", "Attachment not found.");
  }
  return {
    attachment: found.attachment,
    canShowInline: isInlineSafeType(found.attachment.contentType),
  };
}

function isVisible(
  actor: Actor,
  found: {
    attachment: Attachment;
    messageKind: (typeof messages.$inferSelect)["kind"] | null;
    requesterId: number | null;
  },
): boolean {
  if (found.attachment.messageId === null) return isUploader(actor, found.attachment);
  if (found.messageKind === null || found.requesterId === null) return false;
  return canViewMessage(actor, { requesterId: found.requesterId }, { kind: found.messageKind });
}
