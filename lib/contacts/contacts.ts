/** Requesters (contacts): found or created by email, edited by agents, shown beside their tickets. */
import "server-only";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { contacts, tickets, type Contact } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export const contactEmailSchema = z
  .email({ error: "Enter a valid email address." })
  .max(320)
  .transform((e) => e.trim());

/**
 * The contact with this email (case-insensitive), created when new. A name is filled in when the
 * contact had none; an existing name is never overwritten by whatever a sender typed.
 */
export async function findOrCreateContact(
  tx: Database,
  input: { email: string; name?: string | null; ip?: string | null; now?: Date },
): Promise<Contact> {
  const email = contactEmailSchema.parse(input.email);
  const name = input.name?.trim().slice(0, 200) ?? "";
  const byEmail = async () => {
    const [found] = await tx
      .select()
      .from(contacts)
      .where(eq(sql`lower(${contacts.email})`, email.toLowerCase()));
    return found;
  };
  // Known senders are the common case: one read. A new one is inserted; losing the race to a
  // concurrent insert of the same address (the unique index) means reading the winner's row.
  let contact = await byEmail();
  if (!contact) {
    const [inserted] = await tx
      .insert(contacts)
      .values({
        email,
        name,
        lastSeenIp: input.ip ?? null,
        firstSeenAt: input.now ?? new Date(),
        createdAt: input.now ?? new Date(),
        updatedAt: input.now ?? new Date(),
      })
      .onConflictDoNothing()
      .returning();
    contact = inserted ?? (await byEmail());
  }
  if (!contact) throw new Error(`contact ${email} vanished after upsert`);
  if (name && !contact.name) {
    const [named] = await tx
      .update(contacts)
      .set({ name, updatedAt: new Date() })
      .where(eq(contacts.id, contact.id))
      .returning();
    return named ?? contact;
  }
  return contact;
}

export const updateContactSchema = z.object({
  contactId: z.number().int().positive(),
  name: z.string().trim().max(200).optional(),
  email: contactEmailSchema.optional(),
});

export async function updateContact(
  db: Database,
  input: { actor: Actor } & z.input<typeof updateContactSchema>,
): Promise<Contact> {
  assertUserCan(input.actor, "tickets.work");
  const parsed = updateContactSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid contact.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const { contactId, ...fields } = parsed.data;
  try {
    const [contact] = await db
      .update(contacts)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(contacts.id, contactId))
      .returning();
    if (!contact) throw new DomainError("NOT_FOUND", "Contact not found.");
    return contact;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", `Another contact already uses ${fields.email}.`, {
        email: [`Another contact already uses ${fields.email}.`],
      });
    }
    throw error;
  }
}

/** The requester sidebar: who they are and their other tickets, newest first. */
export async function getRequesterProfile(
  db: Database,
  input: { actor: Actor; contactId: number; excludeTicketId?: number; limit?: number },
) {
  assertUserCan(input.actor, "tickets.view");
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, input.contactId));
  if (!contact) return null;
  const earlier = await db
    .select({
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.requesterId, contact.id),
        input.excludeTicketId ? ne(tickets.id, input.excludeTicketId) : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt))
    .limit(input.limit ?? 10);
  return { contact, tickets: earlier };
}
