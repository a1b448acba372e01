/**
 * What a requester does in the portal: reply (with files), close their ticket, rate it. Each checks
 * through lib/auth/permissions that the ticket is theirs (NOT_FOUND otherwise) and then goes through
 * the same domain functions as the other channels — a portal reply is `addCustomerReply`, exactly like
 * an email reply (reopens a Resolved ticket, starts a follow-up for a Closed one, restarts the SLA's
 * next-response clock).
 */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { csatRatings, tickets, type Ticket } from "@/db/schema";
import { claimAttachments } from "@/lib/attachments/claim-attachments";
import { assertCanViewTicket, type RequesterActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { systemActor } from "@/lib/tickets/actor";
import { addCustomerReply, type CustomerReplyOutcome } from "@/lib/tickets/add-customer-reply";
import { recordEvent } from "@/lib/tickets/history";
import { applyTicketPatch } from "@/lib/tickets/update-ticket";
import { isFinished } from "./status-text";

export const portalReplySchema = z
  .object({
    number: z.number().int().positive(),
    body: z.string().trim().max(200_000, { error: "The message is too long." }),
    attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
  })
  .refine((m) => m.body.length > 0 || m.attachmentIds.length > 0, {
    error: "Write a message or attach a file.",
    path: ["body"],
  });

export const portalRatingSchema = z.object({
  number: z.number().int().positive(),
  score: z.number().int().min(1, { error: "Choose 1 to 5." }).max(5, { error: "Choose 1 to 5." }),
  comment: z.string().trim().max(5_000).default(""),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid input.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  return parsed.data;
}

/** The requester's own ticket, locked; NOT_FOUND for anything else. */
async function lockOwnTicket(tx: Database, actor: RequesterActor, number: number): Promise<Ticket> {
  const [found] = await tx.select().from(tickets).where(eq(tickets.number, number)).for("update");
  assertCanViewTicket(actor, found);
  return found!;
}

export async function replyFromPortal(
  db: Database,
  input: {
    actor: RequesterActor;
    /** For the emails the reply causes (assignee, team, other people on the ticket). */
    mail?: MailSettings;
    now?: Date;
  } & z.input<typeof portalReplySchema>,
): Promise<{
  ticketNumber: number;
  messageId: number;
  outcome: CustomerReplyOutcome;
  /** Outbox rows written: dispatch them after the call returns. */
  outboundEmailIds: number[];
}> {
  const data = parse(portalReplySchema, input);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const ticket = await lockOwnTicket(tx, input.actor, data.number);
    if (ticket.mergedIntoId !== null) {
      throw new DomainError("CONFLICT", "This request was merged into another one; reply there.");
    }
    const result = await addCustomerReply(tx, {
      contactId: input.actor.contactId,
      ticket: { id: ticket.id },
      body: data.body,
      mail: input.mail,
      now,
    });
    await claimAttachments(tx, {
      actor: input.actor,
      attachmentIds: data.attachmentIds,
      ticketId: result.ticket.id,
      messageId: result.message.id,
    });
    return {
      ticketNumber: result.ticket.number,
      messageId: result.message.id,
      outcome: result.outcome,
      outboundEmailIds: result.outboundEmailIds,
    };
  });
}

/**
 * The requester closes their own ticket. With `mail`, the "ticket closed" email and agent
 * notifications follow the notification settings like any close; returns the outbox rows to send.
 */
export async function closeTicketFromPortal(
  db: Database,
  input: { actor: RequesterActor; number: number; now?: Date; mail?: MailSettings },
): Promise<{ outboundEmailIds: number[] }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const ticket = await lockOwnTicket(tx, input.actor, input.number);
    if (ticket.mergedIntoId !== null) {
      throw new DomainError("CONFLICT", "This request was merged into another one.");
    }
    if (ticket.status === "closed") return { outboundEmailIds: [] };
    const { outboundEmailIds } = await applyTicketPatch(
      tx,
      ticket,
      { status: "closed" },
      { actor: systemActor("The customer (portal)"), now, mail: input.mail },
    );
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor: input.actor,
      type: "requester.closed",
      at: now,
    });
    return { outboundEmailIds };
  });
}

/** 1 (bad) … 5 (great) with an optional comment, once the ticket is Resolved or Closed; again replaces. */
export async function rateTicket(
  db: Database,
  input: { actor: RequesterActor; now?: Date } & z.input<typeof portalRatingSchema>,
): Promise<void> {
  const data = parse(portalRatingSchema, input);
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const ticket = await lockOwnTicket(tx, input.actor, data.number);
    if (!isFinished(ticket.status) || ticket.mergedIntoId !== null) {
      throw new DomainError("CONFLICT", "You can rate a request once it is solved.");
    }
    await tx
      .insert(csatRatings)
      .values({
        ticketId: ticket.id,
        contactId: input.actor.contactId,
        score: data.score,
        comment: data.comment,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: csatRatings.ticketId,
        set: { score: data.score, comment: data.comment, updatedAt: now },
      });
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor: input.actor,
      type: "csat.rated",
      data: { score: data.score },
      at: now,
    });
  });
}
