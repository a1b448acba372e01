/** Inviting other agents onto a ticket: they see it in their open lists and are notified. */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ticketParticipants, users } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { notify } from "@/lib/notifications/notifications";
import { addSystemMessage, recordEvent } from "./history";
import { assertWritable, lockTicket, type TicketRef } from "./lock";
import { formatTicketNumber } from "./ref";

export async function inviteParticipant(
  db: Database,
  input: { actor: Actor; ticket: TicketRef; userId: number; now?: Date },
): Promise<{ added: boolean }> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, input.ticket);
    assertWritable(ticket);
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!user?.isActive) {
      throw new DomainError("INVALID", "That agent does not exist or is deactivated.", {
        userId: ["That agent does not exist or is deactivated."],
      });
    }
    const inserted = await tx
      .insert(ticketParticipants)
      .values({ ticketId: ticket.id, userId: user.id, addedByUserId: actor.id, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) return { added: false };
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "participant.added",
      data: { userId: user.id },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: `${actor.name} invited ${user.name} to the ticket`,
      at: now,
    });
    if (user.id !== actor.id) {
      await notify(tx, [
        {
          userId: user.id,
          type: "participant_added",
          ticketId: ticket.id,
          actorUserId: actor.id,
          title: `${actor.name} invited you to ${formatTicketNumber(ticket.number)}`,
          body: ticket.subject,
          createdAt: now,
        },
      ]);
    }
    return { added: true };
  });
}

export async function removeParticipant(
  db: Database,
  input: { actor: Actor; ticket: TicketRef; userId: number; now?: Date },
): Promise<{ removed: boolean }> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, input.ticket);
    const removed = await tx
      .delete(ticketParticipants)
      .where(
        and(
          eq(ticketParticipants.ticketId, ticket.id),
          eq(ticketParticipants.userId, input.userId),
        ),
      )
      .returning();
    if (removed.length === 0) return { removed: false };
    const [user] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, input.userId));
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "participant.removed",
      data: { userId: input.userId },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: `${actor.name} removed ${user?.name ?? "an agent"} from the ticket`,
      at: now,
    });
    return { removed: true };
  });
}
