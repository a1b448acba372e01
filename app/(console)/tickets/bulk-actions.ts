"use server";

/**
 * Server actions behind the inbox's bulk bar: mass update (agents), delete and restore (admins).
 * Each validates its input, calls the one domain function, dispatches the events of each committed
 * batch (emails, timers, SLA) and refreshes the inbox.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { outboundEmailQueuedEvent, ticketTimersChangedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { action } from "@/lib/safe-action";
import { slaChangedEvents } from "@/lib/sla/sla-events";
import { bulkChangesSchema, bulkTargetSchema, bulkUpdateTickets } from "@/lib/tickets/bulk";
import { deleteTickets, restoreTickets, restoreTicketsSchema } from "@/lib/tickets/delete-tickets";
import { changesTimers } from "@/lib/timers/due";

export const bulkUpdateTicketsAction = action(
  {
    permission: "tickets.work",
    schema: z.object({ target: bulkTargetSchema, changes: bulkChangesSchema }),
  },
  async ({ target, changes }, { actor, db }) => {
    const result = await bulkUpdateTickets(db, {
      actor,
      target,
      changes,
      mail: getMailSettings(),
      onBatchCommitted: (done) =>
        dispatchEvents(
          done.flatMap(({ ticket, changes: made, outboundEmailIds }) => [
            ...outboundEmailIds.map(outboundEmailQueuedEvent),
            ...(changesTimers(made) ? [ticketTimersChangedEvent(ticket.id)] : []),
            ...slaChangedEvents(ticket, made),
          ]),
        ),
    });
    revalidatePath("/tickets");
    return result;
  },
);

export const bulkDeleteTicketsAction = action(
  { permission: "tickets.delete", schema: z.object({ target: bulkTargetSchema }) },
  async ({ target }, { actor, db }) => {
    const result = await deleteTickets(db, { actor, target });
    revalidatePath("/tickets");
    return result;
  },
);

export const restoreTicketsAction = action(
  { permission: "tickets.delete", schema: restoreTicketsSchema },
  async ({ ids }, { actor, db }) => {
    const result = await restoreTickets(db, { actor, ids });
    revalidatePath("/tickets");
    revalidatePath("/tickets/[ref]", "page");
    return result;
  },
);
