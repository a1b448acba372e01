/**
 * `#Unsubscribe#`: a subscriber follows the signed link in a ticket email and stops receiving that
 * ticket's updates. The token is the authority (it names the ticket and the address and is signed),
 * so no session is needed; the page asks for a click before removing anything, so a mail scanner
 * that opens links does not unsubscribe people.
 */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { ticketSubscribers, tickets } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { systemActor } from "@/lib/tickets/actor";
import { addSystemMessage, recordEvent } from "@/lib/tickets/history";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

export const unsubscribeTokenSchema = z
  .string({ error: "The link is incomplete." })
  .trim()
  .min(1, { error: "The link is incomplete." })
  .max(2000, { error: "The link is not valid." });

export type UnsubscribeTarget = {
  ticketId: number;
  ticketRef: string;
  subject: string;
  email: string;
  isSubscribed: boolean;
};

/** What the link is about, for the confirmation page. Throws INVALID for a bad link. */
export async function describeUnsubscribe(
  db: Database,
  input: { key: Buffer; token: string },
): Promise<UnsubscribeTarget> {
  const token = unsubscribeTokenSchema.safeParse(input.token);
  const claims = token.success ? verifyUnsubscribeToken(input.key, token.data) : null;
  if (!claims) throw new DomainError("INVALID", "This unsubscribe link is not valid.");
  const [ticket] = await db
    .select({ id: tickets.id, number: tickets.number, subject: tickets.subject })
    .from(tickets)
    .where(eq(tickets.id, claims.ticketId));
  if (!ticket) throw new DomainError("NOT_FOUND", "This ticket no longer exists.");
  const [subscriber] = await db
    .select({ id: ticketSubscribers.id })
    .from(ticketSubscribers)
    .where(
      and(
        eq(ticketSubscribers.ticketId, ticket.id),
        eq(sql`lower(${ticketSubscribers.email})`, claims.email),
      ),
    );
  return {
    ticketId: ticket.id,
    ticketRef: formatTicketNumber(ticket.number),
    subject: ticket.subject,
    email: claims.email,
    isSubscribed: Boolean(subscriber),
  };
}

/** Removes the address from the ticket's subscribers. Running it twice is harmless. */
export async function unsubscribeByToken(
  db: Database,
  input: { key: Buffer; token: string; now?: Date },
): Promise<UnsubscribeTarget> {
  const target = await describeUnsubscribe(db, input);
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(ticketSubscribers)
      .where(
        and(
          eq(ticketSubscribers.ticketId, target.ticketId),
          eq(sql`lower(${ticketSubscribers.email})`, target.email),
        ),
      )
      .returning({ id: ticketSubscribers.id });
    if (removed.length === 0) return;
    const actor = systemActor("Unsubscribe link");
    await recordEvent(tx, {
      ticketId: target.ticketId,
      actor,
      type: "subscriber.unsubscribed",
      data: { email: target.email, via: "link" },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: target.ticketId,
      text: `${target.email} unsubscribed with the link in an email`,
      at: now,
    });
  });
  return { ...target, isSubscribed: false };
}
