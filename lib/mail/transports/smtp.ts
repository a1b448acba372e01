/**
 * Any SMTP relay through nodemailer (the self-host path). Our Message-ID and threading headers are
 * passed through unchanged. SMTP has no idempotency key: a crash between the server's "250 OK" and
 * the row being marked sent can, rarely, deliver a retry twice.
 */
import nodemailer from "nodemailer";
import { attachmentsOption, TransportError, type MailTransport } from "./types";

/** Headers nodemailer sets from its own options; passing them twice would duplicate them. */
const OWN_HEADERS = new Set(["message-id", "in-reply-to", "references"]);

export function createSmtpTransport(options: { url: string }): MailTransport {
  const transporter = nodemailer.createTransport(options.url);
  return {
    name: "smtp",
    async send(email) {
      const extra = Object.fromEntries(
        Object.entries(email.headers).filter(([key]) => !OWN_HEADERS.has(key.toLowerCase())),
      );
      try {
        const info = await transporter.sendMail({
          from: { name: email.from.name, address: email.from.email },
          to: email.to.map((a) => ({ name: a.name, address: a.email })),
          cc: email.cc.map((a) => ({ name: a.name, address: a.email })),
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          subject: email.subject,
          text: email.text,
          ...(email.html ? { html: email.html } : {}),
          messageId: email.messageId,
          ...(email.headers["In-Reply-To"] ? { inReplyTo: email.headers["In-Reply-To"] } : {}),
          ...(email.headers.References ? { references: email.headers.References } : {}),
          headers: extra,
          ...attachmentsOption(email),
        });
        // The server's answer ("250 2.0.0 Ok: queued as 4F2…") is the closest SMTP has to an id.
        return { providerMessageId: info.response?.slice(0, 200) || info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new TransportError(
          `SMTP: ${error instanceof Error ? error.message : String(error)}`,
          // 5xx is a refusal (unknown mailbox, policy); 4xx and connection failures are transient.
          code !== undefined && code >= 500,
        );
      }
    },
  };
}
