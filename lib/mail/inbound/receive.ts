/**
 * Storing an inbound message before anything else happens to it. The insert either creates the row
 * or hits the unique (mailbox, Message-ID) index, in which case the message is a duplicate and
 * nothing is created: two deliveries of one message, however close together, store it once.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { inboundEmails } from "@/db/schema";
import { chooseMailbox } from "./mailbox";
import { messageIdKey, peekHeaders } from "./parse";

export type ReceiveOutcome = { id: number; status: "accepted" | "duplicate" };

export async function receiveInboundEmail(
  db: Database,
  input: { raw: Uint8Array; envelopeTo?: string | null; now?: Date },
): Promise<ReceiveOutcome> {
  const envelopeTo = input.envelopeTo?.trim().toLowerCase() || null;
  // A header section that cannot be read still gets stored (keyed by its hash); processing then
  // fails it with the reason, visible in the Email log.
  const headers = await peekHeaders(input.raw).catch(() => null);
  const mailbox = await chooseMailbox(db, {
    envelopeTo,
    recipients: headers?.recipients ?? [],
  });
  const key = messageIdKey(headers?.messageId ?? null, input.raw);
  const [inserted] = await db
    .insert(inboundEmails)
    .values({
      mailboxId: mailbox?.id ?? null,
      mailboxKey: mailbox?.id ?? 0,
      messageIdKey: key,
      raw: input.raw,
      sizeBytes: input.raw.byteLength,
      envelopeTo,
      fromAddress: headers?.from?.email.slice(0, 320) ?? null,
      subject: headers?.subject.slice(0, 1000) ?? null,
      status: "received",
      receivedAt: input.now ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: inboundEmails.id });
  if (inserted) return { id: inserted.id, status: "accepted" };

  const [existing] = await db
    .select({ id: inboundEmails.id })
    .from(inboundEmails)
    .where(
      and(eq(inboundEmails.mailboxKey, mailbox?.id ?? 0), eq(inboundEmails.messageIdKey, key)),
    );
  if (!existing) throw new Error("inbound email conflicted but the existing row is gone");
  return { id: existing.id, status: "duplicate" };
}
