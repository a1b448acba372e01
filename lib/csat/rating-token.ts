/**
 * One-click rating links (`#RatingLinks#` in the "ticket closed" email): a token naming one ticket,
 * the contact it was mailed to, the score (5 Good, 3 OK, 1 Bad) and an expiry (30 days). HMAC-SHA256
 * signed with the portal-link key (derived from AUTH_SECRET) under its own domain label, so neither
 * a portal sign-in token nor an unsubscribe token can pass as a rating token. Pure: the caller
 * (lib/csat/ratings.ts) checks the ticket and contact against the database.
 */
import crypto from "node:crypto";
import { z } from "zod";

/** Rating links stay valid for thirty days after the email was written. */
export const RATING_LINK_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The scores the links record (csat_ratings.score is 1…5). */
export const ratingChoices = [
  { label: "Good", score: 5 },
  { label: "OK", score: 3 },
  { label: "Bad", score: 1 },
] as const;

export type RatingScore = (typeof ratingChoices)[number]["score"];

const payloadSchema = z.object({
  t: z.number().int().positive(),
  c: z.number().int().positive(),
  s: z.union([z.literal(5), z.literal(3), z.literal(1)]),
  e: z.number().int().positive(),
});

export type RatingClaims = {
  ticketId: number;
  contactId: number;
  score: RatingScore;
  expiresAt: Date;
};

export type RatingTokenVerdict =
  | { ok: true; claims: RatingClaims }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

function mac(key: Buffer, payload: string): string {
  return crypto.createHmac("sha256", key).update(`csat-rating:v1:${payload}`).digest("base64url");
}

export function signRatingToken(
  key: Buffer,
  input: { ticketId: number; contactId: number; score: RatingScore; now?: Date },
): string {
  const now = input.now ?? new Date();
  const claims = payloadSchema.parse({
    t: input.ticketId,
    c: input.contactId,
    s: input.score,
    e: Math.floor((now.getTime() + RATING_LINK_TTL_MS) / 1000),
  });
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(key, payload)}`;
}

export function verifyRatingToken(
  key: Buffer,
  token: string,
  now = new Date(),
): RatingTokenVerdict {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compared as text: base64url's last character carries unused bits.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, payload));
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad-signature" };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const expiresAt = new Date(parsed.data.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    claims: {
      ticketId: parsed.data.t,
      contactId: parsed.data.c,
      score: parsed.data.s,
      expiresAt,
    },
  };
}

/** Where a rating link lands: `/rate?token=…` records the score and offers a comment box. */
export function ratingLinkUrl(appUrl: string, token: string): string {
  return `${appUrl}/rate?token=${encodeURIComponent(token)}`;
}
