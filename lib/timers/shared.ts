/** What the timer workers share: their input, their result, and the lock-and-recheck wrapper. */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users, type Ticket, type User } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { lockTicket } from "@/lib/tickets/lock";

export type TimerAction =
  "reminded" | "woken" | "solved" | "auto_solve_cancelled" | "sla_warned" | "sla_breached";

export type TimerInput = { ticketId: number; now: Date; mail: MailSettings };
export type TimerContext = { now: Date; mail: MailSettings };

/** What one worker did: `not_due` when the condition no longer held under the lock. */
export type TimerResult = {
  ticketId: number;
  action: TimerAction | "not_due" | "missing";
  outboundEmailIds: number[];
};

/** A worker's step on a row its caller has locked: the row as it is afterwards, and the result. */
export type LockedStep = { ticket: Ticket; result: TimerResult };

export const notDue = (ticket: Ticket): LockedStep => ({
  ticket,
  result: { ticketId: ticket.id, action: "not_due", outboundEmailIds: [] },
});

/** One transaction: lock the ticket, re-read it, let `step` decide. A deleted ticket is `missing`. */
export async function withLockedTicket(
  db: Database,
  ticketId: number,
  step: (tx: Database, ticket: Ticket) => Promise<LockedStep>,
): Promise<TimerResult> {
  try {
    return await db.transaction(async (tx) => {
      const ticket = await lockTicket(tx, { id: ticketId });
      return (await step(tx, ticket)).result;
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return { ticketId, action: "missing", outboundEmailIds: [] };
    }
    throw error;
  }
}

/** The assignee to tell, if the ticket has one who can still sign in. */
export async function activeAssignee(tx: Database, ticket: Ticket): Promise<User | null> {
  if (ticket.assigneeId === null) return null;
  const [user] = await tx.select().from(users).where(eq(users.id, ticket.assigneeId));
  return user?.isActive ? user : null;
}
