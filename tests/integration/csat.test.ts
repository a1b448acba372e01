/**
 * CSAT one-click ratings: the "ticket closed" email's Good / OK / Bad links are signed, one click
 * records the score (another click replaces it), the thank-you page's comment is saved, tampered,
 * expired or borrowed links record nothing, and agents see the rating on the ticket and the contact.
 */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { csatRatings, outboundEmails, ticketEvents } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { RATING_LINK_TTL_MS, signRatingToken, verifyRatingToken } from "@/lib/csat/rating-token";
import {
  commentByToken,
  getContactRatings,
  getTicketRating,
  rateByToken,
} from "@/lib/csat/ratings";
import { DomainError } from "@/lib/errors";
import { derivePortalLinkKey } from "@/lib/portal/link-token";
import { createTicket } from "@/lib/tickets/create-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const t = setUpTestDatabase();

const mail = testMailSettings;
const key = mail.portal!.linkKey;
let alice: UserActor;

beforeEach(async () => {
  alice = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});

async function closedTicket(requester = { email: "casey@example.test", name: "Casey Customer" }) {
  const { ticket } = await createTicket(t.db, {
    actor: alice,
    mail,
    subject: `Printer on fire for ${requester.name}`,
    body: "It smokes.",
    requester,
    channel: "phone",
  });
  await updateTicket(t.db, {
    actor: alice,
    ticket: { id: ticket.id },
    patch: { status: "closed" },
    mail,
  });
  const [closed] = (await t.db.select().from(outboundEmails)).filter(
    (row) => row.kind === "ticket_closed" && row.ticketId === ticket.id,
  );
  const links = [
    ...closed!.textBody.matchAll(/http:\/\/helpdesk\.test\/rate\?token=([^\s)>\]]+)/g),
  ];
  return {
    ticket,
    tokens: links.map((match) => decodeURIComponent(match[1]!)),
  };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("rating tokens", () => {
  it("verify what was signed, and refuse a changed, foreign-key or expired token", () => {
    const now = new Date("2026-11-01T10:00:00Z");
    const token = signRatingToken(key, { ticketId: 7, contactId: 3, score: 5, now });
    const verdict = verifyRatingToken(key, token, now);
    expect(verdict).toMatchObject({ ok: true, claims: { ticketId: 7, contactId: 3, score: 5 } });

    const [payload, signature] = token.split(".");
    const changed = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), s: 1 }),
    ).toString("base64url");
    expect(verifyRatingToken(key, `${changed}.${signature}`, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(
      verifyRatingToken(derivePortalLinkKey("another-secret-long-enough"), token, now),
    ).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(
      verifyRatingToken(key, token, new Date(now.getTime() + RATING_LINK_TTL_MS + 1000)),
    ).toEqual({ ok: false, reason: "expired" });
    expect(verifyRatingToken(key, "not a token", now)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("one-click ratings", () => {
  it("the closed email's Good link records 5; clicking Bad afterwards replaces it with 1", async () => {
    const { ticket, tokens } = await closedTicket();
    expect(tokens).toHaveLength(3);
    const [good, ok, bad] = tokens.map((token) => verifyRatingToken(key, token));
    expect([good, ok, bad].map((v) => (v!.ok ? v!.claims.score : null))).toEqual([5, 3, 1]);

    const first = await rateByToken(t.db, { key, token: tokens[0]! });
    expect(first).toMatchObject({ score: 5, label: "Good", ticketId: ticket.id });
    let rows = await t.db.select().from(csatRatings);
    expect(rows.map((r) => [r.ticketId, r.contactId, r.score])).toEqual([
      [ticket.id, ticket.requesterId, 5],
    ]);

    // The same link again changes nothing; another link replaces the score.
    await rateByToken(t.db, { key, token: tokens[0]! });
    const rated = await t.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "csat.rated")));
    expect(rated).toHaveLength(1);
    await rateByToken(t.db, { key, token: tokens[2]! });
    rows = await t.db.select().from(csatRatings);
    expect(rows.map((r) => r.score)).toEqual([1]);
  });

  it("the comment is saved with the score and shown to agents on the ticket and the contact", async () => {
    const { ticket, tokens } = await closedTicket();
    await rateByToken(t.db, { key, token: tokens[1]! });
    const saved = await commentByToken(t.db, {
      key,
      token: tokens[1]!,
      comment: "  Slow but fine.  ",
    });
    expect(saved).toMatchObject({ score: 3, label: "OK", comment: "Slow but fine." });

    // Clicking another link later keeps the comment.
    await rateByToken(t.db, { key, token: tokens[0]! });
    const rating = await getTicketRating(t.db, { actor: alice, ticketId: ticket.id });
    expect(rating).toMatchObject({ score: 5, label: "Good", comment: "Slow but fine." });
    expect(rating!.ratedAt).toBeInstanceOf(Date);

    const other = await closedTicket();
    await rateByToken(t.db, { key, token: other.tokens[2]! });
    const contact = await getContactRatings(t.db, { actor: alice, contactId: ticket.requesterId });
    expect(contact.count).toBe(2);
    expect(contact.average).toBe(3);
    expect(contact.recent.map((r) => r.label).sort()).toEqual(["Bad", "Good"]);

    const empty = await refusal(commentByToken(t.db, { key, token: tokens[0]!, comment: "   " }));
    expect(empty.message).toBe("Write a comment.");
  });

  it("a tampered or expired link records nothing and says why", async () => {
    const { tokens } = await closedTicket();
    const [payload, signature] = tokens[2]!.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const upgraded = `${Buffer.from(JSON.stringify({ ...claims, s: 5 })).toString("base64url")}.${signature}`;
    const tampered = await refusal(rateByToken(t.db, { key, token: upgraded }));
    expect(tampered.message).toMatch(/not valid/);

    const later = new Date(Date.now() + RATING_LINK_TTL_MS + 60_000);
    const expired = await refusal(rateByToken(t.db, { key, token: tokens[0]!, now: later }));
    expect(expired.message).toMatch(/expired/);
    expect(await t.db.select().from(csatRatings)).toEqual([]);
  });

  it("A's link cannot rate B's ticket", async () => {
    const a = await closedTicket({ email: "ann@example.test", name: "Ann A" });
    const b = await closedTicket({ email: "ben@example.test", name: "Ben B" });

    // Pointing A's token at B's ticket breaks the signature.
    const [payload, signature] = a.tokens[2]!.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const moved = `${Buffer.from(JSON.stringify({ ...claims, t: b.ticket.id })).toString("base64url")}.${signature}`;
    await refusal(rateByToken(t.db, { key, token: moved }));
    await refusal(commentByToken(t.db, { key, token: moved, comment: "Terrible" }));

    // Even a correctly signed token naming A as the rater of B's ticket is refused.
    const forged = signRatingToken(key, {
      ticketId: b.ticket.id,
      contactId: a.ticket.requesterId,
      score: 1,
    });
    const refused = await refusal(rateByToken(t.db, { key, token: forged }));
    expect(refused.message).toBe("This request can no longer be rated.");
    expect(
      await t.db.select().from(csatRatings).where(eq(csatRatings.ticketId, b.ticket.id)),
    ).toEqual([]);
  });
});
