/**
 * Inbound email end to end on a real database: the endpoint (secret, type, size, storing once), then
 * processing (threading, automated mail, charsets, sanitizing, attachments, commands, retry) with the
 * hand-written fixtures in tests/fixtures/email.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachments,
  categories,
  inboundEmails,
  mailboxes,
  messageIds,
  messages,
  outboundEmails,
  tickets,
  ticketSubscribers,
  type Mailbox,
} from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import {
  MAX_INBOUND_EMAIL_BYTES,
  handleInboundEmailRequest,
} from "@/lib/mail/inbound/handle-request";
import { processInboundEmail, type ProcessOutcome } from "@/lib/mail/inbound/process";
import { splitQuotedText } from "@/lib/mail/inbound/quoted";
import { getInboundEmail, listInboundEmails, retryInboundEmail } from "@/lib/mail/inbound/queries";
import { sweepInboundEmails } from "@/lib/mail/inbound/sweep";
import { signReplyToken } from "@/lib/mail/reply-token";
import { createTicket } from "@/lib/tickets/create-ticket";
import { postMessage } from "@/lib/tickets/post-message";
import { resetDatabase, setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const SECRET = "inbound-test-secret-0123456789abcdef";
const fixturesDir = path.join(import.meta.dirname, "../fixtures/email");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
const text = (value: string) => new TextEncoder().encode(value);

let root: string;
let storage: LocalDiskStorage;
let mailbox: Mailbox;
let admin: UserActor;
let agent: UserActor;
let dispatched: number[];

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "inbound-email-"));
  storage = new LocalDiskStorage(root);
  dispatched = [];
  [mailbox] = (await t.db
    .insert(mailboxes)
    .values({ name: "Support", address: "support@helpdesk.test", isDefault: true })
    .returning()) as [Mailbox];
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" })) as UserActor;
  agent = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@helpdesk.test" }),
  ) as UserActor;
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

function post(
  body: Uint8Array,
  options: { secret?: string | null; to?: string; contentType?: string; configured?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "message/rfc822",
  };
  if (options.secret !== null) headers.authorization = `Bearer ${options.secret ?? SECRET}`;
  const url = `http://localhost/api/inbound/email${options.to ? `?to=${encodeURIComponent(options.to)}` : ""}`;
  return handleInboundEmailRequest(
    new Request(url, { method: "POST", headers, body: body as BodyInit }),
    {
      db: t.db,
      secret: options.configured ?? SECRET,
      dispatch: async (id) => {
        dispatched.push(id);
      },
    },
  );
}

function processRow(inboundEmailId: number): Promise<ProcessOutcome> {
  return processInboundEmail(t.db, storage, { inboundEmailId, mail: testMailSettings });
}

/** Posts a message and runs the processing its dispatch asked for. */
async function deliver(body: Uint8Array, options: { to?: string } = {}) {
  const response = await post(body, options);
  expect(response.status).toBe(202);
  const answer = (await response.json()) as { id: number; status: string };
  expect(answer.status).toBe("accepted");
  const outcome = await processRow(answer.id);
  const [row] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, answer.id));
  return { outcome, row: row! };
}

async function allTickets() {
  return t.db.select().from(tickets).orderBy(tickets.id);
}

async function messagesOf(ticketId: number) {
  return t.db
    .select()
    .from(messages)
    .where(eq(messages.ticketId, ticketId))
    .orderBy(messages.createdAt, messages.id);
}

/** TKT-001 for Maria, with our first reply's Message-ID on record (as the outbox would leave it). */
async function seedTicket(messageId = "<out-first-reply@helpdesk.test>") {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    subject: "Printer on fire",
    body: "It smokes.",
    requester: { email: "maria.gonzalez@example.org", name: "Maria Gonzalez" },
    channel: "email",
    mailboxId: mailbox.id,
  });
  await t.db
    .insert(messageIds)
    .values({ emailMessageId: messageId, ticketId: ticket.id, direction: "out" });
  return ticket;
}

