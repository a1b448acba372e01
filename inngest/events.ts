/**
 * The catalogue of background events: name `area/noun.verb`, payload validated by a zod schema both
 * when sent and when a function receives it.
 */
import { eventType } from "inngest";
import { z } from "zod";

export const outboundEmailQueuedSchema = z.object({
  outboundEmailId: z.number().int().positive(),
});

/** An outbox row is ready to be delivered (see lib/mail/send-outbound-email.ts). */
export const outboundEmailQueued = eventType("email/outbound.queued", {
  schema: outboundEmailQueuedSchema,
});

export const inboundEmailReceivedSchema = z.object({
  inboundEmailId: z.number().int().positive(),
});

/** A raw inbound message was stored and waits to be parsed and threaded (lib/mail/inbound/process.ts). */
export const inboundEmailReceived = eventType("email/inbound.received", {
  schema: inboundEmailReceivedSchema,
});

export const ticketTimersChangedSchema = z.object({
  ticketId: z.number().int().positive(),
});

/**
 * A ticket's reminder, snooze or auto-solve date was set, moved or cleared (lib/timers/): the
 * durable timer function restarts for it.
 */
export const ticketTimersChanged = eventType("ticket/timers.changed", {
  schema: ticketTimersChangedSchema,
});

export const ticketSlaChangedSchema = z.object({
  ticketId: z.number().int().positive(),
});

/**
 * Something a ticket's SLA clocks depend on changed (status, priority, category, team, a reply, a
 * customer message): the durable SLA timer (inngest/functions/sla-timer.ts) restarts for it.
 */
export const ticketSlaChanged = eventType("ticket/sla.changed", {
  schema: ticketSlaChangedSchema,
});

export const eventSchemas = {
  "email/outbound.queued": outboundEmailQueuedSchema,
  "email/inbound.received": inboundEmailReceivedSchema,
  "ticket/timers.changed": ticketTimersChangedSchema,
  "ticket/sla.changed": ticketSlaChangedSchema,
} as const;

export type AppEventName = keyof typeof eventSchemas;
export type AppEvent = {
  [N in AppEventName]: { name: N; data: z.infer<(typeof eventSchemas)[N]> };
}[AppEventName];

export function outboundEmailQueuedEvent(outboundEmailId: number): AppEvent {
  return { name: "email/outbound.queued", data: { outboundEmailId } };
}

export function inboundEmailReceivedEvent(inboundEmailId: number): AppEvent {
  return { name: "email/inbound.received", data: { inboundEmailId } };
}

export function ticketTimersChangedEvent(ticketId: number): AppEvent {
  return { name: "ticket/timers.changed", data: { ticketId } };
}

export function ticketSlaChangedEvent(ticketId: number): AppEvent {
  return { name: "ticket/sla.changed", data: { ticketId } };
}
