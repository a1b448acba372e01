/**
 * Correcting where a message landed: an agent moves a reply or note to another ticket, or splits it
 * off into a new ticket of its own. Everything that belongs to the message goes with it — its
 * attachments, the Message-ID records that thread later replies (received and sent, so a customer
 * answering the moved message reaches its new ticket), the outbox rows and the Email log row — and
 * both tickets say in a system message who moved what, where.
 */
import "server-only";
import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  attachments,
  inboundEmails,
  messageIds,
  messages,
  outboundEmails,
  tickets,
  type Message,
  type Ticket,
} from "@/db/schema";
import { assertUserCan, type Actor, type UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { refreshTicketSla } from "@/lib/sla/ticket-sla";
import { addSystemMessage, recordEvent } from "./history";
import { assertNotMerged, assertWritable, lockTicket } from "./lock";
import { formatTicketNumber } from "./ref";

const messageIdSchema = z.number({ error: "Missing or invalid message." }).int().positive();

export const moveMessageSchema = z.object({
  messageId: messageIdSchema,
  targetNumber: z
    .number({ error: "Enter the ticket to move the message to." })
    .int()
    .positive({ error: "Enter the ticket to move the message to." }),
});
export const splitMessageSchema = z.object({
  messageId: messageIdSchema,
  subject: z
    .string()
    .trim()
    .max(300, { error: "Keep the subject to 300 characters or fewer." })
    .optional(),
});
export type MoveMessageInput = z.input<typeof moveMessageSchema>;
export type SplitMessageInput = z.input<typeof splitMessageSchema>;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DomainError(
    "INVALID",
    parsed.error.issues[0]?.message ?? "Invalid input.",
    z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
  );
}

/** The message and its ticket, checked movable: not a system line, not the ticket's opening. */
async function loadMovable(tx: Database, messageId: number): Promise<Message> {
  const [message] = await tx.select().from(messages).where(eq(messages.id, messageId));
  if (!message) throw new DomainError("NOT_FOUND", "Message not found.");
  if (message.kind === "system") {
    throw new DomainError("INVALID", "System messages stay on their ticket.");
  }
  const [first] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.ticketId, message.ticketId), ne(messages.kind, "system")))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  if (first?.id === message.id) {
    throw new DomainError(
      "INVALID",
      "This message opened the ticket; merge the tickets instead of moving it.",
    );
  }
  return message;
}

/** Re-homes the message and everything keyed by it. */
async function relocate(tx: Database, message: Message, target: Ticket, now: Date) {
  await tx.update(messages).set({ ticketId: target.id }).where(eq(messages.id, message.id));
  await tx
    .update(attachments)
    .set({ ticketId: target.id })
    .where(eq(attachments.messageId, message.id));
  const sent = await tx
    .update(outboundEmails)
    .set({ ticketId: target.id })
    .where(eq(outboundEmails.messageId, message.id))
    .returning({ emailMessageId: outboundEmails.emailMessageId });
  const threadIds = [
    ...(message.emailMessageId ? [message.emailMessageId] : []),
    ...sent.map((s) => s.emailMessageId),
  ];
  if (threadIds.length > 0) {
    await tx
      .update(messageIds)
      .set({ ticketId: target.id })
      .where(inArray(messageIds.emailMessageId, threadIds));
  }
  await tx
    .update(inboundEmails)
    .set({ ticketId: target.id })
    .where(and(eq(inboundEmails.messageId, message.id), isNotNull(inboundEmails.ticketId)));
  await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, target.id));
}

async function lockPair(tx: Database, aId: number, bId: number): Promise<[Ticket, Ticket]> {
  // Always in id order, so two moves in opposite directions cannot deadlock.
  const [low, high] = aId < bId ? [aId, bId] : [bId, aId];
  const first = await lockTicket(tx, { id: low });
  const second = await lockTicket(tx, { id: high });
  return aId === low ? [first, second] : [second, first];
}

