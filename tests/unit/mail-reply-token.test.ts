import { describe, expect, it } from "vitest";
import {
  deriveReplyTokenKey,
  replyAddress,
  replyTokenFromAddress,
  signReplyToken,
  verifyReplyToken,
} from "@/lib/mail/reply-token";

const key = deriveReplyTokenKey("a-test-auth-secret-that-is-long-enough");

describe("reply tokens", () => {
  it("sign a ticket id that verifies back, with only lower-case address-safe characters", () => {
    const token = signReplyToken(key, 1234);
    expect(token).toMatch(/^[0-9a-z]+-[0-9a-f]{24}$/);
    expect(verifyReplyToken(key, token)).toBe(1234);
    // A mail server that folds the local part's case does not break it.
    expect(verifyReplyToken(key, token.toUpperCase())).toBe(1234);
  });

  it("refuse a tampered token, another ticket's signature, another secret and garbage", () => {
    const token = signReplyToken(key, 42);
    const [id, mac] = token.split("-") as [string, string];
    const flipped = mac.slice(0, -1) + (mac.endsWith("0") ? "1" : "0");
    expect(verifyReplyToken(key, `${id}-${flipped}`)).toBeNull();
    expect(verifyReplyToken(key, `${(43).toString(36)}-${mac}`)).toBeNull();
    expect(
      verifyReplyToken(deriveReplyTokenKey("another-secret-that-is-long-enough!!"), token),
    ).toBeNull();
    for (const junk of ["", "-", "abc", `${id}-`, `${id}-${mac}x`, `0-${mac}`]) {
      expect(verifyReplyToken(key, junk)).toBeNull();
    }
  });

  it("do not expire: the same ticket always gets the same token", () => {
    expect(signReplyToken(key, 7)).toBe(signReplyToken(key, 7));
    expect(signReplyToken(key, 7)).not.toBe(signReplyToken(key, 8));
  });

  it("derive a key from AUTH_SECRET that is not the secret itself", () => {
    const derived = deriveReplyTokenKey("a-test-auth-secret-that-is-long-enough");
    expect(derived).toHaveLength(32);
    expect(derived.toString("utf8")).not.toContain("a-test-auth-secret");
  });

  it("plus-address the support address and read the token back", () => {
    expect(replyAddress("support@example.com", "1a-ff")).toBe("support+1a-ff@example.com");
    expect(replyAddress("support+old@example.com", "1a-ff")).toBe("support+1a-ff@example.com");
    expect(replyTokenFromAddress("support+1a-ff@example.com")).toBe("1a-ff");
    expect(replyTokenFromAddress("support@example.com")).toBeNull();
  });
});
