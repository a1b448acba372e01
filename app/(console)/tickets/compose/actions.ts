"use server";

/** "New email" to a customer: validated by composeEmailSchema, written by lib/tickets/compose-email. */
import { revalidatePath } from "next/cache";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { action } from "@/lib/safe-action";
import { slaChangedEvents } from "@/lib/sla/sla-events";
import { composeEmail, composeEmailSchema } from "@/lib/tickets/compose-email";
import { formatTicketNumber } from "@/lib/tickets/ref";

export const composeEmailAction = action(
  { permission: "tickets.work", schema: composeEmailSchema },
  async (input, { actor, db }) => {
    const { ticket, outboundEmailIds } = await composeEmail(db, {
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
