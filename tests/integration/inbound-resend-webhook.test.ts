/**
 * Resend's inbound webhook end to end on a real database, against a local stand-in for Resend's
 * Receiving API: events signed the svix way, shaped as the SDK's `EmailReceivedEvent` type; the raw
 * message fetched through the SDK, stored once, and processed into a ticket.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Resend, type EmailReceivedEvent } from "resend";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contacts, inboundEmails, mailboxes, tickets, type Mailbox } from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { handleResendWebhookRequest } from "@/lib/mail/inbound/resend-webhook";
import { createTestDatabase, resetDatabase, type TestDatabase } from "../helpers/db";
import {
  startResendReceivingStandIn,
  testMailSettings,
  type ResendReceivingStandIn,
} from "../helpers/mail";

const WEBHOOK_SECRET = `whsec_${crypto.randomBytes(24).toString("base64")}`;
const fixture = (name: string) =>
  new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/email", name)));

let t: TestDatabase;
let standIn: ResendReceivingStandIn;
let resend: Resend;
let root: string;
let storage: LocalDiskStorage;
let sales: Mailbox;
let dispatched: number[];

beforeAll(async () => {
  t = await createTestDatabase();
  standIn = await startResendReceivingStandIn();
  resend = new Resend("re_test_key", { baseUrl: standIn.url });
});
afterAll(async () => {
  await standIn.close();
  await t.dispose();
});
beforeEach(async () => {
  await resetDatabase(t.db);
  standIn.emails.clear();
  standIn.requests.length = 0;
  standIn.failNext(0);
  dispatched = [];
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "inbound-resend-"));
  storage = new LocalDiskStorage(root);
  await t.db.insert(mailboxes).values([
    { name: "Support", address: "support@helpdesk.test", isDefault: true },
    { name: "Sales", address: "sales@helpdesk.test" },
  ]);
  [sales] = (await t.db
    .select()
    .from(mailboxes)
    .where(eq(mailboxes.address, "sales@helpdesk.test"))) as [Mailbox];
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

/** An `email.received` event exactly as the SDK types it. */
function receivedEvent(emailId: string, receivedFor = ["sales@helpdesk.test"]): EmailReceivedEvent {
  return {
    type: "email.received",
    created_at: "2026-11-21T12:00:00.000Z",
    data: {
      email_id: emailId,
      created_at: "2026-11-21T12:00:00.000Z",
      from: "Maria Gonzalez <maria.gonzalez@example.org>",
      to: receivedFor,
      bcc: [],
      cc: [],
      received_for: receivedFor,
      message_id: "<CAF=gmail-new-1@mail.gmail.com>",
      subject: "Cannot log in",
      attachments: [],
    },
  };
}

/** Signs like svix: base64 HMAC-SHA256 of `id.timestamp.body` with the secret's bytes. */
function sign(body: string, options: { id?: string; timestamp?: number; secret?: string } = {}) {
  const id = options.id ?? `msg_${crypto.randomBytes(8).toString("hex")}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from((options.secret ?? WEBHOOK_SECRET).replace(/^whsec_/, ""), "base64");
  const signature = crypto
    .createHmac("sha256", key)
    .update(`${id}.${timestamp}.${body}`)
    .digest("base64");
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}` };
}

