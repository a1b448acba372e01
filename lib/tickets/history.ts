/**
 * The trail a change leaves: an audit event (always) and, where a person would want to see it, a
 * system message in the conversation. Called inside the change's own transaction.
 */
import type { Database } from "@/db/client";
import { messages, ticketEvents } from "@/db/schema";
import { actorUserId, type TicketActor } from "./actor";

export async function recordEvent(
  tx: Database,
  input: {
    ticketId: number;
    actor: TicketActor | { type: "requester"; contactId: number };
    type: string;
    data?: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await tx.insert(ticketEvents).values({
    ticketId: input.ticketId,
    actorUserId: input.actor.type === "requester" ? null : actorUserId(input.actor),
    actorContactId: input.actor.type === "requester" ? input.actor.contactId : null,
    type: input.type,
    data: input.data ?? {},
    createdAt: input.at,
  });
}

export async function addSystemMessage(
  tx: Database,
  input: { ticketId: number; text: string; at: Date },
): Promise<void> {
  await tx.insert(messages).values({
    ticketId: input.ticketId,
    kind: "system",
    bodyText: input.text,
    createdAt: input.at,
  });
}

const utc = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** Dates inside system messages are stored text, so they say their time zone. */
export function formatStoredDate(date: Date): string {
  return `${utc.format(date)} UTC`;
}
