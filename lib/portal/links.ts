/**
 * Which portal address a mail to a requester carries: a signed autologin link (scoped to the ticket
 * when there is one) when the workspace setting `notifications.autologinLinks` is on, otherwise the
 * page where the requester asks for a link by email. Called inside the transaction that queues the
 * mail, so the link carries the contact's current token version.
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts } from "@/db/schema";
import type { PortalLinkSettings } from "@/lib/mail/settings";
import { getSetting } from "@/lib/settings";
import { portalLinkUrl, portalRequestLinkUrl, signPortalLink } from "./link-token";

/** A signed autologin URL for this contact (and ticket), whatever the setting says. */
export function signedPortalUrl(
  portal: PortalLinkSettings,
  input: { contactId: number; tokenVersion: number; ticketId?: number; now?: Date },
): string {
  return portalLinkUrl(portal.appUrl, signPortalLink(portal.linkKey, input));
}

/** The URL for `#URL#` in a mail to this requester; null when the caller has no portal settings. */
export async function requesterPortalUrl(
  tx: Database,
  input: {
    portal: PortalLinkSettings | undefined;
    contactId: number;
    ticketId?: number;
    /** Others get the same mail (Cc): a link that signs in as the requester must not reach them. */
    sharedWithOthers?: boolean;
    now?: Date;
  },
): Promise<string | null> {
  const { portal } = input;
  if (!portal) return null;
  if (input.sharedWithOthers || !(await getSetting(tx, "notifications.autologinLinks"))) {
    return portalRequestLinkUrl(portal.appUrl);
  }
  const [contact] = await tx
    .select({ version: contacts.portalTokenVersion })
    .from(contacts)
    .where(eq(contacts.id, input.contactId));
  if (!contact) return portalRequestLinkUrl(portal.appUrl);
  return signedPortalUrl(portal, {
    contactId: input.contactId,
    tokenVersion: contact.version,
    ticketId: input.ticketId,
    now: input.now,
  });
}
