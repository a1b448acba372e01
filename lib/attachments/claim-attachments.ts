/**
 * Attaching pending uploads to a message. Called by the message-posting domain functions inside their
 * own transaction, so the message and its attachments appear together or not at all.
 */
import "server-only";
import { and, inArray, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { attachments, type Attachment } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

/**
 * Every id must be a pending upload (no message yet) by this same actor; otherwise nothing is claimed
 * and INVALID names the first offending id. The wording is the same whether the attachment does not
 * exist, belongs to someone else or is already sent, so ids reveal nothing.
 */
export async function claimAttachments(
  tx: Database,
  input: { actor: Actor; attachmentIds: number[]; ticketId: number; messageId: number },
): Promise<Attachment[]> {
  const ids = [...new Set(input.attachmentIds)];
  if (ids.length === 0) return [];

  // Lock the rows so that a concurrent claim or purge of the same upload waits for this transaction.
  const rows = await tx
    .select()
    .from(attachments)
    .where(inArray(attachments.id, ids))
    .for("update");
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of ids) {
    const row = byId.get(id);
    if (
      !row ||
      row.messageId !== null ||
      (row.ticketId !== null && row.ticketId !== input.ticketId) ||
      !isUploader(input.actor, row)
    ) {
      throw new DomainError("INVALID", `Attachment ${id} cannot be attached`);
    }
  }

  const claimed = await tx
    .update(attachments)
    .set({ ticketId: input.ticketId, messageId: input.messageId })
    .where(and(inArray(attachments.id, ids), isNull(attachments.messageId)))
    .returning();
  const claimedById = new Map(claimed.map((row) => [row.id, row]));
  // Only possible if the rows changed despite the lock; refuse (the caller's transaction rolls back).
  const missing = ids.find((id) => !claimedById.has(id));
  if (missing !== undefined) {
    throw new DomainError("INVALID", `Attachment ${missing} cannot be attached`);
  }
  // In the order the caller gave, which is the order the author added them.
  return ids.map((id) => claimedById.get(id)!);
}

export function isUploader(
  actor: Actor,
  row: Pick<Attachment, "uploadedByUserId" | "uploadedByContactId">,
): boolean {
  return actor.type === "user"
    ? row.uploadedByUserId === actor.id
    : row.uploadedByContactId === actor.contactId;
}
