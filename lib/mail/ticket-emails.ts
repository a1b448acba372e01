/**
 * Queues one templated email about a ticket: picks the event's template (admin's or default),
 * builds the recipient's links (portal or console URL, rating links, unsubscribe link), renders it
 * through the one renderer (lib/mail/templates/render-email.ts) and writes the outbox row in the
 * caller's transaction. Every email about a ticket goes through here.
 *
 * Rules applied here so that no caller can forget them:
 *  - automatic mail (notifications, acknowledgements, closed, reminders) is not sent when the
 *    workspace switched email notifications off;
 *  - automatic mail to an address that hard-bounced is recorded as `skipped` with the reason;
 *  - an empty template sends nothing;
 *  - a template that fails to render falls back to the default (and the failure is logged).
 */
import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, mailboxes, type OutboundEmail } from "@/db/schema";
import { requesterPortalUrl } from "@/lib/portal/links";
import { portalRequestLinkUrl } from "@/lib/portal/link-token";
import { splitName } from "@/lib/templates/masks";
import { formatTicketNumber } from "@/lib/tickets/ref";
import type { NotificationSettings } from "@/lib/notifications/settings";
import { enqueueEmail } from "./outbox";
import type { MailSettings } from "./settings";
import { emailEvents, type EmailEventKey } from "./templates/events";
import { linkValue, renderMasks, type MaskData } from "./templates/masks";
import { renderEmail, type RenderedEmail } from "./templates/render-email";
import { sampleMaskData } from "./templates/sample";
import { defaultTemplate, getEmailTemplate } from "./templates/store";
import { buildTicketMaskData, type MaskContext, type TicketFacts } from "./templates/ticket-facts";
import { signUnsubscribeToken, unsubscribeUrl } from "./unsubscribe-token";
import { ratingChoices, ratingLinkUrl, signRatingToken } from "@/lib/csat/rating-token";

export type TicketEmailRecipient = {
  email: string;
  name: string;
  kind: "requester" | "subscriber" | "agent";
};

/** Scores the rating links record (csat_ratings.score is 1…5). */
export const ratingScores = ratingChoices;

/** The portal's rating form with a score preselected (template previews; no signed token). */
export function ratingUrl(appUrl: string, ticketRef: string, score: number): string {
  return `${appUrl}/portal/tickets/${encodeURIComponent(ticketRef)}/rate?score=${score}`;
}

export function consoleTicketUrl(appUrl: string, ticketRef: string): string {
  return `${appUrl}/tickets/${encodeURIComponent(ticketRef)}`;
}

export async function queueTicketEmail(
  tx: Database,
  input: {
    mail: MailSettings;
    settings: NotificationSettings;
    event: EmailEventKey;
    /** The outbox `kind`; the event key unless an older name must be kept. */
    kind?: string;
    facts: TicketFacts;
    to: TicketEmailRecipient;
    /** Copied on the same mail (shared mode): turns off per-recipient links and rating links. */
    cc?: TicketEmailRecipient[];
    whatHappened: string;
    whatHappenedShort: string;
    originator: string;
    body?: string;
    messageId?: number | null;
    attachmentIds?: number[];
    now: Date;
  },
): Promise<OutboundEmail | null> {
  const definition = emailEvents[input.event];
  if (definition.automatic && !input.settings.emailEnabled) return null;
  const { facts, mail, to, now } = input;
  const cc = input.cc ?? [];
  const isShared = cc.length > 0;
  const ticketRef = formatTicketNumber(facts.ticket.number);
  const appUrl = mail.portal?.appUrl ?? null;

  let url = "";
  if (to.kind === "agent") {
    url = appUrl ? consoleTicketUrl(appUrl, ticketRef) : "";
  } else if (to.kind === "requester") {
    url =
      (await requesterPortalUrl(tx, {
        portal: mail.portal,
        contactId: facts.requester.id,
        ticketId: facts.ticket.id,
        sharedWithOthers: isShared,
        now,
      })) ?? "";
  } else if (appUrl) {
    url = portalRequestLinkUrl(appUrl);
  }
  const ratingKey = mail.portal?.linkKey;
  const context: MaskContext = {
    audience: definition.audience,
    recipient: to,
    recipients: [to, ...cc],
    whatHappened: input.whatHappened,
    whatHappenedShort: input.whatHappenedShort,
    originator: input.originator,
    body: input.body,
    messageId: input.messageId,
    url,
    ratingLinks:
      to.kind === "requester" && !isShared && appUrl && ratingKey
        ? ratingScores.map(({ label, score }) => ({
            label,
            // Signed one-click link: names this ticket, this requester and the score.
            url: ratingLinkUrl(
              appUrl,
              signRatingToken(ratingKey, {
                ticketId: facts.ticket.id,
                contactId: facts.requester.id,
                score,
                now,
              }),
            ),
          }))
        : null,
    unsubscribeUrl:
      to.kind === "subscriber" && !isShared && appUrl && mail.portal
        ? unsubscribeUrl(
            appUrl,
            signUnsubscribeToken(mail.portal.linkKey, {
              ticketId: facts.ticket.id,
              email: to.email,
            }),
          )
        : null,
  };

  const rendered = await renderFor(tx, input.event, facts, context, mail);
  if (!rendered) return null;

  const skipReason = definition.automatic ? await suppressionOf(tx, to.email) : null;
  return enqueueEmail(tx, {
    mail,
    kind: input.kind ?? input.event,
    ticket: facts.ticket,
    messageId: input.messageId ?? null,
    to: [{ email: to.email, name: to.name }],
    cc: cc.map((c) => ({ email: c.email, name: c.name })),
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    automatic: definition.automatic,
    attachmentIds: input.attachmentIds,
    skipReason,
    now,
  });
}

