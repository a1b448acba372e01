"use server";

import { revalidatePath } from "next/cache";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { action } from "@/lib/safe-action";
import { slaChangedEvents } from "@/lib/sla/sla-events";
import { createTicket, createTicketSchema } from "@/lib/tickets/create-ticket";
import { formatTicketNumber } from "@/lib/tickets/ref";

export const createTicketAction = action(
  { permission: "tickets.work", schema: createTicketSchema },
  async (input, { actor, db }) => {
    const { ticket, outboundEmailIds } = await createTicket(db, {
      actor,
      ...input,
      mail: getMailSettings(),
    });
    await dispatchEvents([
      ...outboundEmailIds.map(outboundEmailQueuedEvent),
      ...slaChangedEvents(ticket),
    ]);
    revalidatePath("/tickets");
    return { ref: formatTicketNumber(ticket.number) };
  },
);
