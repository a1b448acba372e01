/**
 * Queues one templated email about a ticket: picks the event's template (admin's or default),
 * builds the recipient's links (portal or console URL, rating links, unsubscribe link), renders it
 * through the one renderer (lib/mail/templates/render-email.ts) and writes the outbox row in the
 * caller's transaction. Every email about a ticket goes through here — one at a time
 * (`queueTicketEmail`) or, for the batched timer sweep, many rendered together
 * (`prepareTicketEmails`), which is the same code.
 *
 * Rules applied here so that no caller can forget them:
 *  - automatic mail (notifications, acknowledgements, closed, reminders, auto-solve summaries,
 *    SLA notices) is not sent when the workspace switched email notifications off;
 *  - automatic mail to an address that hard-bounced is recorded as `skipped` with the reason;
 *  - an empty template sends nothing;
 *  - a template that fails to render, or renders what the outbox would refuse, falls back to the
 *    default (and the failure is logged).
 */
import "server-only";
import { and, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, mailboxes, type OutboundEmail } from "@/db/schema";
import { signedPortalUrl } from "@/lib/portal/links";
import { portalRequestLinkUrl } from "@/lib/portal/link-token";
import { splitName } from "@/lib/templates/masks";
import { formatTicketNumber } from "@/lib/tickets/ref";
import type { NotificationSettings } from "@/lib/notifications/settings";
import { enqueueEmail, enqueueEmailSchema, type EnqueueEmailRequest } from "./outbox";
import type { MailSettings } from "./settings";
import { emailEvents, type EmailEventKey } from "./templates/events";
import { linkValue, renderMasks, type MaskData } from "./templates/masks";
import { renderEmail, type RenderedEmail } from "./templates/render-email";
import { sampleMaskData } from "./templates/sample";
import {
  defaultTemplate,
  getEmailTemplate,
  getEmailTemplates,
  type EmailTemplate,
} from "./templates/store";
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

export type TicketEmailInput = {
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
};

export async function queueTicketEmail(
  tx: Database,
  input: TicketEmailInput,
): Promise<OutboundEmail | null> {
  const [request] = await prepareTicketEmails(tx, [input]);
  return request ? enqueueEmail(tx, request) : null;
}

/**
 * The outbox requests of many ticket emails, rendered in memory after a handful of queries for all
 * of them (templates, mailbox names, suppressed addresses, requesters' portal token versions);
 * null where no email is sent (switched off, empty template). `queueTicketEmail` is this with one
 * email; the batched timer sweep writes the requests with one multi-row insert (`enqueueEmails`).
 */
export async function prepareTicketEmails(
  tx: Database,
  inputs: TicketEmailInput[],
): Promise<(EnqueueEmailRequest | null)[]> {
  const sent = inputs.filter(
    (input) => !emailEvents[input.event].automatic || input.settings.emailEnabled,
  );
  const lookups = await loadLookups(tx, sent);
  return inputs.map((input) => (sent.includes(input) ? buildTicketEmail(input, lookups) : null));
}

type Lookups = {
  templates: Map<EmailEventKey, EmailTemplate>;
  mailboxNames: Map<number, string>;
  /** Lower-cased address → why automatic mail to it is not sent. */
  suppressed: Map<string, string>;
  portalTokenVersions: Map<number, number>;
};

async function loadLookups(tx: Database, inputs: TicketEmailInput[]): Promise<Lookups> {
  const unique = <T>(list: T[]) => [...new Set(list)];
  const events = unique(inputs.map((i) => i.event));
  const mailboxIds = unique(
    inputs.flatMap((i) => (i.facts.ticket.mailboxId === null ? [] : [i.facts.ticket.mailboxId])),
  );
  const automaticTo = unique(
    inputs.filter((i) => emailEvents[i.event].automatic).map((i) => i.to.email.toLowerCase()),
  );
  const signedFor = unique(
    inputs.filter((i) => needsSignedPortalLink(i)).map((i) => i.facts.requester.id),
  );
  const [templates, mailboxRows, suppressedRows, contactRows] = await Promise.all([
    getEmailTemplates(tx, events),
    mailboxIds.length === 0
      ? []
      : tx
          .select({ id: mailboxes.id, name: mailboxes.name })
          .from(mailboxes)
          .where(inArray(mailboxes.id, mailboxIds)),
    automaticTo.length === 0
      ? []
      : tx
          .select({ email: contacts.email, reason: contacts.suppressionReason })
          .from(contacts)
          .where(
            and(
              inArray(sql`lower(${contacts.email})`, automaticTo),
              isNotNull(contacts.suppressedAt),
            ),
          ),
    signedFor.length === 0
      ? []
      : tx
          .select({ id: contacts.id, version: contacts.portalTokenVersion })
          .from(contacts)
          .where(inArray(contacts.id, signedFor)),
  ]);
  return {
    templates,
    mailboxNames: new Map(mailboxRows.map((m) => [m.id, m.name])),
    suppressed: new Map(
      suppressedRows.map((c) => [c.email.toLowerCase(), suppressionText(c.email, c.reason)]),
    ),
    portalTokenVersions: new Map(contactRows.map((c) => [c.id, c.version])),
  };
}

