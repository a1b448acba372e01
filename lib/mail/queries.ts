/** Read side of the outbox for the console's dev mailbox: newest first, keyset-paged by id. */
import "server-only";
import { desc, eq, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { outboundEmails, tickets, type OutboundEmail } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";

export type OutboundEmailListRow = Pick<
  OutboundEmail,
  "id" | "to" | "subject" | "status" | "attempts" | "createdAt" | "sentAt" | "kind"
>;

export async function listOutboundEmails(
  db: Database,
  input: { actor: Actor; before?: number; limit?: number },
): Promise<{ rows: OutboundEmailListRow[]; nextBefore: number | null }> {
  assertUserCan(input.actor, "tickets.view");
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 100);
  const rows = await db
    .select({
      id: outboundEmails.id,
      to: outboundEmails.to,
      subject: outboundEmails.subject,
      status: outboundEmails.status,
      attempts: outboundEmails.attempts,
      createdAt: outboundEmails.createdAt,
      sentAt: outboundEmails.sentAt,
      kind: outboundEmails.kind,
    })
    .from(outboundEmails)
    .where(input.before ? lt(outboundEmails.id, input.before) : undefined)
    .orderBy(desc(outboundEmails.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getOutboundEmail(
  db: Database,
  input: { actor: Actor; id: number },
): Promise<(OutboundEmail & { ticketNumber: number | null }) | null> {
  assertUserCan(input.actor, "tickets.view");
  const [row] = await db
    .select({ email: outboundEmails, ticketNumber: tickets.number })
    .from(outboundEmails)
    .leftJoin(tickets, eq(tickets.id, outboundEmails.ticketId))
    .where(eq(outboundEmails.id, input.id));
  return row ? { ...row.email, ticketNumber: row.ticketNumber } : null;
}
