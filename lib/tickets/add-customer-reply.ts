/**
 * A customer writes again (email reply, portal): the message lands on the ticket — or on the ticket it
 * was merged into. A Resolved ticket reopens; Pending (waiting for the customer) returns to Open; a
 * Closed ticket stays closed and a linked follow-up ticket carries the conversation on.
 * The caller has established that the contact may write on this ticket (requester or subscriber).
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, messages, tickets, type Message, type Ticket } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { notifyCustomerReply } from "@/lib/notifications/ticket-notifications";
import { refreshSlaOfLockedRows } from "@/lib/sla/ticket-sla";
import { systemActor } from "./actor";
import { addSystemMessage, recordEvent } from "./history";
import { lockTicket, touchTicket, type TicketRef } from "./lock";
import { formatTicketNumber } from "./ref";
import { applyTicketPatch } from "./update-ticket";

export type CustomerReplyOutcome = "added" | "reopened" | "follow_up";

export async function addCustomerReply(
  db: Database,
  input: {
    contactId: number;
    ticket: TicketRef;
    body: string;
    bodyHtml?: string | null;
    emailMessageId?: string | null;
    now?: Date;
    /** For the emails the reply causes (agents, other subscribers); without it only the bell rings. */
    mail?: MailSettings;
  },
): Promise<{
  ticket: Ticket;
  message: Message;
  outcome: CustomerReplyOutcome;
  /** Outbox rows written by this call: dispatch them after it returns. */
  outboundEmailIds: number[];
}> {
  const now = input.now ?? new Date();
  const actor = { type: "requester" as const, contactId: input.contactId };
  return db.transaction(async (tx) => {
    let ticket = await lockTicket(tx, input.ticket);
    for (let hops = 0; ticket.mergedIntoId !== null; hops++) {
      if (hops > 10) throw new DomainError("CONFLICT", "Merge chain too long.");
      ticket = await lockTicket(tx, { id: ticket.mergedIntoId });
    }

    let outcome: CustomerReplyOutcome = "added";
    if (ticket.status === "closed") {
      const closed = ticket;
      const [followUp] = await tx
        .insert(tickets)
        .values({
          subject: closed.subject,
          status: "open",
          priority: closed.priority,
          channel: closed.channel,
          categoryId: closed.categoryId,
          requesterId: closed.requesterId,
          assigneeId: closed.assigneeId,
          teamId: closed.teamId,
          mailboxId: closed.mailboxId,
          followUpOfId: closed.id,
          lastMessageAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      ticket = followUp!;
      outcome = "follow_up";
      await recordEvent(tx, {
        ticketId: ticket.id,
        actor,
        type: "ticket.created",
        data: { followUpOf: closed.id },
        at: now,
      });
      await addSystemMessage(tx, {
        ticketId: ticket.id,
        text: `Follow-up to ${formatTicketNumber(closed.number)}, which was closed when the customer wrote again`,
        at: now,
      });
      await addSystemMessage(tx, {
        ticketId: closed.id,
        text: `The customer wrote again; the conversation continues in ${formatTicketNumber(ticket.number)}`,
        at: now,
      });
    }

    const [message] = await tx
      .insert(messages)
      .values({
        ticketId: ticket.id,
        kind: "reply",
        authorContactId: input.contactId,
        bodyText: input.body,
        bodyHtml: input.bodyHtml ?? null,
        emailMessageId: input.emailMessageId ?? null,
        createdAt: new Date(now.getTime() + 1),
      })
      .returning();
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "customer_reply.added",
      data: { messageId: message!.id },
      at: now,
    });
    ticket = await touchTicket(tx, ticket.id, now);

    if (ticket.status === "resolved" || ticket.status === "pending") {
      const wasResolved = ticket.status === "resolved";
      ({ ticket } = await applyTicketPatch(
        tx,
        ticket,
        { status: "open" },
        {
          actor: systemActor("Customer reply"),
          now: new Date(now.getTime() + 2),
          silent: true,
          mail: input.mail,
        },
      ));
      await addSystemMessage(tx, {
        ticketId: ticket.id,
        text: wasResolved
          ? "Reopened: the customer replied to the resolved ticket"
          : "Back to Open: the customer replied",
        at: new Date(now.getTime() + 2),
      });
      if (wasResolved) outcome = "reopened";
    }
    // As of the last write above: the message is stamped 1 ms and a reopen 2 ms after `now`.
    // `ticket` is the locked row as stored by the last write above.
    [ticket] = (await refreshSlaOfLockedRows(tx, [ticket], new Date(now.getTime() + 2))) as [
      Ticket,
    ];
    const [author] = await tx
      .select({ email: contacts.email, name: contacts.name })
      .from(contacts)
      .where(eq(contacts.id, input.contactId));
    const outboundEmailIds = await notifyCustomerReply(tx, {
      mail: input.mail,
      ticket,
      messageId: message!.id,
      authorEmail: author?.email ?? "",
      authorName: author?.name ?? "",
      body: input.body,
      now,
    });
    return { ticket: ticket, message: message!, outcome, outboundEmailIds };
  });
}
