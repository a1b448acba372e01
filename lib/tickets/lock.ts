/** Loads a ticket row locked for the rest of the transaction, so concurrent changes queue up. */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tickets, type Ticket } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { formatTicketNumber } from "./ref";

export type TicketRef = { id: number } | { number: number };

export async function lockTicket(tx: Database, ref: TicketRef): Promise<Ticket> {
  const [ticket] = await tx
    .select()
    .from(tickets)
    .where("id" in ref ? eq(tickets.id, ref.id) : eq(tickets.number, ref.number))
    .for("update");
  if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
  return ticket;
}

export async function findTicket(db: Database, ref: TicketRef): Promise<Ticket | null> {
  const [ticket] = await db
    .select()
    .from(tickets)
    .where("id" in ref ? eq(tickets.id, ref.id) : eq(tickets.number, ref.number));
  return ticket ?? null;
}

export function assertNotMerged(ticket: Ticket, mergedIntoNumber?: number): void {
  if (ticket.mergedIntoId !== null) {
    throw new DomainError(
      "CONFLICT",
      `${formatTicketNumber(ticket.number)} was merged into ${
        mergedIntoNumber ? formatTicketNumber(mergedIntoNumber) : "another ticket"
      }; work on that ticket instead.`,
    );
  }
}

/** Records new activity on a ticket (a message arrived) and returns the stored row. */
export async function touchTicket(tx: Database, ticketId: number, now: Date): Promise<Ticket> {
  const [ticket] = await tx
    .update(tickets)
    .set({ lastMessageAt: now, updatedAt: now })
    .where(eq(tickets.id, ticketId))
    .returning();
  if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
  return ticket;
}

/** Closed and merged tickets are read-only: nothing more is written on them. */
export function assertWritable(ticket: Ticket): void {
  assertNotMerged(ticket);
  if (ticket.status === "closed") {
    throw new DomainError(
      "CONFLICT",
      `${formatTicketNumber(ticket.number)} is closed and can no longer be changed.`,
    );
  }
}
