/**
 * Who is in the portal: exchanging an emailed link for a session, turning a session cookie back into
 * a requester, and revoking both ("sign out everywhere", an agent's "revoke portal links"). A link or
 * session counts only while it carries the contact's current `portal_token_version`.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, tickets } from "@/db/schema";
import { assertUserCan, type Actor, type RequesterActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { addSystemMessage, recordEvent } from "@/lib/tickets/history";
import { verifyPortalLink } from "./link-token";
import type { PortalSessionClaims } from "./session-token";

export type LinkExchange =
  | { ok: true; actor: RequesterActor; tokenVersion: number; ticketNumber: number | null }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" | "revoked" };

export async function exchangePortalLink(
  db: Database,
  input: { linkKey: Buffer; token: string; now?: Date },
): Promise<LinkExchange> {
  const verdict = verifyPortalLink(input.linkKey, input.token, input.now);
  if (!verdict.ok) return verdict;
  const { claims } = verdict;
  const [contact] = await db
    .select({ id: contacts.id, email: contacts.email, version: contacts.portalTokenVersion })
    .from(contacts)
    .where(eq(contacts.id, claims.contactId));
  if (!contact || contact.version !== claims.tokenVersion) return { ok: false, reason: "revoked" };
  let ticketNumber: number | null = null;
  if (claims.ticketId !== undefined) {
    const [ticket] = await db
      .select({ number: tickets.number, requesterId: tickets.requesterId })
      .from(tickets)
      .where(eq(tickets.id, claims.ticketId));
    // A ticket that moved to another requester since: the link still signs in, to the list.
    if (ticket && ticket.requesterId === contact.id) ticketNumber = ticket.number;
  }
  return {
    ok: true,
    actor: { type: "requester", contactId: contact.id, email: contact.email },
    tokenVersion: contact.version,
    ticketNumber,
  };
}

/** The requester of a verified session cookie, or null once their links were revoked. */
export async function resolvePortalSession(
  db: Database,
  claims: PortalSessionClaims | null,
): Promise<RequesterActor | null> {
  if (!claims) return null;
  const [contact] = await db
    .select({ id: contacts.id, email: contacts.email, version: contacts.portalTokenVersion })
    .from(contacts)
    .where(eq(contacts.id, claims.contactId));
  if (!contact || contact.version !== claims.tokenVersion) return null;
  return { type: "requester", contactId: contact.id, email: contact.email };
}

/** "Sign out everywhere": every link and session of this requester stops working. */
export async function signOutEverywhere(
  db: Database,
  input: { actor: RequesterActor; now?: Date },
): Promise<void> {
  await db
    .update(contacts)
    .set({
      portalTokenVersion: sql`${contacts.portalTokenVersion} + 1`,
      updatedAt: input.now ?? new Date(),
    })
    .where(eq(contacts.id, input.actor.contactId));
}

/**
 * An agent revokes the portal access of a ticket's requester (a forwarded mail with a link reached
 * the wrong person): the version is bumped, and the ticket records who did it.
 */
export async function revokePortalLinks(
  db: Database,
  input: { actor: Actor; ticketNumber: number; now?: Date },
): Promise<{ contactId: number }> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id, requesterId: tickets.requesterId })
      .from(tickets)
      .where(eq(tickets.number, input.ticketNumber));
    if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
    await tx
      .update(contacts)
      .set({ portalTokenVersion: sql`${contacts.portalTokenVersion} + 1`, updatedAt: now })
      .where(eq(contacts.id, ticket.requesterId));
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "requester.portal_links_revoked",
      data: { contactId: ticket.requesterId },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: `${actor.name} revoked the requester's portal links`,
      at: now,
    });
    return { contactId: ticket.requesterId };
  });
}
