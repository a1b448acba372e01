import { describe, expect, it } from "vitest";
import {
  MAX_FORM_AGE_MS,
  MIN_FILL_MS,
  checkFormStamp,
  deriveFormStampKey,
  signFormStamp,
} from "@/lib/portal/form-stamp";
import {
  PORTAL_LINK_TTL_MS,
  derivePortalLinkKey,
  portalLinkUrl,
  portalRequestLinkUrl,
  signPortalLink,
  verifyPortalLink,
} from "@/lib/portal/link-token";
import {
  PORTAL_SESSION_TTL_MS,
  derivePortalSessionKey,
  signPortalSession,
  verifyPortalSession,
} from "@/lib/portal/session-token";

const secret = "a-unit-test-auth-secret-long-enough";
const linkKey = derivePortalLinkKey(secret);
const issued = new Date("2026-11-21T09:00:00Z");

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Changes one bit that the signature's bytes depend on (a character in the middle). */
function flipSignatureChar(token: string): string {
  const i = token.length - 10;
  const c = token[i] === "A" ? "B" : "A";
  return `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
}

/** The same signature bytes spelled differently: the last character's two unused bits set. */
function respellLastChar(token: string): string {
  const value = alphabet.indexOf(token.at(-1)!);
  return `${token.slice(0, -1)}${alphabet[value ^ 0b1]}`;
}

describe("portal link tokens", () => {
  it("round-trip contact, version, ticket and a three-day expiry", () => {
    const token = signPortalLink(linkKey, {
      contactId: 7,
      tokenVersion: 3,
      ticketId: 42,
      now: issued,
    });
    expect(verifyPortalLink(linkKey, token, issued)).toEqual({
      ok: true,
      claims: {
        contactId: 7,
        tokenVersion: 3,
        ticketId: 42,
        expiresAt: new Date(issued.getTime() + PORTAL_LINK_TTL_MS),
      },
    });
    const unscoped = signPortalLink(linkKey, { contactId: 7, tokenVersion: 1, now: issued });
    const verdict = verifyPortalLink(linkKey, unscoped, issued);
    expect(verdict.ok && verdict.claims.ticketId).toBeUndefined();
  });

  it("expire after three days", () => {
    const token = signPortalLink(linkKey, { contactId: 7, tokenVersion: 1, now: issued });
    const justBefore = new Date(issued.getTime() + PORTAL_LINK_TTL_MS - 1000);
    const after = new Date(issued.getTime() + PORTAL_LINK_TTL_MS);
    expect(verifyPortalLink(linkKey, token, justBefore).ok).toBe(true);
    expect(verifyPortalLink(linkKey, token, after)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse a changed signature, a changed payload and another key", () => {
    const token = signPortalLink(linkKey, { contactId: 7, tokenVersion: 1, now: issued });
    expect(verifyPortalLink(linkKey, flipSignatureChar(token), issued)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    const [payload, signature] = token.split(".") as [string, string];
    const other = Buffer.from(JSON.stringify({ c: 8, v: 1, e: 9_999_999_999 })).toString(
      "base64url",
    );
    expect(verifyPortalLink(linkKey, `${other}.${signature}`, issued).ok).toBe(false);
    expect(
      verifyPortalLink(derivePortalLinkKey("another-secret-entirely-x"), token, issued),
    ).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyPortalLink(linkKey, respellLastChar(token), issued)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyPortalLink(linkKey, `${payload}`, issued)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(verifyPortalLink(linkKey, "", issued)).toEqual({ ok: false, reason: "malformed" });
  });

  it("build the link and the request-a-link URLs", () => {
    expect(portalLinkUrl("https://help.example.com", "a.b")).toBe(
      "https://help.example.com/portal/auth?token=a.b",
    );
    expect(portalRequestLinkUrl("https://help.example.com")).toBe(
      "https://help.example.com/portal/link",
    );
  });

  it("use keys of their own: a link is not a session cookie", () => {
    const sessionKey = derivePortalSessionKey(secret);
    expect(sessionKey.equals(linkKey)).toBe(false);
    const link = signPortalLink(linkKey, { contactId: 7, tokenVersion: 1, now: issued });
    expect(verifyPortalSession(sessionKey, link, issued)).toBeNull();
  });
});

describe("portal session cookies", () => {
  const sessionKey = derivePortalSessionKey(secret);

  it("carry the contact and version until they expire", () => {
    const { value, expiresAt } = signPortalSession(sessionKey, {
      contactId: 5,
      tokenVersion: 2,
      now: issued,
    });
    expect(expiresAt.getTime()).toBe(issued.getTime() + PORTAL_SESSION_TTL_MS);
    expect(verifyPortalSession(sessionKey, value, issued)).toEqual({
      contactId: 5,
      tokenVersion: 2,
      expiresAt,
    });
    expect(verifyPortalSession(sessionKey, value, expiresAt)).toBeNull();
  });

  it("refuse anything tampered with or missing", () => {
    const { value } = signPortalSession(sessionKey, { contactId: 5, tokenVersion: 2, now: issued });
    expect(verifyPortalSession(sessionKey, flipSignatureChar(value), issued)).toBeNull();
    expect(verifyPortalSession(sessionKey, respellLastChar(value), issued)).toBeNull();
    expect(verifyPortalSession(sessionKey, undefined, issued)).toBeNull();
    expect(verifyPortalSession(sessionKey, "not a cookie", issued)).toBeNull();
  });
});

describe("web form stamps", () => {
  const key = deriveFormStampKey(secret);

  it("accept a form filled in at a human pace", () => {
    const stamp = signFormStamp(key, issued);
    expect(checkFormStamp(key, stamp, new Date(issued.getTime() + MIN_FILL_MS))).toBe("ok");
    expect(checkFormStamp(key, stamp, new Date(issued.getTime() + MIN_FILL_MS - 1))).toBe(
      "too-fast",
    );
    expect(checkFormStamp(key, stamp, new Date(issued.getTime() + MAX_FORM_AGE_MS + 1))).toBe(
      "stale",
    );
  });

  it("refuse a stamp that was changed to look older", () => {
    const stamp = signFormStamp(key, issued);
    const [, signature] = stamp.split(".") as [string, string];
    const backdated = `${issued.getTime() - 60_000}.${signature}`;
    expect(checkFormStamp(key, backdated, issued)).toBe("invalid");
    expect(checkFormStamp(key, "", issued)).toBe("invalid");
  });
});
