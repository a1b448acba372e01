/**
 * Customer satisfaction ratings recorded from the signed one-click links of the "ticket closed"
 * email, and read back for agents (the ticket sidebar, the requester's recent ratings). The token is
 * the authority for the public side: it names the ticket, the contact it was mailed to and the score,
 * so one click records (or replaces) the rating with no session; the follow-up comment form posts the
 * same token. The portal's own rating form (lib/portal/requester-actions.ts) writes the same rows.
 */
import "server-only";
import { and, avg, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { csatRatings, tickets } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { isFinished } from "@/lib/portal/status-text";
import { recordEvent } from "@/lib/tickets/history";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { ratingChoices, verifyRatingToken, type RatingClaims } from "./rating-token";

export const ratingTokenSchema = z
  .string({ error: "The rating link is incomplete." })
  .trim()
  .min(1, { error: "The rating link is incomplete." })
  .max(1000, { error: "The rating link is not valid." });

export const ratingCommentSchema = z.object({
  token: ratingTokenSchema,
  comment: z
    .string({ error: "Write a comment." })
    .trim()
    .min(1, { error: "Write a comment." })
    .max(5000, { error: "Keep the comment under 5000 characters." }),
});

export type RecordedRating = {
  ticketId: number;
  ticketRef: string;
  subject: string;
  score: number;
  label: string;
  comment: string;
};

export function ratingLabel(score: number): string {
  return ratingChoices.find((choice) => choice.score === score)?.label ?? `${score} of 5`;
}

const reasons: Record<"malformed" | "bad-signature" | "expired", string> = {
  malformed: "This rating link is not valid. Copy the whole link from the email.",
  "bad-signature": "This rating link is not valid. Copy the whole link from the email.",
  expired: "This rating link has expired. Reply to the email to tell us how we did.",
};

async function claimsFor(
  tx: Database,
  input: { key: Buffer; token: string; now: Date },
): Promise<{ claims: RatingClaims; ticket: { id: number; number: number; subject: string } }> {
  const token = ratingTokenSchema.safeParse(input.token);
  if (!token.success) throw new DomainError("INVALID", reasons.malformed);
  const verdict = verifyRatingToken(input.key, token.data, input.now);
  if (!verdict.ok) throw new DomainError("INVALID", reasons[verdict.reason]);
  const { claims } = verdict;
  const [ticket] = await tx
    .select()
    .from(tickets)
    .where(eq(tickets.id, claims.ticketId))
    .for("update");
  // A link only ever rates the ticket it was mailed about, by the requester it was mailed to.
  if (!ticket || ticket.requesterId !== claims.contactId || ticket.deletedAt) {
    throw new DomainError("NOT_FOUND", "This request can no longer be rated.");
  }
  if (ticket.mergedIntoId !== null) {
    throw new DomainError("CONFLICT", "This request was merged into another one.");
  }
  if (!isFinished(ticket.status)) {
    throw new DomainError(
      "CONFLICT",
      "This request was reopened; you can rate it once it is solved.",
    );
  }
  return { claims, ticket };
}

/** One click: records the link's score, replacing an earlier rating (its comment is kept). */
export async function rateByToken(
  db: Database,
  input: { key: Buffer; token: string; now?: Date },
): Promise<RecordedRating> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { claims, ticket } = await claimsFor(tx, { ...input, now });
    // Opening the same link again (or the thank-you page reloading) changes nothing.
    const [existing] = await tx
      .select()
      .from(csatRatings)
      .where(eq(csatRatings.ticketId, ticket.id));
    if (existing && existing.score === claims.score && existing.contactId === claims.contactId) {
      return describe(ticket, existing);
    }
    const [row] = await tx
      .insert(csatRatings)
      .values({
        ticketId: ticket.id,
        contactId: claims.contactId,
        score: claims.score,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: csatRatings.ticketId,
        set: { score: claims.score, contactId: claims.contactId, updatedAt: now },
      })
      .returning();
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor: { type: "requester", contactId: claims.contactId },
      type: "csat.rated",
      data: { score: claims.score, via: "email-link" },
      at: now,
    });
    return describe(ticket, row!);
  });
}

/** The thank-you page's comment form: stores the comment next to the link's score. */
export async function commentByToken(
  db: Database,
  input: { key: Buffer; token: string; comment: string; now?: Date },
): Promise<RecordedRating> {
  const parsed = ratingCommentSchema.safeParse({ token: input.token, comment: input.comment });
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Check the comment.");
  }
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { claims, ticket } = await claimsFor(tx, {
      key: input.key,
      token: parsed.data.token,
      now,
    });
    const [row] = await tx
      .insert(csatRatings)
      .values({
        ticketId: ticket.id,
        contactId: claims.contactId,
        score: claims.score,
        comment: parsed.data.comment,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: csatRatings.ticketId,
        set: { score: claims.score, comment: parsed.data.comment, updatedAt: now },
      })
      .returning();
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor: { type: "requester", contactId: claims.contactId },
      type: "csat.commented",
      data: { score: claims.score },
      at: now,
    });
    return describe(ticket, row!);
  });
}

function describe(
  ticket: { id: number; number: number; subject: string },
  row: { score: number; comment: string },
): RecordedRating {
  return {
    ticketId: ticket.id,
    ticketRef: formatTicketNumber(ticket.number),
    subject: ticket.subject,
    score: row.score,
    label: ratingLabel(row.score),
    comment: row.comment,
  };
}

export type TicketRating = { score: number; label: string; comment: string; ratedAt: Date };

/** The ticket's rating for the agent sidebar, or null. */
export async function getTicketRating(
  db: Database,
  input: { actor: Actor; ticketId: number },
): Promise<TicketRating | null> {
  assertUserCan(input.actor, "tickets.view");
  const [row] = await db.select().from(csatRatings).where(eq(csatRatings.ticketId, input.ticketId));
  if (!row) return null;
  return {
    score: row.score,
    label: ratingLabel(row.score),
    comment: row.comment,
    ratedAt: row.updatedAt,
  };
}

export type ContactRatings = {
  count: number;
  /** Mean score (1…5), null with no ratings. */
  average: number | null;
  recent: (TicketRating & { ticketRef: string; subject: string })[];
};

/** A contact's ratings across their tickets: how many, the average and the latest few. */
export async function getContactRatings(
  db: Database,
  input: { actor: Actor; contactId: number; limit?: number },
): Promise<ContactRatings> {
  assertUserCan(input.actor, "tickets.view");
  const mine = and(
    eq(csatRatings.contactId, input.contactId),
    eq(tickets.requesterId, input.contactId),
  );
  const [totals] = await db
    .select({ count: count(), average: avg(csatRatings.score) })
    .from(csatRatings)
    .innerJoin(tickets, eq(tickets.id, csatRatings.ticketId))
    .where(mine);
  const rows = await db
    .select({
      score: csatRatings.score,
      comment: csatRatings.comment,
      ratedAt: csatRatings.updatedAt,
      number: tickets.number,
      subject: tickets.subject,
    })
    .from(csatRatings)
    .innerJoin(tickets, eq(tickets.id, csatRatings.ticketId))
    .where(mine)
    .orderBy(desc(csatRatings.updatedAt))
    .limit(input.limit ?? 5);
  const total = Number(totals?.count ?? 0);
  return {
    count: total,
    average: total > 0 && totals?.average != null ? Number(totals.average) : null,
    recent: rows.map((row) => ({
      score: row.score,
      label: ratingLabel(row.score),
      comment: row.comment,
      ratedAt: row.ratedAt,
      ticketRef: formatTicketNumber(row.number),
      subject: row.subject,
    })),
  };
}
