/**
 * Secrets the app must read back (mailbox IMAP passwords) stored encrypted: AES-256-GCM with a random
 * 96-bit nonce, the authentication tag checked on every read, and a context string bound in as
 * associated data so that a sealed value copied onto another row does not open there.
 *
 * Format: `v1.<base64url nonce>.<base64url tag>.<base64url ciphertext>`. The key is
 * env.mailboxSecretKey (MAILBOX_SECRET_KEY, or derived from AUTH_SECRET outside production).
 */
import "server-only";
import crypto from "node:crypto";
import { DomainError } from "@/lib/errors";

const VERSION = "v1";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new SecretBoxError("the secret key must be 32 bytes");
}

export function sealSecret(plaintext: string, key: Buffer, context: string): string {
  checkKey(key);
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, nonce, tag, ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The plaintext, or SecretBoxError when the value is malformed, the key differs or it was altered. */
export function openSecret(sealed: string, key: Buffer, context: string): string {
  checkKey(key);
  const [version, nonce, tag, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretBoxError("the stored secret is not in a known format");
  }
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "the stored secret cannot be decrypted (MAILBOX_SECRET_KEY changed, or the value was altered)",
    );
  }
}

/** The key, or a clear INVALID error for a production setup without MAILBOX_SECRET_KEY. */
export function requireSecretKey(key: Buffer | undefined): Buffer {
  if (!key) {
    throw new DomainError(
      "INVALID",
      "MAILBOX_SECRET_KEY is not set: mailbox passwords cannot be stored or read, so polling cannot be configured. Set it to 32 random bytes (openssl rand -hex 32) and restart.",
    );
  }
  return key;
}
