/**
 * POST /api/inbound/email — raw RFC 822 messages from an MTA pipe (scripts/postfix-pipe.sh) or any
 * forwarder: `Authorization: Bearer $INBOUND_EMAIL_SECRET`, `Content-Type: message/rfc822`,
 * optional `?to=<envelope recipient>`. Answers 202 once the message is stored. See
 * docs/inbound-email.md.
 */
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { handleInboundEmailRequest } from "@/lib/mail/inbound/handle-request";
import { dispatchInboundEmail } from "@/lib/mail/inbound/run";

export async function POST(request: Request): Promise<Response> {
  const db = getDb();
  return handleInboundEmailRequest(request, {
    db,
    secret: getEnv().inbound.secret,
    maxBytes: getEnv().inbound.maxBytes,
    dispatch: (inboundEmailId) => dispatchInboundEmail(inboundEmailId, { db }),
  });
}
