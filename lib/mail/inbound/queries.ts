/**
 * The Email log (admins): every inbound message newest first, keyset-paged on (received_at, id),
 * one message with its raw source, and Retry of a failed or rejected one.
 */
import "server-only";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { inboundEmails, mailboxes, tickets, type InboundEmail } from "@/db/schema";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "../settings";
import { processInboundEmail, type ProcessOutcome } from "./process";

export type InboundEmailLogRow = Pick<
  InboundEmail,
  | "id"
  | "receivedAt"
  | "fromAddress"
  | "subject"
  | "status"
  | "automatedKind"
  | "threadingReason"
  | "error"
  | "attempts"
  | "envelopeTo"
  | "sizeBytes"
> & { mailboxAddress: string | null; ticketNumber: number | null };

type Cursor = { receivedAt: Date; id: number };

export function encodeLogCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.receivedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeLogCursor(value: string): Cursor | null {
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const receivedAt = new Date(iso ?? "");
  const numericId = Number(id);
  if (Number.isNaN(receivedAt.getTime()) || !Number.isSafeInteger(numericId)) return null;
  return { receivedAt, id: numericId };
}

const logColumns = {
  id: inboundEmails.id,
  receivedAt: inboundEmails.receivedAt,
  fromAddress: inboundEmails.fromAddress,
  subject: inboundEmails.subject,
  status: inboundEmails.status,
  automatedKind: inboundEmails.automatedKind,
  threadingReason: inboundEmails.threadingReason,
  error: inboundEmails.error,
  attempts: inboundEmails.attempts,
  envelopeTo: inboundEmails.envelopeTo,
  sizeBytes: inboundEmails.sizeBytes,
  mailboxAddress: mailboxes.address,
  ticketNumber: tickets.number,
};

export async function listInboundEmails(
  db: Database,
  input: { actor: Actor; cursor?: string | null; limit?: number },
): Promise<{ rows: InboundEmailLogRow[]; nextCursor: string | null }> {
  assertUserCan(input.actor, "admin.access");
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 100);
  const cursor = input.cursor ? decodeLogCursor(input.cursor) : null;
  const rows = await db
    .select(logColumns)
    .from(inboundEmails)
    .leftJoin(mailboxes, eq(mailboxes.id, inboundEmails.mailboxId))
    .leftJoin(tickets, eq(tickets.id, inboundEmails.ticketId))
    .where(
      cursor
        ? or(
            lt(inboundEmails.receivedAt, cursor.receivedAt),
            and(eq(inboundEmails.receivedAt, cursor.receivedAt), lt(inboundEmails.id, cursor.id)),
          )
        : undefined,
    )
    .orderBy(desc(inboundEmails.receivedAt), desc(inboundEmails.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeLogCursor(last) : null,
  };
}

export async function getInboundEmail(
  db: Database,
  input: { actor: Actor; id: number },
): Promise<(InboundEmailLogRow & { raw: Uint8Array }) | null> {
  assertUserCan(input.actor, "admin.access");
  const [row] = await db
    .select({ ...logColumns, raw: inboundEmails.raw })
    .from(inboundEmails)
    .leftJoin(mailboxes, eq(mailboxes.id, inboundEmails.mailboxId))
    .leftJoin(tickets, eq(tickets.id, inboundEmails.ticketId))
    .where(eq(inboundEmails.id, input.id));
  return row ?? null;
}

/** An admin runs a failed (or rejected) message through processing again, e.g. after a fix. */
export async function retryInboundEmail(
  db: Database,
  storage: AttachmentStorage,
  input: { actor: Actor; id: number; mail: MailSettings; now?: Date },
): Promise<ProcessOutcome> {
  assertUserCan(input.actor, "admin.access");
  const [row] = await db
    .select({ status: inboundEmails.status })
    .from(inboundEmails)
    .where(eq(inboundEmails.id, input.id));
  if (!row) throw new DomainError("NOT_FOUND", "That email is not in the log.");
  if (row.status !== "failed" && row.status !== "rejected") {
    throw new DomainError(
      "CONFLICT",
      `This email is ${row.status}; only failed or rejected emails can be retried.`,
    );
  }
  return processInboundEmail(db, storage, {
    inboundEmailId: input.id,
    mail: input.mail,
    now: input.now,
    retry: true,
  });
}
