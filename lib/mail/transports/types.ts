/** What every transport receives and answers; transports know nothing about the outbox. */
import type { StoredEmailAddress } from "@/db/schema";

export type OutgoingEmail = {
  from: StoredEmailAddress;
  to: StoredEmailAddress[];
  cc: StoredEmailAddress[];
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  /** Our Message-ID, also present in `headers`. */
  messageId: string;
  /** Message-ID, In-Reply-To, References, Auto-Submitted, … */
  headers: Record<string, string>;
  /** Stable per outbox row: a provider that honours it delivers a retried request once. */
  idempotencyKey: string;
  /** Files sent with the mail (a public reply's attachments). */
  attachments?: OutgoingAttachment[];
};

export type OutgoingAttachment = { filename: string; contentType: string; content: Uint8Array };

/** `{ attachments }` in the shape both Resend's SDK and nodemailer take, or nothing. */
export function attachmentsOption(email: OutgoingEmail): {
  attachments?: { filename: string; contentType: string; content: Buffer }[];
} {
  if (!email.attachments?.length) return {};
  return {
    attachments: email.attachments.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      content: Buffer.from(file.content),
    })),
  };
}

export type MailTransport = {
  readonly name: "resend" | "smtp" | "dev";
  /** Resolves with the provider's id for the message; rejects with a TransportError. */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string | null }>;
};

/** A failed delivery. `isPermanent`: retrying the same mail cannot succeed (a refused address). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly isPermanent = false,
  ) {
    super(message);
    this.name = "TransportError";
  }
}