function post(
  body: string,
  headers: Record<string, string> = sign(body),
  deps: { webhookSecret?: string | undefined; resend?: Resend | null } = {},
): Promise<Response> {
  return handleResendWebhookRequest(
    new Request("http://localhost/api/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
    {
      db: t.db,
      webhookSecret: "webhookSecret" in deps ? deps.webhookSecret : WEBHOOK_SECRET,
      resend: "resend" in deps ? deps.resend! : resend,
      dispatch: async (id) => {
        dispatched.push(id);
      },
    },
  );
}

function publish(emailId: string, raw: Uint8Array) {
  standIn.emails.set(emailId, {
    raw,
    to: ["sales@helpdesk.test"],
    from: "Maria Gonzalez <maria.gonzalez@example.org>",
    subject: "Cannot log in",
  });
}

describe("POST /api/webhooks/resend", () => {
  it("fetches the raw message through the SDK, stores it byte for byte and it becomes a ticket", async () => {
    const raw = fixture("gmail-new.eml");
    publish("4ef9a417-02e9-4d39-ad75-9611e0fcc33c", raw);
    const response = await post(
      JSON.stringify(receivedEvent("4ef9a417-02e9-4d39-ad75-9611e0fcc33c")),
    );

    expect(response.status).toBe(202);
    const answer = (await response.json()) as { id: number; status: string };
    expect(answer).toEqual({ id: expect.any(Number), status: "accepted" });
    expect(standIn.requests).toEqual([
      "/emails/receiving/4ef9a417-02e9-4d39-ad75-9611e0fcc33c",
      "/raw/4ef9a417-02e9-4d39-ad75-9611e0fcc33c?signature=stand-in",
    ]);
    const [row] = await t.db.select().from(inboundEmails);
    expect(Buffer.from(row!.raw).equals(Buffer.from(raw))).toBe(true);
    // The envelope recipient Resend reports picks the mailbox.
    expect(row!.mailboxId).toBe(sales.id);
    expect(row!.envelopeTo).toBe("sales@helpdesk.test");
    expect(dispatched).toEqual([answer.id]);

    const outcome = await processInboundEmail(t.db, storage, {
      inboundEmailId: answer.id,
      mail: testMailSettings,
    });
    expect(outcome.outcome).toBe("processed");
    const [ticket] = await t.db.select().from(tickets);
    expect(ticket!.mailboxId).toBe(sales.id);
    const [requester] = await t.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, ticket!.requesterId));
    expect(requester!.email).toBe("maria.gonzalez@example.org");
  });

  it("records a redelivered event as a duplicate and creates nothing", async () => {
    publish("email-1", fixture("gmail-new.eml"));
    const body = JSON.stringify(receivedEvent("email-1"));
    const first = (await (await post(body)).json()) as { id: number; status: string };
    await processInboundEmail(t.db, storage, { inboundEmailId: first.id, mail: testMailSettings });

    const again = await post(body);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ id: first.id, status: "duplicate" });
    // A second Resend email with the same message (sent to us twice) is the same message too.
    publish("email-2", fixture("gmail-new.eml"));
    const twin = await post(JSON.stringify(receivedEvent("email-2")));
    expect(await twin.json()).toEqual({ id: first.id, status: "duplicate" });

    expect(dispatched).toEqual([first.id]);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(1);
    expect(await t.db.select().from(tickets)).toHaveLength(1);
  });

  it("refuses a wrong, missing or stale signature with 401 and fetches and stores nothing", async () => {
    publish("email-1", fixture("gmail-new.eml"));
    const body = JSON.stringify(receivedEvent("email-1"));
    const otherSecret = `whsec_${crypto.randomBytes(24).toString("base64")}`;

    expect((await post(body, sign(body, { secret: otherSecret }))).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect((await post(body, sign(body, { timestamp: tenMinutesAgo }))).status).toBe(401);
    // A body changed after signing.
    const signed = sign(body);
    const tampered = body.replace("email-1", "email-2");
    const answer = await post(tampered, signed);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: "invalid or missing webhook signature" });

    expect(standIn.requests).toEqual([]);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);
  });

  it("answers 400 to a signed event that is not a valid email.received payload", async () => {
    const event = receivedEvent("email-1") as unknown as { data: Record<string, unknown> };
    delete event.data.email_id;
    const missingId = await post(JSON.stringify(event));
    expect(missingId.status).toBe(400);
    expect(((await missingId.json()) as { error: string }).error).toMatch(/data\.email_id/);

    expect((await post("not json")).status).toBe(400);
    expect((await post(JSON.stringify({ data: {} }))).status).toBe(400);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);
  });

  it("acknowledges other event types without fetching anything", async () => {
    const body = JSON.stringify({
      type: "email.delivered",
      created_at: "2026-11-21T12:00:00.000Z",
      data: { email_id: "sent-1" },
    });
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ignored", type: "email.delivered" });
    expect(standIn.requests).toEqual([]);
  });

  it("answers 503 while the secret or the API key is missing", async () => {
    const body = JSON.stringify(receivedEvent("email-1"));
    const noSecret = await post(body, sign(body), { webhookSecret: undefined });
    expect(noSecret.status).toBe(503);
    expect(await noSecret.json()).toEqual({ error: "the Resend webhook is not configured" });
    const noKey = await post(body, sign(body), { resend: null });
    expect(noKey.status).toBe(503);
    expect(((await noKey.json()) as { error: string }).error).toMatch(/RESEND_API_KEY/);
  });

  it("answers 502 and stores nothing when Resend cannot hand over the message, so the event is retried", async () => {
    publish("email-1", fixture("gmail-new.eml"));
    const body = JSON.stringify(receivedEvent("email-1"));
    standIn.failNext(1);
    const outage = await post(body);
    expect(outage.status).toBe(502);
    expect(((await outage.json()) as { error: string }).error).toMatch(/HTTP 500/);
    const unknown = await post(JSON.stringify(receivedEvent("no-such-email")));
    expect(unknown.status).toBe(502);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);

    // Resend's retry of the same event then goes through.
    const retried = await post(body, sign(body));
    expect(retried.status).toBe(202);
    expect(((await retried.json()) as { status: string }).status).toBe("accepted");
  });
});
