/** Time spent on a ticket, logged by agents. */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { timeEntries, type TimeEntry } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { recordEvent } from "./history";
import { assertWritable, lockTicket, type TicketRef } from "./lock";

export const timeEntrySchema = z.object({
  minutes: z
    .number({ error: "Enter the minutes spent." })
    .int({ error: "Whole minutes only." })
    .min(1, { error: "At least one minute." })
    .max(24 * 60, { error: "At most 24 hours in one entry." }),
  note: z.string().trim().max(500).default(""),
});

export async function addTimeEntry(
  db: Database,
  input: { actor: Actor; ticket: TicketRef; now?: Date } & z.input<typeof timeEntrySchema>,
): Promise<TimeEntry> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const parsed = timeEntrySchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid time entry.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, input.ticket);
    assertWritable(ticket);
    const [entry] = await tx
      .insert(timeEntries)
      .values({ ticketId: ticket.id, userId: actor.id, ...parsed.data, createdAt: now })
      .returning();
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "time.logged",
      data: { minutes: parsed.data.minutes },
      at: now,
    });
    return entry!;
  });
}

/** Agents remove their own entries; admins any. */
export async function deleteTimeEntry(
  db: Database,
  input: { actor: Actor; entryId: number; now?: Date },
): Promise<void> {
  const actor = assertUserCan(input.actor, "tickets.work");
  await db.transaction(async (tx) => {
    const [entry] = await tx.select().from(timeEntries).where(eq(timeEntries.id, input.entryId));
    if (!entry) throw new DomainError("NOT_FOUND", "Time entry not found.");
    if (entry.userId !== actor.id && actor.role !== "admin") {
      throw new DomainError("FORBIDDEN", "Only its author or an admin can remove a time entry.");
    }
    await tx.delete(timeEntries).where(and(eq(timeEntries.id, entry.id)));
    await recordEvent(tx, {
      ticketId: entry.ticketId,
      actor,
      type: "time.removed",
      data: { minutes: entry.minutes, entryId: entry.id },
      at: input.now ?? new Date(),
    });
  });
}