function rawMail(headers: Record<string, string>, body = "Hello from a test.\n"): Uint8Array {
  const lines = Object.entries({
    From: "Maria Gonzalez <maria.gonzalez@example.org>",
    To: "support@helpdesk.test",
    Date: "Mon, 2 Mar 2026 10:00:00 +0000",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    ...headers,
  }).map(([name, value]) => `${name}: ${value}`);
  return text(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

describe("POST /api/inbound/email", () => {
  it("stores a message once: the second delivery answers duplicate and creates nothing", async () => {
    const first = await post(fixture("gmail-new.eml"));
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { id: number; status: string };
    expect(accepted).toEqual({ id: expect.any(Number), status: "accepted" });
    await processRow(accepted.id);

    const second = await post(fixture("gmail-new.eml"));
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual({ id: accepted.id, status: "duplicate" });
    expect(dispatched).toEqual([accepted.id]);
    expect(await allTickets()).toHaveLength(1);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(1);
  });

  it("stores the same message posted five times at once exactly once, and makes one ticket", async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => (await post(fixture("gmail-new.eml"))).json()),
    );
    const statuses = answers.map((a) => (a as { status: string }).status).sort();
    expect(statuses).toEqual(["accepted", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(new Set(answers.map((a) => (a as { id: number }).id)).size).toBe(1);
    // Two workers racing on the same row: one processes it, the other skips.
    const outcomes = await Promise.all([processRow(dispatched[0]!), processRow(dispatched[0]!)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["processed", "skipped"]);
    expect(await allTickets()).toHaveLength(1);
  });

  it("refuses a wrong or missing secret with 401 and stores nothing", async () => {
    expect((await post(fixture("gmail-new.eml"), { secret: "wrong-secret" })).status).toBe(401);
    expect((await post(fixture("gmail-new.eml"), { secret: null })).status).toBe(401);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);
  });

  it("answers 503 when not configured, 415 for another type, 400 for a bad ?to=", async () => {
    const unconfigured = await handleInboundEmailRequest(
      new Request("http://localhost/api/inbound/email", { method: "POST", body: "x" }),
      { db: t.db, secret: undefined, dispatch: async () => {} },
    );
    expect(unconfigured.status).toBe(503);
    expect(await unconfigured.json()).toEqual({ error: "inbound email is not configured" });
    expect((await post(fixture("gmail-new.eml"), { contentType: "text/plain" })).status).toBe(415);
    expect((await post(fixture("gmail-new.eml"), { to: "not an address" })).status).toBe(400);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);
  });

  it("answers 413 above 25 MB, declared or streamed", async () => {
    const big = new Uint8Array(MAX_INBOUND_EMAIL_BYTES + 1).fill(0x61);
    expect((await post(big)).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(big);
        controller.close();
      },
    });
    const streamed = await handleInboundEmailRequest(
      new Request("http://localhost/api/inbound/email", {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET}`, "content-type": "message/rfc822" },
        body: stream,
        duplex: "half",
      } as RequestInit),
      { db: t.db, secret: SECRET, dispatch: async () => {} },
    );
    expect(streamed.status).toBe(413);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);
  });

  it("takes a lower limit from INBOUND_EMAIL_MAX_MB and says it in the 413", async () => {
    const limited = (body: Uint8Array) =>
      handleInboundEmailRequest(
        new Request("http://localhost/api/inbound/email", {
          method: "POST",
          headers: { authorization: `Bearer ${SECRET}`, "content-type": "message/rfc822" },
          body: body as BodyInit,
        }),
        { db: t.db, secret: SECRET, dispatch: async () => {}, maxBytes: 1024 * 1024 },
      );
    const tooBig = await limited(new Uint8Array(1024 * 1024 + 1).fill(0x61));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: "the message is larger than 1 MB" });
    expect(await t.db.select().from(inboundEmails)).toHaveLength(0);
    expect((await limited(fixture("gmail-new.eml"))).status).toBe(202);
  });

  it("keeps the raw bytes exactly, and keys a message without Message-ID by its hash", async () => {
    const raw = fixture("windows-1252.eml");
    const { row } = await deliver(raw);
    expect(Buffer.from(row.raw).equals(Buffer.from(raw))).toBe(true);

    const anonymous = fixture("no-message-id.eml");
    const { row: hashed } = await deliver(anonymous);
    expect(hashed.messageIdKey).toBe(
      `sha256:${crypto.createHash("sha256").update(anonymous).digest("hex")}`,
    );
    expect(hashed.status).toBe("processed");
    expect(await (await post(anonymous)).json()).toEqual({ id: hashed.id, status: "duplicate" });
  });

  it("chooses the mailbox by envelope recipient, then by a To/Cc address (plus-tags ignored)", async () => {
    const [sales] = await t.db
      .insert(mailboxes)
      .values({ name: "Sales", address: "sales@helpdesk.test" })
      .returning();
    const { row: byEnvelope } = await deliver(rawMail({ "Message-ID": "<env@x.test>" }), {
      to: "Sales+campaign@helpdesk.test",
    });
    expect(byEnvelope.mailboxId).toBe(sales!.id);
    const { row: byCc } = await deliver(
      rawMail({
        "Message-ID": "<cc@x.test>",
        To: "colleague@example.org",
        Cc: "Sales <sales+x@helpdesk.test>",
      }),
    );
    expect(byCc.mailboxId).toBe(sales!.id);
    const { row: fallback } = await deliver(
      rawMail({ "Message-ID": "<other@x.test>", To: "someone@else.test" }),
    );
    expect(fallback.mailboxId).toBe(mailbox.id);
  });
});

describe("processing", () => {
  it("opens a ticket from a new mail with the mailbox defaults and records its Message-ID", async () => {
    const [category] = await t.db.select().from(categories).limit(1);
    await t.db
      .update(mailboxes)
      .set({ defaultPriority: "high", defaultCategoryId: category?.id ?? null })
      .where(eq(mailboxes.id, mailbox.id));
    const { row } = await deliver(fixture("gmail-new.eml"));
    expect(row).toMatchObject({
      status: "processed",
      threadingReason: "new ticket",
      fromAddress: "maria.gonzalez@example.org",
      subject: "Printer on fire",
      attempts: 1,
    });
    const [ticket] = await allTickets();
    expect(ticket).toMatchObject({
      id: row.ticketId,
      subject: "Printer on fire",
      channel: "email",
      priority: "high",
      categoryId: category?.id ?? null,
      mailboxId: mailbox.id,
    });
    const [first] = await messagesOf(ticket!.id);
    expect(first).toMatchObject({ id: row.messageId, kind: "reply" });
    expect(first!.bodyText).toContain("smokes when it prints double-sided");
    expect(first!.emailMessageId).toBe("<CAHx5mKq8VbU2n1nF0Yt2Qz@mail.gmail.com>");
    const recorded = await t.db.select().from(messageIds).orderBy(messageIds.id);
    // The customer's mail, then the acknowledgement we queued in answer (lib/mail/acknowledgement.ts).
    expect(recorded).toMatchObject([
      { emailMessageId: "<CAHx5mKq8VbU2n1nF0Yt2Qz@mail.gmail.com>", direction: "in" },
      { direction: "out", ticketId: ticket!.id },
    ]);
  });

  it("keeps a malformed message, marks it failed with the error, and shows it in the log", async () => {
    const { outcome, row } = await deliver(fixture("malformed.eml"));
    expect(outcome.outcome).toBe("failed");
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/Malformed message/);
    expect(row.attempts).toBe(1);
    expect(await allTickets()).toHaveLength(0);
    const log = await listInboundEmails(t.db, { actor: admin });
    expect(log.rows).toMatchObject([{ id: row.id, status: "failed", error: row.error }]);
    const detail = await getInboundEmail(t.db, { actor: admin, id: row.id });
    expect(Buffer.from(detail!.raw).equals(Buffer.from(fixture("malformed.eml")))).toBe(true);
    await expect(listInboundEmails(t.db, { actor: agent })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("threads a reply by In-Reply-To and records why", async () => {
    const ticket = await seedTicket();
    const { row } = await deliver(fixture("gmail-reply.eml"));
    expect(row).toMatchObject({
      status: "processed",
      ticketId: ticket.id,
      threadingReason: "In-Reply-To <out-first-reply@helpdesk.test>",
    });
    expect(await allTickets()).toHaveLength(1);
    const last = (await messagesOf(ticket.id)).at(-1)!;
    expect(last).toMatchObject({ id: row.messageId, kind: "reply" });
    // The full original is kept, quoted history included.
    expect(last.bodyText).toContain("Unplugging it worked");
    expect(last.bodyText).toContain("> Please unplug it");
  });

  it("threads Thunderbird and iPhone Mail replies, decoding what each client does its own way", async () => {
    const ticket = await seedTicket();
    const byId = async (id: number | null) =>
      (await messagesOf(ticket.id)).find((m) => m.id === id)!;

    // Thunderbird: a folded UTF-8 encoded-word subject, format=flowed text, a German quote line,
    // and References that start with a Message-ID we never saw.
    const { row: thunderbird } = await deliver(fixture("thunderbird-reply.eml"));
    expect(thunderbird).toMatchObject({
      status: "processed",
      ticketId: ticket.id,
      subject: "Re: [TKT-001] Printer on fire – läuft wieder",
      threadingReason: "In-Reply-To <out-first-reply@helpdesk.test>",
    });
    const flowed = await byId(thunderbird.messageId);
    // The soft line break of format=flowed is joined back into one line.
    expect(flowed.bodyText).toContain("fünf Minuten vom Strom getrennt habe.");
    expect(splitQuotedText(flowed.bodyText)).toMatchObject({
      reply: expect.stringContaining("Danke für die schnelle Hilfe!"),
      quoted: expect.stringMatching(/^Am 02\.03\.26 um 10:40 schrieb Helpdesk:/),
    });

    // iPhone Mail: References only (no In-Reply-To), quoted-printable UTF-8 with an emoji, the
    // quote header itself quoted with "> ", and a byte-order mark inside the quote.
    const { row: iphone } = await deliver(fixture("ios-mail-reply.eml"));
    expect(iphone).toMatchObject({
      status: "processed",
      ticketId: ticket.id,
      threadingReason: "References <out-first-reply@helpdesk.test>",
    });
    const mobile = await byId(iphone.messageId);
    expect(mobile.bodyText).toContain("Thanks, that did it — it’s printing again! 👍");
    expect(splitQuotedText(mobile.bodyText)).toMatchObject({
      reply: expect.stringMatching(/Sent from my iPhone$/),
      quoted: expect.stringContaining("Please unplug it and wait five minutes."),
    });
    expect(mobile.bodyHtml).toContain("<blockquote>");
    expect(await allTickets()).toHaveLength(1);
  });

  it("threads by the signed reply token in the recipient address", async () => {
    const ticket = await seedTicket();
    const token = signReplyToken(testMailSettings.replyTokenKey, ticket.id);
    const { row } = await deliver(
      rawMail({
        "Message-ID": "<token-1@example.org>",
        To: `Helpdesk <support+${token}@helpdesk.test>`,
        Subject: "A different subject",
      }),
    );
    expect(row).toMatchObject({ ticketId: ticket.id, threadingReason: "reply token" });
    // A forged token is just a new ticket.
    const { row: forged } = await deliver(
      rawMail({
        "Message-ID": "<token-2@example.org>",
        To: `support+${ticket.id.toString(36)}-000000000000000000000000@helpdesk.test`,
      }),
    );
    expect(forged.threadingReason).toBe("new ticket");
  });

  it("threads [TKT-n] from the requester, but a stranger quoting it gets a new ticket", async () => {
    const ticket = await seedTicket();
    const { row } = await deliver(
      rawMail({ "Message-ID": "<subj-1@example.org>", Subject: "Re: [TKT-001] Printer on fire" }),
    );
    expect(row).toMatchObject({
      ticketId: ticket.id,
      threadingReason: "subject TKT-001 from requester",
    });

    const { row: stranger } = await deliver(fixture("stranger-quoting-tkt.eml"));
    expect(stranger.threadingReason).toBe("new ticket");
    expect(stranger.ticketId).not.toBe(ticket.id);
    const strangers = await t.db.select().from(tickets).where(eq(tickets.id, stranger.ticketId!));
    expect(strangers[0]!.subject).toBe("Re: [TKT-001] Printer on fire");
    // Nothing of the stranger's landed on Maria's ticket.
    const onTicket = await messagesOf(ticket.id);
    expect(onTicket.some((m) => m.bodyText.includes("customer's address"))).toBe(false);
  });

  it("puts a reply to a merged ticket on the ticket it was merged into", async () => {
    const source = await seedTicket();
    const { ticket: target } = await createTicket(t.db, {
      actor: agent,
      subject: "Printer (main ticket)",
      body: "Same printer.",
      requester: { email: "maria.gonzalez@example.org" },
    });
    await t.db
      .update(tickets)
      .set({ mergedIntoId: target.id, status: "closed" })
      .where(eq(tickets.id, source.id));
    const { row } = await deliver(fixture("gmail-reply.eml"));
    expect(row.ticketId).toBe(target.id);
    expect((await messagesOf(target.id)).at(-1)!.bodyText).toContain("Unplugging it worked");
  });

  it("starts a follow-up when the customer replies to a closed ticket", async () => {
    const ticket = await seedTicket();
    await t.db.update(tickets).set({ status: "closed" }).where(eq(tickets.id, ticket.id));
    const { row } = await deliver(fixture("gmail-reply.eml"));
    const [followUp] = await t.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
    expect(followUp).toMatchObject({ followUpOfId: ticket.id, status: "open" });
    expect(row.threadingReason).toBe("In-Reply-To <out-first-reply@helpdesk.test>");
  });

  it("stores an auto-reply on its ticket as automated without reopening it; alone it is junk", async () => {
    const ticket = await seedTicket();
    await t.db.update(tickets).set({ status: "resolved" }).where(eq(tickets.id, ticket.id));
    const { row } = await deliver(fixture("auto-reply.eml"));
    expect(row).toMatchObject({
      status: "processed",
      automatedKind: "auto_reply",
      ticketId: ticket.id,
      threadingReason: "In-Reply-To <out-first-reply@helpdesk.test>",
    });
    const note = (await messagesOf(ticket.id)).find((m) => m.id === row.messageId)!;
    expect(note.kind).toBe("note");
    expect(note.bodyText).toContain("out of the office");
    const [after] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after!.status).toBe("resolved");

    await resetDatabase(t.db);
    await t.db.insert(mailboxes).values({ name: "Support", address: "support@helpdesk.test" });
    const { row: alone } = await deliver(fixture("auto-reply.eml"));
    expect(alone).toMatchObject({ status: "junk", automatedKind: "auto_reply", ticketId: null });
    expect(await allTickets()).toHaveLength(0);
  });

  it("attaches a bounce to the ticket whose mail bounced", async () => {
    const ticket = await seedTicket("<out-bounced@helpdesk.test>");
    const { row } = await deliver(fixture("dsn-bounce.eml"));
    expect(row).toMatchObject({
      status: "processed",
      automatedKind: "bounce",
      ticketId: ticket.id,
      threadingReason: "bounce of <out-bounced@helpdesk.test>",
    });
    expect(await allTickets()).toHaveLength(1);
  });

  it("decodes ISO-8859-1, Windows-1252 and ISO-2022-JP subjects and bodies", async () => {
    const cases = [
      ["apple-mail-iso-8859-1.eml", "Grüße aus München – Rechnung fehlt", "Rechnung für März"],
      ["windows-1252.eml", "Devis € et “garantie”", "1€200 – pouvez-vous confirmer la “garantie”"],
      ["iso-2022-jp.eml", "お問い合わせ：請求書", "請求書がまだ届いていません。"],
    ] as const;
    for (const [name, subject, body] of cases) {
      const { row } = await deliver(fixture(name));
      expect(row.subject, name).toBe(subject);
      const [ticket] = await t.db.select().from(tickets).where(eq(tickets.id, row.ticketId!));
      expect(ticket!.subject, name).toBe(subject);
      const [first] = await messagesOf(row.ticketId!);
      expect(first!.bodyText, name).toContain(body);
    }
  });

  it("sanitizes HTML: no script, no event handlers, no javascript: links; formatting kept", async () => {
    await seedTicket("<out-outlook-thread@helpdesk.test>");
    const { row } = await deliver(fixture("outlook-reply-html-only.eml"));
    const [message] = await t.db.select().from(messages).where(eq(messages.id, row.messageId!));
    const html = message!.bodyHtml!;
    expect(html).toContain("<b>still</b>");
    expect(html).toContain('href="https://contoso.example/ticket"');
    expect(html).not.toMatch(/<script|alert\(|onerror|javascript:|<style/i);
    // Text generated from the HTML-only mail.
    expect(message!.bodyText).toContain("The toner is still leaking.");
  });

  it("stores attachments and inline images with their sha256, claimed by the message", async () => {
    const { row } = await deliver(fixture("with-attachment.eml"));
    const stored = await t.db
      .select()
      .from(attachments)
      .where(eq(attachments.messageId, row.messageId!))
      .orderBy(attachments.id);
    expect(stored.map((a) => a.filename).sort()).toEqual(["error-screenshot.png", "logo.png"]);
    for (const file of stored) {
      expect(file).toMatchObject({ ticketId: row.ticketId, contentType: "image/png" });
      const bytes = await storage.read(file.storageKey);
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(file.sha256);
      expect(bytes.byteLength).toBe(file.sizeBytes);
    }
    expect(stored.find((a) => a.filename === "logo.png")!.contentId).toBe("logo.4f2a@example.in");
    const [message] = await t.db.select().from(messages).where(eq(messages.id, row.messageId!));
    expect(message!.bodyHtml).toContain('src="cid:logo.4f2a@example.in"');
  });

  // Parsing ~14 MB of MIME takes 10-30 s on a busy 2-core machine: this test gets more time.
  it("drops an attachment over 10 MB with a system message naming it, and keeps the mail", async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x41).toString("base64");
    const raw = text(
      [
        "From: Maria Gonzalez <maria.gonzalez@example.org>",
        "To: support@helpdesk.test",
        "Subject: Huge log",
        "Message-ID: <huge-1@example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Log attached.",
        "--b",
        'Content-Type: text/plain; name="server.log"',
        'Content-Disposition: attachment; filename="server.log"',
        "Content-Transfer-Encoding: base64",
        "",
        big.replace(/.{76}/g, "$&\r\n"),
        "--b--",
        "",
      ].join("\r\n"),
    );
    const { row } = await deliver(raw);
    expect(row.status).toBe("processed");
    expect(await t.db.select().from(attachments)).toHaveLength(0);
    const conversation = await messagesOf(row.ticketId!);
    expect(conversation.find((m) => m.id === row.messageId)!.bodyText).toBe("Log attached.");
    expect(conversation.map((m) => m.bodyText)).toContain(
      "An attachment of the email was not kept: server.log is larger than 10 MB",
    );
  }, 120_000);

  it("closes the ticket on #close# from the requester, and strips the command", async () => {
    const ticket = await seedTicket();
    const { row } = await deliver(
      rawMail({
        "Message-ID": "<close-1@example.org>",
        "In-Reply-To": "<out-first-reply@helpdesk.test>",
        Subject: "Re: [TKT-001] Printer on fire #close#",
      }),
    );
    expect(row.ticketId).toBe(ticket.id);
    const [closed] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(closed!.status).toBe("closed");
  });

  it("removes the sender from the subscribers on #unsubscribe#", async () => {
    const ticket = await seedTicket();
    await t.db
      .insert(ticketSubscribers)
      .values({ ticketId: ticket.id, email: "Boss@Example.org", name: "Boss" });
    const { row } = await deliver(
      rawMail({
        From: "Boss <boss@example.org>",
        "Message-ID": "<unsub-1@example.org>",
        Subject: "#unsub# [TKT-001] Printer on fire",
      }),
    );
    expect(row.threadingReason).toBe("subject TKT-001 from subscriber");
    expect(
      await t.db.select().from(ticketSubscribers).where(eq(ticketSubscribers.ticketId, ticket.id)),
    ).toHaveLength(0);
  });

  it("posts an agent's emailed answer as their reply (mailed out), and #tech# as a note", async () => {
    const ticket = await seedTicket();
    const { row, outcome } = await deliver(
      rawMail(
        {
          From: "Alice Agent <ALICE@helpdesk.test>",
          "Message-ID": "<agent-1@helpdesk.test>",
          "In-Reply-To": "<out-first-reply@helpdesk.test>",
          Subject: "Re: [TKT-001] Printer on fire",
        },
        "Please unplug it.\n\nOn Mon, Maria wrote:\n> It smokes.\n",
      ),
    );
    const [reply] = await t.db.select().from(messages).where(eq(messages.id, row.messageId!));
    expect(reply).toMatchObject({
      kind: "reply",
      authorUserId: agent.id,
      bodyText: "Please unplug it.",
    });
    expect(outcome).toMatchObject({ outcome: "processed", outboundEmailIds: [expect.any(Number)] });
    const outbox = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.ticketId, ticket.id));
    expect(outbox).toHaveLength(1);

    const { row: tech, outcome: techOutcome } = await deliver(
      rawMail(
        {
          From: "alice@helpdesk.test",
          "Message-ID": "<agent-2@helpdesk.test>",
          Subject: "#tech# [TKT-001] Printer on fire",
        },
        "Check the fuser unit first.",
      ),
    );
    expect(tech.threadingReason).toBe("subject TKT-001 from agent");
    const [note] = await t.db.select().from(messages).where(eq(messages.id, tech.messageId!));
    expect(note).toMatchObject({ kind: "note", authorUserId: agent.id });
    expect(techOutcome).toMatchObject({ outboundEmailIds: [] });
  });

  it("stores a message sent to two of our mailboxes once on the ticket (duplicate)", async () => {
    await t.db.insert(mailboxes).values({ name: "Sales", address: "sales@helpdesk.test" });
    const raw = rawMail({ "Message-ID": "<both@example.org>", To: "support@helpdesk.test" });
    const { row: first } = await deliver(raw);
    const { row: second } = await deliver(raw, { to: "sales@helpdesk.test" });
    expect(second).toMatchObject({ status: "duplicate", ticketId: first.ticketId });
    expect(await allTickets()).toHaveLength(1);
  });

  it("retries a rejected or failed message once the cause is fixed", async () => {
    await t.db
      .update(mailboxes)
      .set({ acceptUnknownSenders: false })
      .where(eq(mailboxes.id, mailbox.id));
    const { row } = await deliver(fixture("gmail-new.eml"));
    expect(row.status).toBe("rejected");
    expect(row.error).toMatch(/Unknown sender maria\.gonzalez@example\.org/);
    expect(await allTickets()).toHaveLength(0);
    // A normal (event) run leaves it alone; an admin's retry after the fix processes it.
    expect((await processRow(row.id)).outcome).toBe("skipped");
    await t.db
      .update(mailboxes)
      .set({ acceptUnknownSenders: true })
      .where(eq(mailboxes.id, mailbox.id));
    const retried = await retryInboundEmail(t.db, storage, {
      actor: admin,
      id: row.id,
      mail: testMailSettings,
    });
    expect(retried).toMatchObject({ outcome: "processed", reason: "new ticket" });

    // A failure: the mailbox's default category was deactivated.
    const [category] = await t.db.select().from(categories).limit(1);
    await t.db.update(categories).set({ isActive: false }).where(eq(categories.id, category!.id));
    await t.db
      .update(mailboxes)
      .set({ defaultCategoryId: category!.id })
      .where(eq(mailboxes.id, mailbox.id));
    const { row: failed } = await deliver(fixture("forwarded.eml"));
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.error).toMatch(/category/);
    await t.db.update(categories).set({ isActive: true }).where(eq(categories.id, category!.id));
    const again = await retryInboundEmail(t.db, storage, {
      actor: admin,
      id: failed.id,
      mail: testMailSettings,
    });
    expect(again.outcome).toBe("processed");
    const [done] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, failed.id));
    expect(done).toMatchObject({ status: "processed", attempts: 2, error: null });
    await expect(
      retryInboundEmail(t.db, storage, { actor: admin, id: failed.id, mail: testMailSettings }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("round trip: the customer's reply to an agent's emailed answer lands on the same ticket", async () => {
    const { row: opened } = await deliver(fixture("gmail-new.eml"));
    const ticketId = opened.ticketId!;
    const { outboundEmailIds } = await postMessage(t.db, {
      actor: agent,
      ticket: { id: ticketId },
      kind: "reply",
      body: "Please unplug it and wait five minutes.",
      mail: testMailSettings,
    });
    const [sent] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, outboundEmailIds[0]!));
    // Our answer threads under the customer's first mail.
    expect(sent!.headers["In-Reply-To"]).toBe("<CAHx5mKq8VbU2n1nF0Yt2Qz@mail.gmail.com>");
    const { row } = await deliver(
      rawMail(
        {
          "Message-ID": "<roundtrip-2@example.org>",
          To: sent!.replyTo!,
          Subject: `Re: ${sent!.subject}`,
          "In-Reply-To": sent!.emailMessageId,
          References: `${sent!.headers.References ?? ""} ${sent!.emailMessageId}`.trim(),
        },
        "That worked, thanks!",
      ),
    );
    expect(row).toMatchObject({
      ticketId,
      threadingReason: `In-Reply-To ${sent!.emailMessageId}`,
    });
    expect(await allTickets()).toHaveLength(1);
    const recorded = await t.db
      .select()
      .from(messageIds)
      .where(and(eq(messageIds.ticketId, ticketId), eq(messageIds.direction, "in")));
    expect(recorded.map((r) => r.emailMessageId).sort()).toEqual(
      ["<CAHx5mKq8VbU2n1nF0Yt2Qz@mail.gmail.com>", "<roundtrip-2@example.org>"].sort(),
    );
  });
});

describe("the in-process sweep", () => {
  it("processes a message that was stored but never processed, and leaves fresh ones to their own run", async () => {
    const response = await post(fixture("gmail-new.eml"));
    const { id } = (await response.json()) as { id: number };
    const [stored] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
    expect(stored?.status).toBe("received");

    expect(await sweepInboundEmails(t.db, { now: new Date(), storage })).toBe(0);
    const later = new Date(stored!.receivedAt.getTime() + 5 * 60_000);
    expect(await sweepInboundEmails(t.db, { now: later, storage })).toBe(1);
    const [processed] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
    expect(processed?.status).toBe("processed");
    expect(await allTickets()).toHaveLength(1);
    // A second sweep finds nothing left to do.
    expect(await sweepInboundEmails(t.db, { now: later, storage })).toBe(0);
  });
});
