/**
 * Reply tokens: the ticket a reply belongs to, carried in the plus-addressed Reply-To we send
 * (`support+<token>@example.com`). A token is `<ticket id in base 36>-<HMAC>`, lower case only so a
 * mail server that folds the local part's case cannot break it, and signed with a key derived from
 * AUTH_SECRET (HKDF), so there is one secret to manage. Tokens do not expire: a customer may answer
 * a months-old mail and still land on the right ticket.
 */
import crypto from "node:crypto";

const MAC_BYTES = 12;
const TOKEN_PATTERN = /^([0-9a-z]{1,11})-([0-9a-f]{24})$/;

/** The reply-token key, derived from AUTH_SECRET so that rotating that secret rotates this key. */
export function deriveReplyTokenKey(authSecret: string): Buffer {
  return Buffer.from(
    crypto.hkdfSync("sha256", authSecret, "helpdesk", "helpdesk/reply-token/v1", 32),
  );
}

function mac(key: Buffer, ticketId: number): Buffer {
  return crypto
    .createHmac("sha256", key)
    .update(`reply-token:v1:${ticketId}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function signReplyToken(key: Buffer, ticketId: number): string {
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) throw new Error("invalid ticket id");
  return `${ticketId.toString(36)}-${mac(key, ticketId).toString("hex")}`;
}

/** The ticket id a token was signed for, or null for anything forged, altered or malformed. */
export function verifyReplyToken(key: Buffer, token: string): number | null {
  const match = TOKEN_PATTERN.exec(token.trim().toLowerCase());
  if (!match) return null;
  const ticketId = parseInt(match[1]!, 36);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return null;
  const given = Buffer.from(match[2]!, "hex");
  const expected = mac(key, ticketId);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
    ? ticketId
    : null;
}

/** `replyAddress("support@example.com", token)` → `support+<token>@example.com`. */
export function replyAddress(address: string, token: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) throw new Error(`not an email address: ${address}`);
  // An address that already carries a +tag gets ours instead, never two.
  const local = address.slice(0, at).split("+")[0];
  return `${local}+${token}${address.slice(at)}`;
}

/** The token in a plus-addressed recipient (`support+<token>@…`), if there is one. */
export function replyTokenFromAddress(address: string): string | null {
  const at = address.lastIndexOf("@");
  const local = at > 0 ? address.slice(0, at) : "";
  const plus = local.indexOf("+");
  return plus >= 0 ? local.slice(plus + 1) || null : null;
}