async function renderFor(
  tx: Database,
  event: EmailEventKey,
  facts: TicketFacts,
  context: MaskContext,
  mail: MailSettings,
): Promise<RenderedEmail | null> {
  const ticketRef = formatTicketNumber(facts.ticket.number);
  const layout = {
    brand: await brandOf(tx, facts.ticket.mailboxId, mail),
    footer:
      context.audience === "agent"
        ? `${ticketRef} · sent by the helpdesk's notification settings`
        : `${ticketRef} · reply to this email to add to the conversation`,
  };
  let data = buildTicketMaskData(facts, context);
  // A mailbox's acknowledgement message is itself admin-written and may use masks (#URL#); other
  // bodies are people's words and are never read as templates.
  if (event === "acknowledgement" && context.body) {
    const body = renderMasks(context.body, data, "text").output;
    data = { ...data, values: { ...data.values, Body: body } };
  }
  const template = await getEmailTemplate(tx, event);
  try {
    return renderEmail(template, data, layout);
  } catch (error) {
    console.error(`[mail] the "${event}" template failed to render; using the default`, error);
    return renderEmail(defaultTemplate(event), data, layout);
  }
}

async function brandOf(
  tx: Database,
  mailboxId: number | null,
  mail: MailSettings,
): Promise<string> {
  if (mailboxId !== null) {
    const [mailbox] = await tx
      .select({ name: mailboxes.name })
      .from(mailboxes)
      .where(eq(mailboxes.id, mailboxId));
    if (mailbox?.name) return mailbox.name;
  }
  return mail.from.name || "Helpdesk";
}

/** Why automatic mail to this address is not sent (it hard-bounced), or null. */
export async function suppressionOf(tx: Database, email: string): Promise<string | null> {
  const [contact] = await tx
    .select({ reason: contacts.suppressionReason })
    .from(contacts)
    .where(
      and(eq(sql`lower(${contacts.email})`, email.toLowerCase()), isNotNull(contacts.suppressedAt)),
    );
  if (!contact) return null;
  return `Not sent: mail to ${email} bounced${contact.reason ? ` (${contact.reason})` : ""}.`;
}

/** The ticket's requester and subscribers as recipients, the requester first. */
export function requesterAndSubscribers(facts: TicketFacts): TicketEmailRecipient[] {
  return [
    { email: facts.requester.email, name: facts.requester.name, kind: "requester" as const },
    ...facts.subscribers
      .filter((s) => s.email.toLowerCase() !== facts.requester.email.toLowerCase())
      .map((s) => ({ email: s.email, name: s.name, kind: "subscriber" as const })),
  ];
}

/**
 * An email to a person that is not about one ticket (the portal sign-in link): the same template
 * store and renderer, with the ticket masks empty. Sent whatever the master switch says, because the
 * person asked for it; the caller decides about suppression.
 */
export async function renderContactEmail(
  tx: Database,
  input: {
    event: Extract<EmailEventKey, "portal_link">;
    mail: MailSettings;
    recipient: { email: string; name: string };
    url: string;
    whatHappened: string;
  },
): Promise<RenderedEmail | null> {
  const { firstName, lastName } = splitName(input.recipient.name);
  const empty = Object.fromEntries(Object.keys(sampleMaskData().values).map((key) => [key, ""]));
  const data: MaskData = {
    values: {
      ...empty,
      What_Happened: input.whatHappened,
      FirstName: firstName,
      LastName: lastName,
      Username: input.recipient.email,
      Recipients: input.recipient.name
        ? `${input.recipient.name} <${input.recipient.email}>`
        : input.recipient.email,
      URL: linkValue(input.url),
    },
    messages: [],
    customFields: [],
    ratingLinks: null,
  };
  const layout = { brand: input.mail.from.name || "Helpdesk", footer: "" };
  const template = await getEmailTemplate(tx, input.event);
  try {
    return renderEmail(template, data, layout);
  } catch (error) {
    console.error(
      `[mail] the "${input.event}" template failed to render; using the default`,
      error,
    );
    return renderEmail(defaultTemplate(input.event), data, layout);
  }
}
