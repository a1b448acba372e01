"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { outboundEmailQueuedEvent, ticketTimersChangedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { action } from "@/lib/safe-action";
import { slaChangedEvents } from "@/lib/sla/sla-events";
import { mergeTickets } from "@/lib/tickets/merge-tickets";
import { postMessage, postMessageSchema } from "@/lib/tickets/post-message";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";
import { resolveWithSummary } from "@/lib/tickets/resolve-with-summary";
import { changesTimers } from "@/lib/timers/due";
import { claimTicket, ticketPatchSchema, updateTicket } from "@/lib/tickets/update-ticket";

const numberSchema = z.number().int().positive();
const revalidateTicket = (number: number) => {
  revalidatePath(`/tickets/${formatTicketNumber(number)}`);
  revalidatePath("/tickets");
};

export const updateTicketAction = action(
  {
    permission: "tickets.work",
    schema: z.object({ number: numberSchema, patch: ticketPatchSchema }),
  },
  async ({ number, patch }, { actor, db }) => {
    const { ticket, changes, outboundEmailIds } = await updateTicket(db, {
      actor,
      ticket: { number },
      patch,
      mail: getMailSettings(),
    });
    await dispatchEvents([
      ...outboundEmailIds.map(outboundEmailQueuedEvent),
      ...(changesTimers(changes) ? [ticketTimersChangedEvent(ticket.id)] : []),
      ...slaChangedEvents(ticket, changes),
    ]);
    revalidateTicket(number);
    return { changed: changes.length };
  },
);

export const resolveWithSummaryAction = action(
  { permission: "tickets.work", schema: z.object({ number: numberSchema }) },
  async ({ number }, { actor, db }) => {
    const { ticket, changes, outboundEmailIds } = await resolveWithSummary(db, {
      actor,
      ticket: { number },
      mail: getMailSettings(),
    });
    await dispatchEvents([
      ...outboundEmailIds.map(outboundEmailQueuedEvent),
      ...(changesTimers(changes) ? [ticketTimersChangedEvent(ticket.id)] : []),
      ...slaChangedEvents(ticket, changes),
    ]);
    revalidateTicket(number);
    return null;
  },
);

export const claimTicketAction = action(
  { permission: "tickets.work", schema: z.object({ number: numberSchema }) },
  async ({ number }, { actor, db }) => {
    const { outboundEmailIds } = await claimTicket(db, {
      actor,
      ticket: { number },
      mail: getMailSettings(),
    });
    await dispatchEvents(outboundEmailIds.map(outboundEmailQueuedEvent));
    revalidateTicket(number);
    return null;
  },
);

export const postMessageAction = action(
  {
    permission: "tickets.work",
    schema: z.object({ number: numberSchema, message: postMessageSchema }),
  },
  async ({ number, message }, { actor, db }) => {
    const result = await postMessage(db, {
      actor,
      ticket: { number },
      ...message,
      mail: getMailSettings(),
    });
    await dispatchEvents([
      ...result.outboundEmailIds.map(outboundEmailQueuedEvent),
      ...slaChangedEvents(result.ticket),
    ]);
    revalidateTicket(number);
    return { messageId: result.message.id, status: result.ticket.status };
  },
);

export const mergeTicketAction = action(
  {
    permission: "tickets.work",
    schema: z.object({
      number: numberSchema,
      target: z
        .string()
        .trim()
        .transform((ref, ctx) => {
          const parsed = parseTicketRef(ref);
          if (!parsed) {
            ctx.addIssue({ code: "custom", message: "Enter a ticket number such as TKT-042." });
            return z.NEVER;
          }
          return parsed;
        }),
    }),
  },
  async ({ number, target }, { actor, db }) => {
    await mergeTickets(db, { actor, source: { number }, target: { number: target } });
    revalidateTicket(number);
    revalidateTicket(target);
    return { target: formatTicketNumber(target) };
  },
);
