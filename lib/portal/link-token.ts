/**
 * Portal link tokens: what the autologin link in a requester's email carries. A token names the
 * contact, the contact's portal token version at signing time (bumping it revokes every earlier
 * link), optionally one ticket, and an expiry; it is HMAC-SHA256 signed with a key derived from
 * AUTH_SECRET. Verification here is pure (signature, shape, expiry); the caller still compares the
 * version with the contact row, so a revoked link fails even though its signature is good.
 */
import crypto from "node:crypto";
import { z } from "zod";

/** Links are valid for three days. */
export const PORTAL_LINK_TTL_MS = 3 * 24 * 60 * 60 * 1000;

const payloadSchema = z.object({
  /** contact id */
  c: z.number().int().positive(),
  /** contact's portal token version */
  v: z.number().int().positive(),
  /** ticket id the link is scoped to, if any */
  t: z.number().int().positive().optional(),
  /** expiry, epoch seconds */
  e: z.number().int().positive(),
});

export type PortalLinkClaims = {
  contactId: number;
  tokenVersion: number;
  ticketId: number | undefined;
  expiresAt: Date;
};

export type PortalLinkVerdict =
  | { ok: true; claims: PortalLinkClaims }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

export function derivePortalLinkKey(authSecret: string): Buffer {
  return Buffer.from(
    crypto.hkdfSync("sha256", authSecret, "helpdesk", "helpdesk/portal-link/v1", 32),
  );
}

function mac(key: Buffer, payload: string): Buffer {
  return crypto.createHmac("sha256", key).update(`portal-link:v1:${payload}`).digest();
}

export function signPortalLink(
  key: Buffer,
  input: { contactId: number; tokenVersion: number; ticketId?: number; now?: Date },
): string {
  const now = input.now ?? new Date();
  const claims = payloadSchema.parse({
    c: input.contactId,
    v: input.tokenVersion,
    t: input.ticketId,
    e: Math.floor((now.getTime() + PORTAL_LINK_TTL_MS) / 1000),
  });
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(key, payload).toString("base64url")}`;
}

export function verifyPortalLink(key: Buffer, token: string, now = new Date()): PortalLinkVerdict {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compared as text: base64url's last character carries unused bits, so comparing decoded bytes
  // would accept several spellings of one signature.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, payload).toString("base64url"));
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
      contactId: parsed.data.c,
      tokenVersion: parsed.data.v,
      ticketId: parsed.data.t,
      expiresAt,
    },
  };
}

/** The URL a requester clicks: exchanged for a portal session, then removed from the address bar. */
export function portalLinkUrl(appUrl: string, token: string): string {
  return `${appUrl}/portal/auth?token=${encodeURIComponent(token)}`;
}

/** Where a requester without a valid link asks for a new one. */
export function portalRequestLinkUrl(appUrl: string): string {
  return `${appUrl}/portal/link`;
}
