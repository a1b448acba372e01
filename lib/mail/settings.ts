/**
 * What the mail code needs from the configuration, as plain data: the sender and the reply-token key.
 * Adapters pass it into domain functions; `getMailSettings()` builds it from the environment.
 */
import "server-only";
import { getEnv, type MailAddress } from "@/lib/env";
import { derivePortalLinkKey } from "@/lib/portal/link-token";
import { deriveReplyTokenKey } from "./reply-token";

/** What mail to requesters needs to carry a portal link (lib/portal/links.ts). */
export type PortalLinkSettings = { appUrl: string; linkKey: Buffer };

export type MailSettings = {
  from: MailAddress;
  replyTokenKey: Buffer;
  /** Without it, mail to requesters carries no portal link (scripts and tests that do not need one). */
  portal?: PortalLinkSettings;
};

let cached: MailSettings | undefined;

export function getMailSettings(): MailSettings {
  if (!cached) {
    const env = getEnv();
    cached = {
      from: env.mail.from,
      replyTokenKey: deriveReplyTokenKey(env.authSecret),
      portal: { appUrl: env.appUrl, linkKey: derivePortalLinkKey(env.authSecret) },
    };
  }
  return cached;
}
