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

export const eventSchemas = {
  "email/outbound.queued": outboundEmailQueuedSchema,
  "email/inbound.received": inboundEmailReceivedSchema,
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
