/**
 * What the mail code needs from the configuration, as plain data: the sender and the reply-token key.
 * Adapters pass it into domain functions; `getMailSettings()` builds it from the environment.
 */
import "server-only";
import { getEnv, type MailAddress } from "@/lib/env";
import { deriveReplyTokenKey } from "./reply-token";

export type MailSettings = { from: MailAddress; replyTokenKey: Buffer };

let cached: MailSettings | undefined;

export function getMailSettings(): MailSettings {
  if (!cached) {
    const env = getEnv();
    cached = { from: env.mail.from, replyTokenKey: deriveReplyTokenKey(env.authSecret) };
  }
  return cached;
}
