/** Values of admin-defined custom fields on a ticket, checked against each field's type and visibility. */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  customFields,
  ticketCustomFieldValues,
  type CustomField,
  type CustomFieldValue,
} from "@/db/schema";
import { assertUserCan, type Actor, type UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { addSystemMessage, recordEvent } from "./history";
import { assertWritable, lockTicket, type TicketRef } from "./lock";

export function canSeeField(actor: UserActor, field: Pick<CustomField, "visibility">): boolean {
  return field.visibility !== "admins" || actor.role === "admin";
}

/** Parses a raw value for the field's type; null clears the value. */
export function parseCustomFieldValue(field: CustomField, raw: unknown): CustomFieldValue | null {
  if (raw === null || raw === undefined || raw === "") return null;
  const fail = (why: string): never => {
    throw new DomainError("INVALID", `${field.label}: ${why}`, { [field.key]: [why] });
  };
  switch (field.type) {
    case "text":
      if (typeof raw !== "string") return fail("must be text");
      if (raw.length > 2000) return fail("is longer than 2000 characters");
      return raw.trim();
    case "number": {
      const n = typeof raw === "number" ? raw : Number(raw);
      return Number.isFinite(n) ? n : fail("must be a number");
    }
    case "date": {
      const value = String(raw);
      const ok =
        /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
      return ok && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
        ? value
        : fail("must be a date (YYYY-MM-DD)");
    }
    case "select":
      return typeof raw === "string" && field.options.includes(raw)
        ? raw
        : fail(`must be one of ${field.options.join(", ")}`);
    case "checkbox":
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "false") return raw === "true";
      return fail("must be checked or unchecked");
  }
}

function display(value: CustomFieldValue | null): string {
  if (value === null) return "nothing";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

export async function setCustomFieldValue(
  db: Database,
  input: { actor: Actor; ticket: TicketRef; fieldId: number; value: unknown; now?: Date },
): Promise<CustomFieldValue | null> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, input.ticket);
    assertWritable(ticket);
    const [field] = await tx.select().from(customFields).where(eq(customFields.id, input.fieldId));
    if (!field || !field.isActive || !canSeeField(actor, field)) {
      throw new DomainError("NOT_FOUND", "Custom field not found.");
    }
    const value = parseCustomFieldValue(field, z.unknown().parse(input.value));
    const where = and(
      eq(ticketCustomFieldValues.ticketId, ticket.id),
      eq(ticketCustomFieldValues.fieldId, field.id),
    );
    const [previous] = await tx.select().from(ticketCustomFieldValues).where(where);
    if ((previous?.value ?? null) === value) return value;
    if (value === null) {
      await tx.delete(ticketCustomFieldValues).where(where);
    } else {
      await tx
        .insert(ticketCustomFieldValues)
        .values({
          ticketId: ticket.id,
          fieldId: field.id,
          value,
          updatedByUserId: actor.id,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [ticketCustomFieldValues.ticketId, ticketCustomFieldValues.fieldId],
          set: { value, updatedByUserId: actor.id, updatedAt: now },
        });
    }
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "custom_field.changed",
      data: { fieldId: field.id, from: previous?.value ?? null, to: value },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: `${actor.name} set ${field.label} to ${display(value)}`,
      at: now,
    });
    return value;
  });
}

/** The fields the actor may see, each with the ticket's value (or null). */
export async function getCustomFieldValues(
  db: Database,
  input: { actor: UserActor; ticketId: number },
) {
  const rows = await db
    .select({ field: customFields, value: ticketCustomFieldValues.value })
    .from(customFields)
    .leftJoin(
      ticketCustomFieldValues,
      and(
        eq(ticketCustomFieldValues.fieldId, customFields.id),
        eq(ticketCustomFieldValues.ticketId, input.ticketId),
      ),
    )
    .where(eq(customFields.isActive, true))
    .orderBy(asc(customFields.position), asc(customFields.id));
  return rows
    .filter((r) => canSeeField(input.actor, r.field))
    .map((r) => ({ field: r.field, value: (r.value as CustomFieldValue | null) ?? null }));
}
