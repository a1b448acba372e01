/**
 * An agent writes on a ticket: a public reply (reaches the requester and subscribers) or an internal
 * note (agents only; @mentions notify the agents named). The composer may also set the status in the
 * same step ("send and set Pending").
 *
 * A public reply also queues its email in the same transaction (to the requester and the ticket's
 * subscribers, with the reply's files, as the notification settings say: lib/notifications/
 * ticket-notifications.ts); the caller dispatches `outboundEmailIds` after the commit.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { mentions, messages, ticketStatuses, users, type Message, type Ticket } from "@/db/schema";
import { claimAttachments } from "@/lib/attachments/claim-attachments";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { notifyMentions, queuePublicReply } from "@/lib/notifications/ticket-notifications";
import { refreshTicketSla } from "@/lib/sla/ticket-sla";
import { recordEvent } from "./history";
import { assertWritable, lockTicket, touchTicket, type TicketRef } from "./lock";
import { findMentionedUsers } from "./mentions";
import { applyTicketPatch } from "./update-ticket";

export const postMessageSchema = z
  .object({
    kind: z.enum(["reply", "note"], { error: "Choose a reply or an internal note." }),
    body: z.string().trim().max(200_000),
    attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
    setStatus: z.enum(ticketStatuses).optional(),
  })
  .refine((m) => m.body.length > 0 || m.attachmentIds.length > 0, {
    error: "Write a message or attach a file.",
    path: ["body"],
  });
export type PostMessageInput = z.input<typeof postMessageSchema>;

export async function postMessage(
  db: Database,
  input: {
    actor: Actor;
    ticket: TicketRef;
    now?: Date;
    /** Sender, reply-token key and link settings for the emails this message causes. */
    mail: MailSettings;
  } & PostMessageInput,
): Promise<{
  message: Message;
  ticket: Ticket;
  mentionedUserIds: number[];
  /** Outbox rows written by this call: dispatch them after it returns. */
  outboundEmailIds: number[];
}> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const parsed = postMessageSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid message.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const data = parsed.data;
  const now = input.now ?? new Date();

  return db.transaction(async (tx) => {
    let ticket = await lockTicket(tx, input.ticket);
    assertWritable(ticket);
    const [inserted] = await tx
      .insert(messages)
      .values({
        ticketId: ticket.id,
        kind: data.kind,
        authorUserId: actor.id,
        bodyText: data.body,
        createdAt: now,
      })
      .returning();
    if (!inserted) throw new Error("message insert returned no row");
    let message: Message = inserted;

    if (data.attachmentIds.length > 0) {
      await claimAttachments(tx, {
        actor,
        attachmentIds: data.attachmentIds,
        ticketId: ticket.id,
        messageId: message.id,
      });
    }

    const outboundEmailIds: number[] = [];
    // Mentions only in notes: a public reply is read by the customer, not a place to page colleagues.
    let mentionedUserIds: number[] = [];
    if (data.kind === "note") {
      const candidates = await tx
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(eq(users.isActive, true));
      mentionedUserIds = findMentionedUsers(data.body, candidates).filter((id) => id !== actor.id);
      if (mentionedUserIds.length > 0) {
        await tx
          .insert(mentions)
          .values(mentionedUserIds.map((userId) => ({ messageId: message.id, userId })));
        outboundEmailIds.push(
          ...(await notifyMentions(tx, {
            mail: input.mail,
            ticket,
            messageId: message.id,
            actorUserId: actor.id,
            actorName: actor.name,
            userIds: mentionedUserIds,
            body: data.body,
            now,
          })),
        );
      }
    }

    if (data.kind === "reply") {
      const emails = await queuePublicReply(tx, {
        mail: input.mail,
        ticket,
        messageId: message.id,
        actorName: actor.name,
        body: data.body,
        attachmentIds: data.attachmentIds,
        now,
      });
      outboundEmailIds.push(...emails.map((email) => email.id));
      // Threading: a customer's answer to any copy finds the ticket through message_ids; the message
      // keeps the first copy's Message-ID.
      const first = emails[0];
      if (first) {
        message = { ...message, emailMessageId: first.emailMessageId };
        await tx
          .update(messages)
          .set({ emailMessageId: first.emailMessageId })
          .where(eq(messages.id, message.id));
      }
    }

    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: data.kind === "note" ? "note.added" : "reply.added",
      data: { messageId: message.id, attachments: data.attachmentIds.length },
      at: now,
    });
    ticket = await touchTicket(tx, ticket.id, now);
    if (data.setStatus && data.setStatus !== ticket.status) {
      ({ ticket } = await applyTicketPatch(
        tx,
        ticket,
        { status: data.setStatus },
        {
          actor,
          now: new Date(now.getTime() + 1),
          mail: input.mail,
        },
      ));
    }
    // As of the last write above: a status set with the message is stamped 1 ms after it.
    ({ ticket } = await refreshTicketSla(tx, {
      ticketId: ticket.id,
      now: new Date(now.getTime() + 1),
    }));
    return { message, ticket: ticket, mentionedUserIds, outboundEmailIds };
  });
}
