/**
 * POST /api/inbound/email as a plain function of the request: verify the shared secret, check the
 * type and size, store the raw message, and hand its id to `dispatch` (which runs processing after the
 * response, or sends the event to Inngest). Nothing is parsed beyond the header section and nothing
 * is threaded here, so an MTA gets its answer fast and a processing bug never loses a message.
 */
import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import type { Database } from "@/db/client";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { receiveInboundEmail } from "./receive";

/** INBOUND_EMAIL_MAX_MB's default. */
export const MAX_INBOUND_EMAIL_BYTES = 25 * 1024 * 1024;

/** "25 MB": a byte limit as the refusals say it. */
export function describeMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

const querySchema = z.object({
  to: z.email({ error: "to must be an email address" }).max(320).optional(),
});

export type InboundRequestDeps = {
  db: Database;
  /** INBOUND_EMAIL_SECRET; undefined means inbound email is not configured. */
  secret: string | undefined;
  /** Called after the row is committed, for accepted (new) messages only. */
  dispatch: (inboundEmailId: number) => Promise<void>;
  /** The largest message accepted (INBOUND_EMAIL_MAX_MB); 25 MB by default. */
  maxBytes?: number;
  now?: Date;
};

function problem(status: number, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error: message }, { status, headers });
}

/** Constant-time comparison of the presented bearer token with the secret (hashes are equal length). */
export function isAuthorized(header: string | null, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const given = crypto
    .createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const expected = crypto.createHash("sha256").update(secret).digest();
  return crypto.timingSafeEqual(given, expected) && match !== null;
}

export async function handleInboundEmailRequest(
  request: Request,
  deps: InboundRequestDeps,
): Promise<Response> {
  if (!deps.secret) return problem(503, "inbound email is not configured");
  if (!isAuthorized(request.headers.get("authorization"), deps.secret)) {
    return problem(401, "invalid or missing bearer token", { "WWW-Authenticate": "Bearer" });
  }
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (contentType.toLowerCase() !== "message/rfc822") {
    return problem(415, "expected Content-Type: message/rfc822");
  }
  const url = new URL(request.url);
  const query = querySchema.safeParse({ to: url.searchParams.get("to") ?? undefined });
  if (!query.success) return problem(400, query.error.issues[0]?.message ?? "invalid query");

  const maxBytes = deps.maxBytes ?? MAX_INBOUND_EMAIL_BYTES;
  const raw = await readBodyWithLimit(request, maxBytes);
  if (raw === null)
    return problem(413, `the message is larger than ${describeMegabytes(maxBytes)}`);
  if (raw.byteLength === 0) return problem(400, "the message is empty");

  const outcome = await receiveInboundEmail(deps.db, {
    raw,
    envelopeTo: query.data.to ?? null,
    now: deps.now,
  });
  if (outcome.status === "accepted") {
    try {
      await deps.dispatch(outcome.id);
    } catch (error) {
      // The row is stored as `received`: the inbound sweep picks it up later (and the Email log
      // shows it). The MTA must not send it again, so the answer is still 202.
      console.error("[inbound] dispatching processing failed", outcome.id, error);
    }
  }
  return Response.json(outcome, { status: 202 });
}
