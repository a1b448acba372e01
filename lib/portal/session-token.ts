/**
 * The portal session cookie's value: contact id, the contact's portal token version and an expiry,
 * HMAC-SHA256 signed with a key of its own (derived from AUTH_SECRET, separate from the link key and
 * from the agents' Auth.js session). Pure; the caller compares the version with the contact row, so
 * "sign out everywhere" and an agent's revocation end every session at once.
 */
import crypto from "node:crypto";
import { z } from "zod";

export const PORTAL_SESSION_COOKIE = "helpdesk_portal";
/** A portal session lasts two weeks after the link was opened; a new link starts a new one. */
export const PORTAL_SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

const claimsSchema = z.object({
  c: z.number().int().positive(),
  v: z.number().int().positive(),
  e: z.number().int().positive(),
});

export type PortalSessionClaims = { contactId: number; tokenVersion: number; expiresAt: Date };

export function derivePortalSessionKey(authSecret: string): Buffer {
  return Buffer.from(
    crypto.hkdfSync("sha256", authSecret, "helpdesk", "helpdesk/portal-session/v1", 32),
  );
}

function mac(key: Buffer, payload: string): Buffer {
  return crypto.createHmac("sha256", key).update(`portal-session:v1:${payload}`).digest();
}

export function signPortalSession(
  key: Buffer,
  input: { contactId: number; tokenVersion: number; now?: Date },
): { value: string; expiresAt: Date } {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_TTL_MS);
  const claims = claimsSchema.parse({
    c: input.contactId,
    v: input.tokenVersion,
    e: Math.floor(expiresAt.getTime() / 1000),
  });
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return { value: `${payload}.${mac(key, payload).toString("base64url")}`, expiresAt };
}

/** The claims of a well-signed, unexpired value; null for anything else. */
export function verifyPortalSession(
  key: Buffer,
  value: string | undefined | null,
  now = new Date(),
): PortalSessionClaims | null {
  if (!value) return null;
  const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compared as text: base64url's last character carries unused bits, so comparing decoded bytes
  // would accept several spellings of one signature.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, payload).toString("base64url"));
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = claimsSchema.safeParse(decoded);
  if (!parsed.success) return null;
  const expiresAt = new Date(parsed.data.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return null;
  return { contactId: parsed.data.c, tokenVersion: parsed.data.v, expiresAt };
}
