/**
 * "New email" from the console: an agent writes to a customer first. It creates a ticket on the
 * email channel whose first message is the agent's public reply, and that reply goes out through
 * the outbox like any other (`postMessage` → `queuePublicReply`): our Message-ID recorded on the
 * message, Reply-To with the ticket's signed token, `[TKT-123]` in the subject — so the customer's
 * answer threads back into this ticket through the inbound pipeline.
 */
import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { mailboxes, tickets, type Message, type Ticket } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { findOrCreateContact } from "@/lib/contacts/contacts";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { refreshTicketSla } from "@/lib/sla/ticket-sla";
import { addSystemMessage, recordEvent } from "./history";
import { postMessage } from "./post-message";

export const composeEmailSchema = z.object({
  to: z
    .string({ error: "Enter the customer's email address." })
    .trim()
    .min(1, { error: "Enter the customer's email address." })
    .pipe(
      z
        .email({ error: "Enter a valid email address, like name@example.com." })
        .max(320, { error: "That email address is too long." }),
    ),
  name: z.string().trim().max(200).optional(),
  subject: z.string().trim().min(1, { error: "Enter a subject." }).max(300),
  body: z.string().trim().min(1, { error: "Write the message." }).max(200_000),
  /** The support address it is sent from (its Reply-To); the default mailbox when unset. */
  mailboxId: z.number().int().positive().nullable().optional(),
  attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
});
export type ComposeEmailInput = z.input<typeof composeEmailSchema>;

export async function composeEmail(
  db: Database,
  input: { actor: Actor; mail: MailSettings; now?: Date } & ComposeEmailInput,
): Promise<{ ticket: Ticket; message: Message; outboundEmailIds: number[] }> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const parsed = composeEmailSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Check the email.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const data = parsed.data;
  const now = input.now ?? new Date();

  return db.transaction(async (tx) => {
    const mailboxId = await sendingMailbox(tx, data.mailboxId ?? null);
    const requester = await findOrCreateContact(tx, { email: data.to, name: data.name, now });
    const [ticket] = await tx
      .insert(tickets)
      .values({
        subject: data.subject,
        status: "open",
        priority: "medium",
        channel: "email",
        requesterId: requester.id,
        assigneeId: actor.id,
        mailboxId,
        lastMessageAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!ticket) throw new Error("ticket insert returned no row");
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "ticket.created",
      data: { channel: "email", requesterId: requester.id, outbound: true },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: `${actor.name} started this ticket with an email to ${requester.name || requester.email}`,
      at: now,
    });
    // The first message is ours: a public reply, emailed with the threading headers.
    const posted = await postMessage(tx, {
      actor,
      ticket: { id: ticket.id },
      kind: "reply",
      body: data.body,
      attachmentIds: data.attachmentIds,
      mail: input.mail,
      now: new Date(now.getTime() + 1),
    });
    const { ticket: stored } = await refreshTicketSla(tx, {
      ticketId: ticket.id,
      now: new Date(now.getTime() + 2),
    });
    return { ticket: stored, message: posted.message, outboundEmailIds: posted.outboundEmailIds };
  });
}

async function sendingMailbox(tx: Database, requested: number | null): Promise<number | null> {
  if (requested !== null) {
    const [row] = await tx
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(eq(mailboxes.id, requested));
    if (!row) {
      throw new DomainError("INVALID", "Choose a mailbox to send from.", {
        mailboxId: ["Choose a mailbox to send from."],
      });
    }
    return row.id;
  }
  const [fallback] = await tx
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(eq(mailboxes.isDefault, true));
  return fallback?.id ?? null;
}

export type SendingMailbox = { id: number; name: string; address: string; isDefault: boolean };

/** The mailboxes an agent can send a new email from, the default first. */
export async function listSendingMailboxes(
  db: Database,
  input: { actor: Actor },
): Promise<SendingMailbox[]> {
  assertUserCan(input.actor, "tickets.work");
  return db
    .select({
      id: mailboxes.id,
      name: mailboxes.name,
      address: mailboxes.address,
      isDefault: mailboxes.isDefault,
    })
    .from(mailboxes)
    .orderBy(desc(mailboxes.isDefault), asc(mailboxes.name));
}
