/**
 * Mail test doubles: fixed mail settings, a recording transport, Resend stand-in servers (sending,
 * and the Receiving API for inbound mail).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { GetReceivingEmailResponseSuccess } from "resend";
import { deriveReplyTokenKey } from "@/lib/mail/reply-token";
import { derivePortalLinkKey } from "@/lib/portal/link-token";
import type { MailSettings } from "@/lib/mail/settings";
import {
  TransportError,
  type MailTransport,
  type OutgoingEmail,
} from "@/lib/mail/transports/types";

export const testMailSettings: MailSettings = {
  from: { email: "support@helpdesk.test", name: "Helpdesk" },
  replyTokenKey: deriveReplyTokenKey("a-test-auth-secret-that-is-long-enough"),
  portal: {
    appUrl: "http://helpdesk.test",
    linkKey: derivePortalLinkKey("a-test-auth-secret-that-is-long-enough"),
  },
};

/** Records every mail; `failures` first attempts throw (transient unless `permanent`). */
export function recordingTransport(
  options: { failures?: number; permanent?: boolean; delayMs?: number } = {},
): MailTransport & { sent: OutgoingEmail[]; calls: number } {
  let failuresLeft = options.failures ?? 0;
  const transport = {
    name: "dev" as const,
    sent: [] as OutgoingEmail[],
    calls: 0,
    async send(email: OutgoingEmail) {
      transport.calls++;
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (failuresLeft === Infinity || failuresLeft-- > 0) {
        throw new TransportError("provider unavailable", options.permanent ?? false);
      }
      transport.sent.push(email);
      return { providerMessageId: `test-${transport.sent.length}` };
    },
  };
  return transport;
}

export type ResendStandIn = {
  url: string;
  requests: { idempotencyKey: string | null; body: Record<string, unknown> }[];
  /** Emails accepted as new deliveries (an idempotent replay is not a new one). */
  deliveries: Record<string, unknown>[];
  close(): Promise<void>;
};

/**
 * A local server speaking Resend's POST /emails: it refuses the first `failures` requests with a
 * 500, then accepts, and honours Idempotency-Key the way Resend does (same key → same email id).
 */
export async function startResendStandIn(options: { failures: number }): Promise<ResendStandIn> {
  let failuresLeft = options.failures;
  const byKey = new Map<string, string>();
  const standIn: Omit<ResendStandIn, "url" | "close"> = { requests: [], deliveries: [] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.method !== "POST" || request.url !== "/emails") {
        return reply(404, { statusCode: 404, name: "not_found", message: "Not found" });
      }
      if (request.headers.authorization !== "Bearer re_test_key") {
        return reply(401, { statusCode: 401, name: "missing_api_key", message: "Bad key" });
      }
      const key = request.headers["idempotency-key"];
      const idempotencyKey = typeof key === "string" ? key : null;
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      standIn.requests.push({ idempotencyKey, body });
      if (failuresLeft-- > 0) {
        return reply(500, {
          statusCode: 500,
          name: "internal_server_error",
          message: "Temporarily unavailable",
        });
      }
      const known = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (known) return reply(200, { id: known });
      const id = `re_${standIn.deliveries.length + 1}`;
      standIn.deliveries.push(body);
      if (idempotencyKey) byKey.set(idempotencyKey, id);
      return reply(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...standIn,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type ResendReceivingStandIn = {
  url: string;
  /** Received emails by id: the raw source served at the email's download URL. */
  emails: Map<string, { raw: Uint8Array; to: string[]; from: string; subject: string }>;
  /** Every request path, in order. */
  requests: string[];
  /** The next `failures` requests for email metadata answer 500. */
  failNext(failures: number): void;
  close(): Promise<void>;
};

/**
 * A local server speaking Resend's Receiving API: GET /emails/receiving/:id answers the SDK's
 * `GetReceivingEmailResponseSuccess` with a `raw.download_url` on this same server, which serves the
 * stored bytes (as Resend's signed storage URL does). Unknown ids get Resend's 404.
 */
export async function startResendReceivingStandIn(): Promise<ResendReceivingStandIn> {
  let failuresLeft = 0;
  const emails: ResendReceivingStandIn["emails"] = new Map();
  const requests: string[] = [];
  let base = "";
  const server = http.createServer((request, response) => {
    const path = request.url ?? "";
    requests.push(path);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const metadata = /^\/emails\/receiving\/([^/?]+)$/.exec(path);
    if (request.method === "GET" && metadata) {
      if (request.headers.authorization !== "Bearer re_test_key") {
        return reply(401, { statusCode: 401, name: "missing_api_key", message: "Bad key" });
      }
      if (failuresLeft-- > 0) {
        return reply(500, {
          statusCode: 500,
          name: "internal_server_error",
          message: "Temporarily unavailable",
        });
      }
      const id = decodeURIComponent(metadata[1]!);
      const email = emails.get(id);
      if (!email) {
        return reply(404, { statusCode: 404, name: "not_found", message: "Email not found" });
      }
      const body: GetReceivingEmailResponseSuccess = {
        object: "email",
        id,
        to: email.to,
        from: email.from,
        created_at: "2026-11-21 12:00:00.000000+00",
        subject: email.subject,
        bcc: null,
        cc: null,
        reply_to: null,
        received_for: email.to,
        html: null,
        text: null,
        headers: null,
        message_id: `<${id}@stand-in.test>`,
        raw: {
          download_url: `${base}/raw/${encodeURIComponent(id)}?signature=stand-in`,
          expires_at: "2026-11-21 13:00:00.000000+00",
        },
        attachments: [],
      };
      return reply(200, body);
    }
    const raw = /^\/raw\/([^/?]+)\?signature=stand-in$/.exec(path);
    if (request.method === "GET" && raw) {
      const email = emails.get(decodeURIComponent(raw[1]!));
      if (!email) return reply(404, { message: "expired" });
      response.writeHead(200, { "content-type": "message/rfc822" });
      response.end(Buffer.from(email.raw));
      return;
    }
    return reply(404, { statusCode: 404, name: "not_found", message: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    emails,
    requests,
    failNext: (failures) => {
      failuresLeft = failures;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