const describe = (message: Message) => (message.kind === "note" ? "an internal note" : "a message");

/** Moves a reply or note to another (open, unmerged) ticket. */
export async function moveMessage(
  db: Database,
  input: { actor: Actor; now?: Date } & MoveMessageInput,
): Promise<{ source: Ticket; target: Ticket }> {
  const actor: UserActor = assertUserCan(input.actor, "tickets.work");
  const { messageId, targetNumber } = parse(moveMessageSchema, input);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const message = await loadMovable(tx, messageId);
    const [targetRow] = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(eq(tickets.number, targetNumber));
    if (!targetRow) {
      const error = `There is no ticket ${formatTicketNumber(targetNumber)}.`;
      throw new DomainError("NOT_FOUND", error, { targetNumber: [error] });
    }
    if (targetRow.id === message.ticketId) {
      const error = "The message is already on that ticket.";
      throw new DomainError("INVALID", error, { targetNumber: [error] });
    }
    const [source, target] = await lockPair(tx, message.ticketId, targetRow.id);
    assertNotMerged(source);
    assertWritable(target);
    await relocate(tx, message, target, now);

    const from = formatTicketNumber(source.number);
    const to = formatTicketNumber(target.number);
    for (const [ticket, text] of [
      [source, `${actor.name} moved ${describe(message)} to ${to}`],
      [target, `${actor.name} moved ${describe(message)} here from ${from}`],
    ] as const) {
      await recordEvent(tx, {
        ticketId: ticket.id,
        actor,
        type: "message.moved",
        data: { messageId: message.id, fromTicketId: source.id, toTicketId: target.id },
        at: now,
      });
      await addSystemMessage(tx, { ticketId: ticket.id, text, at: now });
    }
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, source.id));
    await refreshTicketSla(tx, { ticketId: source.id, now });
    const { ticket: moved } = await refreshTicketSla(tx, { ticketId: target.id, now });
    return { source, target: moved };
  });
}

/**
 * Splits a message off into a new ticket: same requester (or the message's own author, when a
 * customer wrote it), channel, mailbox, team, category and priority as the ticket it came from.
 */
export async function splitMessage(
  db: Database,
  input: { actor: Actor; now?: Date } & SplitMessageInput,
): Promise<{ source: Ticket; ticket: Ticket }> {
  const actor: UserActor = assertUserCan(input.actor, "tickets.work");
  const { messageId, subject } = parse(splitMessageSchema, input);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const message = await loadMovable(tx, messageId);
    const source = await lockTicket(tx, { id: message.ticketId });
    assertNotMerged(source);
    const [created] = await tx
      .insert(tickets)
      .values({
        subject: subject || source.subject,
        status: "open",
        priority: source.priority,
        channel: source.channel,
        categoryId: source.categoryId,
        requesterId: message.authorContactId ?? source.requesterId,
        teamId: source.teamId,
        mailboxId: source.mailboxId,
        lastMessageAt: message.createdAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error("ticket insert returned no row");
    await relocate(tx, message, created, now);

    const from = formatTicketNumber(source.number);
    const to = formatTicketNumber(created.number);
    await recordEvent(tx, {
      ticketId: created.id,
      actor,
      type: "ticket.created",
      data: { channel: created.channel, splitFromTicketId: source.id, messageId: message.id },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: created.id,
      text: `${actor.name} split this ticket off ${from}`,
      at: now,
    });
    await recordEvent(tx, {
      ticketId: source.id,
      actor,
      type: "message.moved",
      data: { messageId: message.id, fromTicketId: source.id, toTicketId: created.id },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: source.id,
      text: `${actor.name} split ${describe(message)} into the new ticket ${to}`,
      at: now,
    });
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, source.id));
    await refreshTicketSla(tx, { ticketId: source.id, now });
    const { ticket } = await refreshTicketSla(tx, { ticketId: created.id, now });
    return { source, ticket };
  });
}
