"use server";

/**
 * Clearing a hard-bounce suppression from the requester card: the contact is the ticket's requester
 * as stored, never an id the browser sends.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { clearSuppression } from "@/lib/mail/suppression";
import { action } from "@/lib/safe-action";
import { findTicket } from "@/lib/tickets/lock";
import { formatTicketNumber } from "@/lib/tickets/ref";

export const clearBounceAction = action(
  { permission: "tickets.work", schema: z.object({ number: z.number().int().positive() }) },
  async ({ number }, { actor, db }) => {
    const ticket = await findTicket(db, { number });
    if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
    await clearSuppression(db, { actor, contactId: ticket.requesterId });
    revalidatePath(`/tickets/${formatTicketNumber(number)}`);
    return null;
  },
);
