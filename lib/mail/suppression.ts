/**
 * Hard-bounce suppression. A delivery status notification (RFC 3464) whose per-recipient Status is
 * 5.x.x says the address cannot receive mail; when we did mail that address, its contact is marked
 * suppressed (`contacts.suppressed_at`, with the reason) and automatic mail to it stops
 * (lib/mail/ticket-emails.ts records such mail as `skipped`). Agents see "Mail to this address
 * bounced" on the requester card and can clear it. Transient failures (4.x.x) change nothing.
 * Resend's `email.bounced` webhook (a "Permanent" bounce of a mail it sent for us) does the same.
 */
import "server-only";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { contacts, outboundEmails, type Contact } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export type DeliveryStatus = {
  email: string;
  /** e.g. `5.1.1` */
  status: string;
  action: string | null;
  diagnostic: string | null;
};

/** Per-recipient fields of every delivery-status block found in the raw message. Pure. */
export function parseDeliveryStatus(raw: string): DeliveryStatus[] {
  // Header continuation lines are folded first, then the report is read block by block.
  const text = raw.replace(/\r\n/g, "\n").replace(/\n[ \t]+/g, " ");
  const results: DeliveryStatus[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const field = (name: string) =>
      new RegExp(`^${name}:\\s*(.+)$`, "im").exec(block)?.[1]?.trim() ?? null;
    const recipient = field("Final-Recipient") ?? field("Original-Recipient");
    const status = field("Status");
    if (!recipient || !status) continue;
    const email = /(?:rfc822\s*;\s*)?<?([^\s<>;]+@[^\s<>;]+)>?/i.exec(recipient)?.[1];
    const code = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(status)?.[1];
    if (!email || !code) continue;
    results.push({
      email: email.toLowerCase(),
      status: code,
      action: field("Action")?.toLowerCase() ?? null,
      diagnostic: field("Diagnostic-Code"),
    });
  }
  return results;
}

export function isHardBounce(status: DeliveryStatus): boolean {
  return status.status.startsWith("5.") && status.action !== "delayed";
}

/**
 * Marks the contacts of hard-bounced addresses suppressed. Only addresses we sent mail to count, so
 * a forged report cannot silence an arbitrary customer. Returns the suppressed addresses.
 */
export async function recordHardBounces(
  tx: Database,
  input: { raw: string; now: Date },
): Promise<string[]> {
  const suppressed: string[] = [];
  for (const status of parseDeliveryStatus(input.raw).filter(isHardBounce)) {
    const [mailed] = await tx
      .select({ id: outboundEmails.id })
      .from(outboundEmails)
      .where(
        sql`exists (select 1 from jsonb_array_elements(${outboundEmails.to} || ${outboundEmails.cc}) as recipient
          where lower(recipient->>'email') = ${status.email})`,
      )
      .limit(1);
    if (!mailed) continue;
    const reason = `${status.status}${status.diagnostic ? ` ${status.diagnostic}` : ""}`;
    suppressed.push(...(await suppress(tx, status.email, reason, input.now)));
  }
  return suppressed;
}

async function suppress(tx: Database, email: string, reason: string, now: Date): Promise<string[]> {
  const updated = await tx
    .update(contacts)
    .set({ suppressedAt: now, suppressionReason: reason.slice(0, 500), updatedAt: now })
    .where(
      and(eq(sql`lower(${contacts.email})`, email.toLowerCase()), isNull(contacts.suppressedAt)),
    )
    .returning({ email: contacts.email });
  return updated.map((row) => row.email);
}

/** The parts of Resend's `EmailBouncedEvent` (the SDK's type) this relies on. */
export const resendEmailBouncedSchema = z.object({
  type: z.literal("email.bounced"),
  data: z.object({
    email_id: z.string().min(1).max(200),
    to: z.array(z.string().max(400)).max(100),
    bounce: z.object({
      type: z.string().max(100),
      subType: z.string().max(100).default(""),
      message: z.string().max(4000).default(""),
    }),
  }),
});
export type ResendEmailBounced = z.infer<typeof resendEmailBouncedSchema>;

/**
 * A bounce reported by Resend for a mail it sent for us (matched by its provider id, so only our own
 * mail counts). Permanent bounces suppress every recipient of that mail; others change nothing.
 */
export async function recordProviderBounce(
  db: Database,
  input: { event: ResendEmailBounced; now?: Date },
): Promise<string[]> {
  const { data } = input.event;
  if (data.bounce.type.toLowerCase() !== "permanent") return [];
  const [sent] = await db
    .select({ to: outboundEmails.to, cc: outboundEmails.cc })
    .from(outboundEmails)
    .where(eq(outboundEmails.providerMessageId, data.email_id));
  if (!sent) return [];
  const ours = new Set([...sent.to, ...sent.cc].map((a) => a.email.toLowerCase()));
  const reason = `Resend: ${data.bounce.type}${data.bounce.subType ? ` (${data.bounce.subType})` : ""}${
    data.bounce.message ? ` ${data.bounce.message}` : ""
  }`;
  const now = input.now ?? new Date();
  const suppressed: string[] = [];
  for (const recipient of data.to) {
    const email = (/<([^<>\s]+@[^<>\s]+)>/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
    if (!ours.has(email)) continue;
    suppressed.push(...(await suppress(db, email, reason, now)));
  }
  return suppressed;
}

/** An agent lifts the suppression (the customer fixed their mailbox): automatic mail resumes. */
export async function clearSuppression(
  db: Database,
  input: { actor: Actor; contactId: number; now?: Date },
): Promise<Contact> {
  assertUserCan(input.actor, "tickets.work");
  const [contact] = await db
    .update(contacts)
    .set({ suppressedAt: null, suppressionReason: null, updatedAt: input.now ?? new Date() })
    .where(and(eq(contacts.id, input.contactId), isNotNull(contacts.suppressedAt)))
    .returning();
  if (contact) return contact;
  const [existing] = await db.select().from(contacts).where(eq(contacts.id, input.contactId));
  if (!existing) throw new DomainError("NOT_FOUND", "Contact not found.");
  return existing;
}
