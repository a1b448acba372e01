/**
 * The web form's time check: the page embeds a signed "form shown at" timestamp in a hidden field;
 * a submission that comes back sooner than a person could fill the form in (or with a stamp that was
 * tampered with, or older than a day) is refused. Pure; keyed from AUTH_SECRET.
 */
import crypto from "node:crypto";

/** Nobody types a name, address, subject and description in under three seconds. */
export const MIN_FILL_MS = 3_000;
/** A form left open longer than this is shown again with a fresh stamp. */
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

export function deriveFormStampKey(authSecret: string): Buffer {
  return Buffer.from(
    crypto.hkdfSync("sha256", authSecret, "helpdesk", "helpdesk/web-form-stamp/v1", 32),
  );
}

function mac(key: Buffer, payload: string): string {
  return crypto.createHmac("sha256", key).update(`web-form:v1:${payload}`).digest("base64url");
}

export function signFormStamp(key: Buffer, now = new Date()): string {
  const payload = String(now.getTime());
  return `${payload}.${mac(key, payload)}`;
}

export type FormStampVerdict = "ok" | "too-fast" | "invalid" | "stale";

export function checkFormStamp(key: Buffer, stamp: string, now = new Date()): FormStampVerdict {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!match) return "invalid";
  const [, payload, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, payload));
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return "invalid";
  }
  const age = now.getTime() - Number(payload);
  if (age < MIN_FILL_MS) return "too-fast";
  if (age > MAX_FORM_AGE_MS) return "stale";
  return "ok";
}
