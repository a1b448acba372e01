/**
 * Unsubscribe links (`#Unsubscribe#`): a token naming one ticket and one subscriber address,
 * HMAC-SHA256 signed with the portal-link key under its own domain label (so a portal token can
 * never pass as an unsubscribe token or the other way round). No expiry: an old email's link should
 * still let someone stop the mail. Pure; the route removes the subscriber.
 */
import crypto from "node:crypto";
import { z } from "zod";

const payloadSchema = z.object({
  t: z.number().int().positive(),
  e: z.email().max(320),
});

export type UnsubscribeClaims = { ticketId: number; email: string };

function mac(key: Buffer, payload: string): Buffer {
  return crypto.createHmac("sha256", key).update(`unsubscribe:v1:${payload}`).digest();
}

export function signUnsubscribeToken(key: Buffer, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(
    JSON.stringify(payloadSchema.parse({ t: claims.ticketId, e: claims.email.toLowerCase() })),
  ).toString("base64url");
  return `${payload}.${mac(key, payload).toString("base64url")}`;
}

export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaims | null {
  const match = /^([A-Za-z0-9_-]{1,800})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!match) return null;
  const [, payload, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, "base64url");
  const expected = mac(key, payload);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const parsed = payloadSchema.safeParse(
      JSON.parse(Buffer.from(payload, "base64url").toString("utf8")),
    );
    return parsed.success ? { ticketId: parsed.data.t, email: parsed.data.e } : null;
  } catch {
    return null;
  }
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
}
