/**
 * The outbox worker: delivers one `outbound_emails` row. Safe to run any number of times for the
 * same row, concurrently or not: the row is claimed by a single conditional UPDATE (only one caller
 * wins), a sent row is never claimed again, and the provider gets the row's idempotency key.
 *
 * Attempts: the first when the row is dispatched, then retries 1 min, 5 min, 30 min, 2 h and 2 h
 * after each failure; after the 6th failure the row stays `failed` with no next attempt. A worker that
 * died while sending leaves the row `sending`; once its 10-minute lease (next_attempt_at) has passed,
 * the row can be claimed again.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { attachments, outboundEmails, type OutboundEmail } from "@/db/schema";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { TransportError, type MailTransport, type OutgoingAttachment } from "./transports/types";

export const MAX_ATTEMPTS = 6;
const MINUTE = 60_000;
/** Wait after the n-th failed attempt (index n-1); the last value repeats. */
export const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE] as const;
/** How long a claimed row may stay `sending` before another worker may take it over. */
export const SENDING_LEASE_MS = 10 * MINUTE;

export function retryDelayAfter(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(attempt, 1), RETRY_DELAYS_MS.length) - 1]!;
}

export function idempotencyKeyFor(outboundEmailId: number): string {
  return `outbound-${outboundEmailId}`;
}

export type SendOutcome =
  | { outcome: "sent"; attempts: number; providerMessageId: string | null }
  /** Failed; another attempt is due at `nextAttemptAt` (ISO time). */
  | { outcome: "retry"; attempts: number; nextAttemptAt: string; error: string }
  /** Failed for good: permanent refusal or the last attempt. */
  | { outcome: "failed"; attempts: number; error: string }
  /** Somebody else is sending it, it was sent already, or its next attempt is not due yet. */
  | { outcome: "skipped"; status: OutboundEmail["status"]; nextAttemptAt: string | null }
  | { outcome: "missing" };

/** Rows that may be claimed now: not sent, and due (first attempt, retry, or an expired lease). */
const isDue = (now: Date) =>
  and(
    inArray(outboundEmails.status, ["queued", "sending", "failed"]),
    isNotNull(outboundEmails.nextAttemptAt),
    lte(outboundEmails.nextAttemptAt, now),
  );

export async function sendOutboundEmail(
  db: Database,
  transport: MailTransport,
  input: {
    outboundEmailId: number;
    now?: Date;
    /** Where attachment bytes are read from; needed only for rows that carry attachments. */
    storage?: AttachmentStorage;
  },
): Promise<SendOutcome> {
  const now = input.now ?? new Date();
  const id = input.outboundEmailId;

  // A worker that died during the last allowed attempt: we cannot know whether it went out.
  await db
    .update(outboundEmails)
    .set({
      status: "failed",
      nextAttemptAt: null,
      lastError: "The last attempt did not finish; giving up.",
    })
    .where(and(eq(outboundEmails.id, id), isDue(now), gte(outboundEmails.attempts, MAX_ATTEMPTS)));

  const [claimed] = await db
    .update(outboundEmails)
    .set({
      status: "sending",
      attempts: sql`${outboundEmails.attempts} + 1`,
      nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS),
    })
    .where(and(eq(outboundEmails.id, id), isDue(now), lt(outboundEmails.attempts, MAX_ATTEMPTS)))
    .returning();
  if (!claimed) {
    const [row] = await db
      .select({ status: outboundEmails.status, nextAttemptAt: outboundEmails.nextAttemptAt })
      .from(outboundEmails)
      .where(eq(outboundEmails.id, id));
    return row
      ? {
          outcome: "skipped",
          status: row.status,
          nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
        }
      : { outcome: "missing" };
  }

  // Only the holder of this attempt may record its result (a lease taken over bumps `attempts`).
  const mine = and(
    eq(outboundEmails.id, id),
    eq(outboundEmails.status, "sending"),
    eq(outboundEmails.attempts, claimed.attempts),
  );
  try {
    const files = await loadAttachments(db, input.storage, claimed.attachmentIds);
    const { providerMessageId } = await transport.send({
      from: claimed.from,
      to: claimed.to,
      cc: claimed.cc,
      replyTo: claimed.replyTo,
      subject: claimed.subject,
      text: claimed.textBody,
      html: claimed.htmlBody,
      messageId: claimed.emailMessageId,
      headers: claimed.headers,
      idempotencyKey: idempotencyKeyFor(claimed.id),
      attachments: files,
    });
    await db
      .update(outboundEmails)
      .set({
        status: "sent",
        transport: transport.name,
        providerMessageId,
        sentAt: now,
        nextAttemptAt: null,
        lastError: null,
      })
      .where(mine);
    return { outcome: "sent", attempts: claimed.attempts, providerMessageId };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const isPermanent = error instanceof TransportError && error.isPermanent;
    const givesUp = isPermanent || claimed.attempts >= MAX_ATTEMPTS;
    const nextAttemptAt = givesUp
      ? null
      : new Date(now.getTime() + retryDelayAfter(claimed.attempts));
    await db
      .update(outboundEmails)
      .set({ status: "failed", transport: transport.name, lastError: message, nextAttemptAt })
      .where(mine);
    if (!(error instanceof TransportError)) {
      console.error(`[mail] sending outbound email ${id} failed unexpectedly`, error);
    }
    return nextAttemptAt
      ? {
          outcome: "retry",
          attempts: claimed.attempts,
          nextAttemptAt: nextAttemptAt.toISOString(),
          error: message,
        }
      : { outcome: "failed", attempts: claimed.attempts, error: message };
  }
}

/** The bytes of the row's attachments; a file gone from storage is a permanent failure. */
async function loadAttachments(
  db: Database,
  storage: AttachmentStorage | undefined,
  ids: number[],
): Promise<OutgoingAttachment[]> {
  if (ids.length === 0) return [];
  if (!storage) throw new TransportError("Attachments cannot be read: no storage given.", true);
  const rows = await db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      storageKey: attachments.storageKey,
    })
    .from(attachments)
    .where(inArray(attachments.id, ids))
    .orderBy(asc(attachments.id));
  const files: OutgoingAttachment[] = [];
  for (const row of rows) {
    try {
      files.push({
        filename: row.filename,
        contentType: row.contentType,
        content: await storage.read(row.storageKey),
      });
    } catch (error) {
      throw new TransportError(
        `Attachment ${row.filename} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
  }
  return files;
}

/** Ids of rows whose next attempt is due, oldest first: for the sweep. */
export async function findDueOutboundEmails(
  db: Database,
  now: Date,
  limit = 50,
): Promise<number[]> {
  const rows = await db
    .select({ id: outboundEmails.id })
    .from(outboundEmails)
    .where(isDue(now))
    .orderBy(asc(outboundEmails.nextAttemptAt), asc(outboundEmails.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
