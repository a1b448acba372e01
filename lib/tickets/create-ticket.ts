/**
 * Opening a ticket on behalf of a requester (console, REST API): the requester is found or created by
 * email, their description becomes the first message, and the ticket is numbered by the sequence.
 */
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  messages,
  ticketChannels,
  ticketPriorities,
  tickets,
  type Message,
  type Ticket,
} from "@/db/schema";
import { claimAttachments } from "@/lib/attachments/claim-attachments";
import type { Actor } from "@/lib/auth/permissions";
import { contactEmailSchema, findOrCreateContact } from "@/lib/contacts/contacts";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { notifyTicketCreated } from "@/lib/notifications/ticket-notifications";
import { refreshSlaOfLockedRows } from "@/lib/sla/ticket-sla";
import { actorName, actorUserId, assertCanWork, type SystemActor } from "./actor";
import { addSystemMessage, recordEvent } from "./history";
import { channelLabels } from "./labels";
import { describeRouting, routeNewTicket, routedChannels } from "./routing";
import { normaliseTagNames, setTicketTags, tagNameSchema } from "./tags";
import { checkReferences } from "./update-ticket";

export const createTicketSchema = z.object({
  subject: z.string().trim().min(1, { error: "Enter a subject." }).max(300),
  body: z.string().trim().min(1, { error: "Describe the request." }).max(200_000),
  requester: z.object({
    email: contactEmailSchema,
    name: z.string().trim().max(200).optional(),
  }),
  channel: z.enum(ticketChannels).default("web"),
  priority: z.enum(ticketPriorities).default("medium"),
  categoryId: z.number().int().positive().nullable().optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
  teamId: z.number().int().positive().nullable().optional(),
  mailboxId: z.number().int().positive().nullable().optional(),
  tags: z.array(tagNameSchema).max(30).default([]),
  dueAt: z.coerce.date().nullable().optional(),
  attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
});
export type CreateTicketInput = z.input<typeof createTicketSchema>;

export async function createTicket(
  db: Database,
  input: {
    actor: Actor | SystemActor;
    now?: Date;
    /** For the notification emails (assignee, admins, team); without it only the bell rings. */
    mail?: MailSettings;
    /** What an email adds to the first message: its sanitized HTML and its Message-ID. */
    firstMessage?: { bodyHtml: string | null; emailMessageId: string | null };
  } & CreateTicketInput,
): Promise<{
  ticket: Ticket;
  message: Message;
  /** Outbox rows written by this call: dispatch them after it returns. */
  outboundEmailIds: number[];
}> {
  const actor = assertCanWork(input.actor);
  const parsed = createTicketSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid ticket.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const data = parsed.data;
  const now = input.now ?? new Date();

  return db.transaction(async (tx) => {
    // Email and web-form tickets are routed (rules, then mailbox defaults) for whatever the caller
    // left unset; `input` rather than `data`, because the schema defaults the priority.
    const routing = routedChannels.includes(data.channel)
      ? await routeNewTicket(tx, {
          subject: data.subject,
          mailboxId: data.mailboxId ?? null,
          explicit: {
            teamId: input.teamId === undefined ? undefined : data.teamId,
            categoryId: input.categoryId === undefined ? undefined : data.categoryId,
            priority: input.priority === undefined ? undefined : data.priority,
            assigneeId: input.assigneeId === undefined ? undefined : data.assigneeId,
          },
        })
      : null;
    if (routing) {
      data.teamId = routing.teamId;
      data.categoryId = routing.categoryId;
      data.priority = routing.priority ?? data.priority;
      data.assigneeId = routing.assigneeId;
    }
    await checkReferences(tx, data);
    const requester = await findOrCreateContact(tx, { ...data.requester, now });
    const [ticket] = await tx
      .insert(tickets)
      .values({
        subject: data.subject,
        status: "open",
        priority: data.priority,
        channel: data.channel,
        categoryId: data.categoryId ?? null,
        requesterId: requester.id,
        assigneeId: data.assigneeId ?? null,
        teamId: data.teamId ?? null,
        mailboxId: data.mailboxId ?? null,
        dueAt: data.dueAt ?? null,
        lastMessageAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!ticket) throw new Error("ticket insert returned no row");

    const [message] = await tx
      .insert(messages)
      .values({
        ticketId: ticket.id,
        kind: "reply",
        authorContactId: requester.id,
        bodyText: data.body,
        bodyHtml: input.firstMessage?.bodyHtml ?? null,
        emailMessageId: input.firstMessage?.emailMessageId ?? null,
        createdAt: now,
      })
      .returning();
    if (data.attachmentIds.length > 0) {
      if (actor.type !== "user")
        throw new DomainError("INVALID", "Only an agent's uploads can be attached.");
      await claimAttachments(tx, {
        actor,
        attachmentIds: data.attachmentIds,
        ticketId: ticket.id,
        messageId: message!.id,
      });
    }
    if (data.tags.length > 0) await setTicketTags(tx, ticket.id, normaliseTagNames(data.tags));

    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "ticket.created",
      data: { channel: data.channel, requesterId: requester.id, assigneeId: ticket.assigneeId },
      at: now,
    });
    if (actor.type === "user") {
      await addSystemMessage(tx, {
        ticketId: ticket.id,
        text: `${actor.name} created the ticket on behalf of ${requester.name || requester.email} (${channelLabels[data.channel]})`,
        at: new Date(now.getTime() + 1),
      });
    }
    if (routing?.rule) {
      await recordEvent(tx, {
        ticketId: ticket.id,
        actor,
        type: "ticket.routed",
        data: { ruleId: routing.rule.id, ...routing.rule.set },
        at: now,
      });
      await addSystemMessage(tx, {
        ticketId: ticket.id,
        text: describeRouting(routing.rule),
        at: new Date(now.getTime() + 2),
      });
    }
    // The assignee, admins and the team hear of it (bell and email) as the workspace's switches say.
    const outboundEmailIds = await notifyTicketCreated(tx, {
      mail: input.mail,
      ticket,
      actorUserId: actorUserId(actor),
      actorName: actorName(actor),
      now,
    });
    // Nothing above changes the inserted row, which nobody else can see yet: it is current.
    const [stored] = await refreshSlaOfLockedRows(tx, [ticket], now);
    return { ticket: stored!, message: message!, outboundEmailIds };
  });
}
