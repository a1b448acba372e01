/**
 * Sweeping uploads that were never sent (the composer was closed, the file removed before sending).
 * Safe to run twice or concurrently: each row is deleted once, and removing bytes that are already
 * gone is not an error.
 */
import "server-only";
import { and, isNull, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { attachments } from "@/db/schema";
import type { AttachmentStorage } from "./storage";

/** Deletes pending uploads created before `olderThan`, rows and bytes; returns how many. */
export async function purgePendingUploads(
  db: Database,
  storage: AttachmentStorage,
  input: { olderThan: Date },
): Promise<number> {
  // Rows first, in one statement: a claim running at the same moment either locked the row first
  // (and the row is no longer pending) or finds it gone. Bytes whose removal fails are only an
  // unreferenced file; a row pointing at removed bytes would be a broken download.
  const removed = await db
    .delete(attachments)
    .where(and(isNull(attachments.messageId), lt(attachments.createdAt, input.olderThan)))
    .returning({ id: attachments.id, storageKey: attachments.storageKey });
  for (const row of removed) {
    try {
      await storage.remove(row.storageKey);
    } catch (error) {
      console.error("[attachments] could not remove bytes of a purged upload", {
        attachmentId: row.id,
        storageKey: row.storageKey,
        error,
      });
    }
  }
  return removed.length;
}
