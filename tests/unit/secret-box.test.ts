/** The sealed storage of mailbox passwords: round trip, and refusal of anything altered or misplaced. */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, requireSecretKey, sealSecret } from "@/lib/crypto/secret-box";

const key = crypto.randomBytes(32);

describe("secret box", () => {
  it("opens what it sealed, and never seals the same password to the same text twice", () => {
    const a = sealSecret("hunter2 — ünïcode", key, "mailbox:1:imap-password");
    const b = sealSecret("hunter2 — ünïcode", key, "mailbox:1:imap-password");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
    expect(openSecret(a, key, "mailbox:1:imap-password")).toBe("hunter2 — ünïcode");
  });

  it("refuses another key, another context, an altered value or garbage", () => {
    const sealed = sealSecret("hunter2", key, "mailbox:1:imap-password");
    expect(() => openSecret(sealed, crypto.randomBytes(32), "mailbox:1:imap-password")).toThrow(
      /cannot be decrypted/,
    );
    expect(() => openSecret(sealed, key, "mailbox:2:imap-password")).toThrow(/cannot be decrypted/);
    const [version, nonce, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0]! ^= 1;
    expect(() =>
      openSecret(
        [version, nonce, tag, flipped.toString("base64url")].join("."),
        key,
        "mailbox:1:imap-password",
      ),
    ).toThrow(/cannot be decrypted/);
    expect(() => openSecret("hunter2", key, "mailbox:1:imap-password")).toThrow(/known format/);
  });

  it("says plainly that MAILBOX_SECRET_KEY is missing", () => {
    expect(() => requireSecretKey(undefined)).toThrow(/MAILBOX_SECRET_KEY is not set/);
    expect(requireSecretKey(key)).toBe(key);
  });
});