/** A mail to the requester alone, with autologin links on: `#URL#` signs them in. */
function needsSignedPortalLink(input: TicketEmailInput): boolean {
  return (
    input.to.kind === "requester" &&
    (input.cc ?? []).length === 0 &&
    Boolean(input.mail.portal) &&
    input.settings.autologinLinks
  );
}

/** Pure: one email's links, masks and rendering, from what `loadLookups` found. */
function buildTicketEmail(input: TicketEmailInput, lookups: Lookups): EnqueueEmailRequest | null {
  const definition = emailEvents[input.event];
  const { facts, mail, to, now } = input;
  const cc = input.cc ?? [];
  const isShared = cc.length > 0;
  const ticketRef = formatTicketNumber(facts.ticket.number);
  const appUrl = mail.portal?.appUrl ?? null;

  let url = "";
  if (to.kind === "agent") {
    url = appUrl ? consoleTicketUrl(appUrl, ticketRef) : "";
  } else if (to.kind === "requester") {
    // Signed (lib/portal/links.ts) when the switch allows and the mail is
    // the requester's alone, otherwise the page where they ask for a link.
    const version = lookups.portalTokenVersions.get(facts.requester.id);
    if (mail.portal) {
      url =
        needsSignedPortalLink(input) && version !== undefined
          ? signedPortalUrl(mail.portal, {
              contactId: facts.requester.id,
              tokenVersion: version,
              ticketId: facts.ticket.id,
              now,
            })
          : portalRequestLinkUrl(mail.portal.appUrl);
    }
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

  const layout = {
    brand:
      (facts.ticket.mailboxId !== null && lookups.mailboxNames.get(facts.ticket.mailboxId)) ||
      mail.from.name ||
      "Helpdesk",
    footer:
      context.audience === "agent"
        ? `${ticketRef} · sent by the helpdesk's notification settings`
        : `${ticketRef} · reply to this email to add to the conversation`,
  };
  let data = buildTicketMaskData(facts, context);
  // A mailbox's acknowledgement message is itself admin-written and may use masks (#URL#); other
  // bodies are people's words and are never read as templates.
  if (input.event === "acknowledgement" && context.body) {
    const body = renderMasks(context.body, data, "text").output;
    data = { ...data, values: { ...data.values, Body: body } };
  }
  const template = lookups.templates.get(input.event) ?? defaultTemplate(input.event);
  const rendered = renderWithFallback(input.event, template, data, layout);
  if (!rendered) return null;

  return {
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
    skipReason: definition.automatic
      ? (lookups.suppressed.get(to.email.toLowerCase()) ?? null)
      : null,
    now,
  };
}

/** What the outbox accepts of a rendered email (lib/mail/outbox.ts): checked before it gets there. */
const renderedEmailSchema = enqueueEmailSchema.pick({ subject: true, text: true, html: true });

/**
 * The admin's template, or the default when it cannot be used: rendering threw, or it produced an
 * email the outbox would refuse (a subject that is empty for this ticket — `#Category#` on a ticket
 * without one — or too long). Refusing would roll back the change that caused the mail (a new
 * ticket, a reply), so the default goes instead and the failure is logged for the admin to fix.
 * An empty template is not a failure: it turns the email off (null).
 */
function renderWithFallback(
  event: EmailEventKey,
  template: { subject: string; body: string; isDefault: boolean },
  data: MaskData,
  layout: { brand: string; footer: string },
): RenderedEmail | null {
  try {
    const rendered = renderEmail(template, data, layout);
    if (!rendered) return null;
    const checked = renderedEmailSchema.safeParse(rendered);
    if (checked.success || template.isDefault) return rendered;
    const issue = checked.error.issues[0];
    throw new Error(
      `the rendered ${issue?.path.join(".") ?? "email"} ${issue?.message ?? "is invalid"}`,
    );
  } catch (error) {
    if (template.isDefault) throw error;
    console.error(`[mail] the "${event}" template failed to render; using the default`, error);
    return renderEmail(defaultTemplate(event), data, layout);
  }
}

/** Why automatic mail to this address is not sent (it hard-bounced). */
function suppressionText(email: string, reason: string | null): string {
  return `Not sent: mail to ${email} bounced${reason ? ` (${reason})` : ""}.`;
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
  return renderWithFallback(input.event, template, data, layout);
}
