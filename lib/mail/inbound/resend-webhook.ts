/**
 * POST /api/webhooks/resend as a plain function of the request: Resend's inbound webhook. The
 * `email.received` event carries only metadata, so after verifying its svix signature (with the
 * Resend SDK) this fetches the received email through the SDK, downloads its raw RFC 822 source and
 * hands it to the same store-first path as POST /api/inbound/email: stored once per (mailbox,
 * Message-ID), then processed in the background. A redelivered event is recorded as a duplicate.
 * `email.bounced` (a permanent bounce of mail we sent) suppresses the address (lib/mail/suppression.ts).
 */
import "server-only";
import type { Resend } from "resend";
import { z } from "zod";
import type { Database } from "@/db/client";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { recordProviderBounce, resendEmailBouncedSchema } from "../suppression";
import { describeMegabytes, MAX_INBOUND_EMAIL_BYTES } from "./handle-request";
import { receiveInboundEmail } from "./receive";

/** Event payloads are small JSON documents (metadata only). */
const MAX_EVENT_BYTES = 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * The parts of Resend's `EmailReceivedEvent` (resend's TypeScript types) this endpoint relies on;
 * other fields are accepted as they come.
 */
export const resendEmailReceivedSchema = z.object({
  type: z.literal("email.received"),
  created_at: z.string(),
  data: z.object({
    email_id: z.string().trim().min(1, { error: "data.email_id is empty" }).max(200),
    message_id: z.string().optional(),
    from: z.string().optional(),
    to: z.array(z.string()).optional(),
    received_for: z.array(z.string()).default([]),
  }),
});

const anyEventSchema = z.object({ type: z.string().min(1) });

/** The part of the SDK's received-email answer that matters here. */
const receivedEmailSchema = z.object({
  raw: z.object({ download_url: z.url({ protocol: /^https?$/ }) }).nullish(),
});

const envelopeSchema = z.email().max(320);

export type ResendWebhookDeps = {
  db: Database;
  /** RESEND_WEBHOOK_SECRET (`whsec_…`); undefined means the webhook is not configured. */
  webhookSecret: string | undefined;
  /** An SDK client with the API key (RESEND_API_KEY); null when there is none. */
  resend: Resend | null;
  /** Called after the row is committed, for accepted (new) messages only. */
  dispatch: (inboundEmailId: number) => Promise<void>;
  /** The largest message accepted (INBOUND_EMAIL_MAX_MB); 25 MB by default. */
  maxBytes?: number;
  now?: Date;
};

function problem(status: number, message: string) {
  return Response.json({ error: message }, { status });
}

export async function handleResendWebhookRequest(
  request: Request,
  deps: ResendWebhookDeps,
): Promise<Response> {
  if (!deps.webhookSecret) return problem(503, "the Resend webhook is not configured");
  if (!deps.resend) {
    return problem(503, "RESEND_API_KEY is not set: received emails cannot be fetched from Resend");
  }

  const body = await readBodyWithLimit(request, MAX_EVENT_BYTES);
  if (body === null) return problem(413, "the event is larger than 1 MB");
  const payload = new TextDecoder().decode(body);

  let event: unknown;
  try {
    event = deps.resend.webhooks.verify({
      payload,
      headers: {
        id: request.headers.get("svix-id") ?? "",
        timestamp: request.headers.get("svix-timestamp") ?? "",
        signature: request.headers.get("svix-signature") ?? "",
      },
      webhookSecret: deps.webhookSecret,
    });
  } catch (error) {
    // A correct signature over a body that is not JSON is a bad payload, not a bad signature.
    if (error instanceof SyntaxError) return problem(400, "the event is not JSON");
    return problem(401, "invalid or missing webhook signature");
  }

  const kind = anyEventSchema.safeParse(event);
  if (!kind.success) return problem(400, "the event has no type");
  // A permanent bounce of mail Resend sent for us: suppress automatic mail to the address.
  if (kind.data.type === "email.bounced") {
    const bounced = resendEmailBouncedSchema.safeParse(event);
    if (!bounced.success) return problem(400, "invalid email.bounced event");
    const suppressed = await recordProviderBounce(deps.db, { event: bounced.data, now: deps.now });
    return Response.json({ status: "recorded", suppressed: suppressed.length }, { status: 200 });
  }
  // Other event types may be subscribed on the same endpoint; they are acknowledged and ignored so
  // that Resend does not retry them.
  if (kind.data.type !== "email.received") {
    return Response.json({ status: "ignored", type: kind.data.type }, { status: 200 });
  }
  const parsed = resendEmailReceivedSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return problem(400, `invalid email.received event: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const { email_id: emailId, received_for: receivedFor } = parsed.data.data;

  const raw = await fetchRawEmail(deps.resend, emailId, deps.maxBytes ?? MAX_INBOUND_EMAIL_BYTES);
  if (!raw.ok) {
    // Nothing is stored; a 5xx makes Resend deliver the event again later.
    console.error("[inbound] fetching a received email from Resend failed", emailId, raw.error);
    return problem(raw.status, raw.error);
  }

  const envelopeTo = receivedFor.find((address) => envelopeSchema.safeParse(address).success);
  const outcome = await receiveInboundEmail(deps.db, {
    raw: raw.bytes,
    envelopeTo: envelopeTo ?? null,
    now: deps.now,
  });
  if (outcome.status === "accepted") {
    try {
      await deps.dispatch(outcome.id);
    } catch (error) {
      // Stored as `received`: the inbound sweep processes it later.
      console.error("[inbound] dispatching processing failed", outcome.id, error);
    }
  }
  return Response.json(outcome, { status: 202 });
}

type RawEmail = { ok: true; bytes: Uint8Array } | { ok: false; status: number; error: string };

/** The received email's raw source: its metadata through the SDK, then the signed download URL. */
async function fetchRawEmail(resend: Resend, emailId: string, maxBytes: number): Promise<RawEmail> {
  const { data, error } = await resend.emails.receiving.get(emailId);
  if (error || !data) {
    const status = error && "statusCode" in error ? error.statusCode : null;
    return {
      ok: false,
      status: 502,
      error: `Resend did not return the received email ${emailId}: ${error?.message ?? "no data"}${status ? ` (HTTP ${status})` : ""}`,
    };
  }
  const email = receivedEmailSchema.safeParse(data);
  const url = email.success ? email.data.raw?.download_url : undefined;
  if (!url) {
    return {
      ok: false,
      status: 502,
      error: `Resend has no raw source for the received email ${emailId}`,
    };
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (cause) {
    return {
      ok: false,
      status: 502,
      error: `downloading the raw email ${emailId} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return {
      ok: false,
      status: 502,
      error: `downloading the raw email ${emailId} failed with HTTP ${response.status}`,
    };
  }
  const bytes = await readBodyWithLimit(response, maxBytes);
  if (bytes === null) {
    return {
      ok: false,
      status: 413,
      error: `the received email ${emailId} is larger than ${describeMegabytes(maxBytes)}`,
    };
  }
  if (bytes.byteLength === 0) {
    return { ok: false, status: 502, error: `the raw source of ${emailId} is empty` };
  }
  return { ok: true, bytes };
}
