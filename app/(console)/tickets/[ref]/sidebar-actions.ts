"use server";

/**
 * Server actions behind the ticket sidebar (components/tickets/sidebar): requester edits,
 * participants, time entries and custom field values. Each takes the ticket number, calls the one
 * domain function for the change and refreshes the ticket page.
 */
import { and, eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Database } from "@/db/client";
import { timeEntries } from "@/db/schema";
import { updateContact, updateContactSchema } from "@/lib/contacts/contacts";
import { DomainError } from "@/lib/errors";
import { action } from "@/lib/safe-action";
import { setCustomFieldValue } from "@/lib/tickets/custom-field-values";
import { findTicket } from "@/lib/tickets/lock";
import { inviteParticipant, removeParticipant } from "@/lib/tickets/participants";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { addTimeEntry, deleteTimeEntry, timeEntrySchema } from "@/lib/tickets/time-entries";

const ticketNumberSchema = z.number().int().positive();

function revalidateTicket(number: number): void {
  revalidatePath(`/tickets/${formatTicketNumber(number)}`);
}

async function requireTicket(db: Database, number: number) {
  const ticket = await findTicket(db, { number });
  if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
  return ticket;
}

/** The contact is the ticket's requester as stored, never an id the browser sends. */
export const updateRequesterAction = action(
  {
    permission: "tickets.work",
    schema: updateContactSchema
      .pick({ name: true, email: true })
      .extend({ number: ticketNumberSchema }),
  },
  async ({ number, name, email }, { actor, db }) => {
    const ticket = await requireTicket(db, number);
    const contact = await updateContact(db, {
      actor,
      contactId: ticket.requesterId,
      name,
      email,
    });
    revalidateTicket(number);
    return { id: contact.id, name: contact.name, email: contact.email };
  },
);

export const inviteParticipantAction = action(
  {
    permission: "tickets.work",
    schema: z.object({
      number: ticketNumberSchema,
      userId: z
        .number({ error: "Choose an agent to invite." })
        .int()
        .positive({ error: "Choose an agent to invite." }),
    }),
  },
  async ({ number, userId }, { actor, db }) => {
    const result = await inviteParticipant(db, { actor, ticket: { number }, userId });
    revalidateTicket(number);
    return result;
  },
);

export const removeParticipantAction = action(
  {
    permission: "tickets.work",
    schema: z.object({ number: ticketNumberSchema, userId: z.number().int().positive() }),
  },
  async ({ number, userId }, { actor, db }) => {
    const result = await removeParticipant(db, { actor, ticket: { number }, userId });
    revalidateTicket(number);
    return result;
  },
);

export const addTimeEntryAction = action(
  { permission: "tickets.work", schema: timeEntrySchema.extend({ number: ticketNumberSchema }) },
  async ({ number, minutes, note }, { actor, db }) => {
    const entry = await addTimeEntry(db, { actor, ticket: { number }, minutes, note });
    revalidateTicket(number);
    return { id: entry.id, minutes: entry.minutes };
  },
);

export const deleteTimeEntryAction = action(
  {
    permission: "tickets.work",
    schema: z.object({ number: ticketNumberSchema, entryId: z.number().int().positive() }),
  },
  async ({ number, entryId }, { actor, db }) => {
    // deleteTimeEntry knows only the entry id; make sure it belongs to the ticket on screen so a
    // stale page cannot remove an entry elsewhere (and the right page is refreshed).
    const ticket = await requireTicket(db, number);
    const [entry] = await db
      .select({ id: timeEntries.id })
      .from(timeEntries)
      .where(and(eq(timeEntries.id, entryId), eq(timeEntries.ticketId, ticket.id)));
    if (!entry) throw new DomainError("NOT_FOUND", "Time entry not found.");
    await deleteTimeEntry(db, { actor, entryId });
    revalidateTicket(number);
    return { entryId };
  },
);

/** The raw value is checked against the field's type by the domain; "" or null clears it. */
export const setCustomFieldValueAction = action(
  {
    permission: "tickets.work",
    schema: z.object({
      number: ticketNumberSchema,
      fieldId: z.number().int().positive(),
      value: z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]),
    }),
  },
  async ({ number, fieldId, value }, { actor, db }) => {
    const saved = await setCustomFieldValue(db, { actor, ticket: { number }, fieldId, value });
    revalidateTicket(number);
    return { fieldId, value: saved };
  },
);
