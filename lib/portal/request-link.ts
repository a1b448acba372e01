/**
 * "Email me a link": a requester without a working link enters their address. If it belongs to a
 * contact (and mail to it has not bounced), a fresh portal link is queued for it. The caller shows
 * the same answer either way, so the form reveals nothing about which addresses are customers.
 * Limited per address and per client address (rate_limit_events), counted before the lookup so that
 * the limit itself says nothing either.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { contacts } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { enqueueEmail } from "@/lib/mail/outbox";
import { renderContactEmail } from "@/lib/mail/ticket-emails";
import type { MailSettings } from "@/lib/mail/settings";
import {
  emailBucket,
  hitRateLimits,
  ipBucket,
  type RateLimitRule,
} from "@/lib/rate-limit/db-window";
import { signedPortalUrl } from "./links";

const HOUR_MS = 60 * 60 * 1000;
export const LINK_REQUESTS_PER_ADDRESS = 3;
export const LINK_REQUESTS_PER_IP = 20;

/** The one answer on screen, whether or not the address is known. */
export const LINK_SENT_MESSAGE =
  "If this address belongs to one of our customers, a link to the portal is on its way. Check your inbox in a minute.";

export const requestLinkSchema = z.object({
  email: z.email({ error: "Enter a valid email address." }).max(320),
});

export type LinkRequestOutcome =
  { status: "accepted"; outboundEmailIds: number[] } | { status: "rate-limited" };

export async function requestPortalLink(
  db: Database,
  input: { email: string; ip: string | null; mail: MailSettings; now?: Date },
): Promise<LinkRequestOutcome> {
  const parsed = requestLinkSchema.safeParse({ email: input.email.trim() });
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Invalid address.", {
      email: [parsed.error.issues[0]?.message ?? "Invalid address."],
    });
  }
  const { email } = parsed.data;
  const portal = input.mail.portal;
  if (!portal) throw new Error("portal link settings are missing from the mail settings");
  const now = input.now ?? new Date();

  const rules: RateLimitRule[] = [
    {
      bucket: emailBucket("portal-link", email),
      limit: LINK_REQUESTS_PER_ADDRESS,
      windowMs: HOUR_MS,
    },
  ];
  if (input.ip) {
    rules.push({
      bucket: ipBucket("portal-link", input.ip),
      limit: LINK_REQUESTS_PER_IP,
      windowMs: HOUR_MS,
    });
  }
  const verdict = await hitRateLimits(db, rules, now);
  if (!verdict.allowed) return { status: "rate-limited" };

  return db.transaction(async (tx) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(eq(sql`lower(${contacts.email})`, email.toLowerCase()));
    if (!contact || contact.suppressedAt) return { status: "accepted", outboundEmailIds: [] };
    // The editable "portal_link" template (Admin → Email templates); emptied, no mail is sent.
    const content = await renderContactEmail(tx, {
      event: "portal_link",
      mail: input.mail,
      recipient: { email: contact.email, name: contact.name },
      url: signedPortalUrl(portal, {
        contactId: contact.id,
        tokenVersion: contact.portalTokenVersion,
        now,
      }),
      whatHappened: "You asked for a link to the support portal",
    });
    if (!content) return { status: "accepted", outboundEmailIds: [] };
    const row = await enqueueEmail(tx, {
      mail: input.mail,
      kind: "portal_link",
      automatic: true,
      to: [{ email: contact.email, name: contact.name }],
      subject: content.subject,
      text: content.text,
      html: content.html,
      now,
    });
    return { status: "accepted", outboundEmailIds: [row.id] };
  });
}
