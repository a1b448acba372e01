/**
 * Resend through its official SDK. The outbox row's key goes out as the Idempotency-Key header, so a
 * retry after a timeout or a crash between "accepted" and "marked sent" does not deliver twice.
 */
import { Resend } from "resend";
import { formatAddress } from "../headers";
import { attachmentsOption, TransportError, type MailTransport } from "./types";

/** Status codes after which the same request may succeed: rate limits, conflicts, server errors. */
const isRetryableStatus = (status: number | null) =>
  status === null || status === 409 || status === 429 || status >= 500;

export function createResendTransport(options: {
  apiKey: string;
  baseUrl?: string | undefined;
}): MailTransport {
  const resend = new Resend(
    options.apiKey,
    options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : undefined,
  );
  return {
    name: "resend",
    async send(email) {
      const { data, error } = await resend.emails.send(
        {
          from: formatAddress(email.from),
          to: email.to.map(formatAddress),
          ...(email.cc.length > 0 ? { cc: email.cc.map(formatAddress) } : {}),
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          subject: email.subject,
          text: email.text,
          ...(email.html ? { html: email.html } : {}),
          headers: email.headers,
          ...attachmentsOption(email),
        },
        { idempotencyKey: email.idempotencyKey },
      );
      if (error || !data) {
        const status = error && "statusCode" in error ? (error.statusCode ?? null) : null;
        throw new TransportError(
          `Resend: ${error?.message ?? "no response"}${status ? ` (HTTP ${status})` : ""}`,
          !isRetryableStatus(status),
        );
      }
      return { providerMessageId: data.id };
    },
  };
}
