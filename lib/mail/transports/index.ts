/** Picks the transport the environment configures: Resend, else SMTP, else the dev mailbox. */
import { getEnv, type MailTransportConfig } from "@/lib/env";
import { createDevTransport } from "./dev";
import { createResendTransport } from "./resend";
import { createSmtpTransport } from "./smtp";
import type { MailTransport } from "./types";

export type { MailTransport, OutgoingEmail } from "./types";
export { TransportError } from "./types";

export function createMailTransport(config: MailTransportConfig): MailTransport {
  switch (config.kind) {
    case "resend":
      return createResendTransport({ apiKey: config.apiKey, baseUrl: config.baseUrl });
    case "smtp":
      return createSmtpTransport({ url: config.url });
    case "dev":
      return createDevTransport();
  }
}

let cached: MailTransport | undefined;

export function getMailTransport(): MailTransport {
  cached ??= createMailTransport(getEnv().mail.transport);
  return cached;
}
