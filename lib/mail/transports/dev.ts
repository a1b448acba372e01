/**
 * The dev mailbox: with no provider configured, mail is not sent anywhere. The outbox row already
 * holds everything (headers, text, HTML), and /dev/mailbox in the console shows it.
 */
import type { MailTransport } from "./types";

export function createDevTransport(): MailTransport {
  return {
    name: "dev",
    async send(email) {
      return { providerMessageId: `dev-${email.idempotencyKey}` };
    },
  };
}
