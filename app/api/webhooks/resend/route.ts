/**
 * POST /api/webhooks/resend — Resend's inbound `email.received` webhook (svix-signed with
 * RESEND_WEBHOOK_SECRET). The raw message is fetched through the Resend SDK with RESEND_API_KEY and
 * stored like a raw-MIME post; answers 202 once it is stored. See docs/inbound-email.md.
 */
import { Resend } from "resend";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { handleResendWebhookRequest } from "@/lib/mail/inbound/resend-webhook";
import { dispatchInboundEmail } from "@/lib/mail/inbound/run";

export async function POST(request: Request): Promise<Response> {
  const env = getEnv();
  const transport = env.mail.transport;
  const db = getDb();
  return handleResendWebhookRequest(request, {
    db,
    webhookSecret: env.inbound.resendWebhookSecret,
    maxBytes: env.inbound.maxBytes,
    resend:
      transport.kind === "resend"
        ? new Resend(
            transport.apiKey,
            transport.baseUrl ? { baseUrl: transport.baseUrl.replace(/\/+$/, "") } : undefined,
          )
        : null,
    dispatch: (inboundEmailId) => dispatchInboundEmail(inboundEmailId, { db }),
  });
}
