import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { beforeEach, describe, expect, it } from "vitest";
import { messageIds, messages, outboundEmails, ticketSubscribers } from "@/db/schema";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { createSendOutboundEmailFunction } from "@/inngest/functions/send-outbound-email";
import type { UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { dispatchEvents } from "@/lib/events/dispatch";
import { enqueueEmail } from "@/lib/mail/outbox";
import { OUTBOX_SWEEP_LOCK_KEY, sweepOutbox } from "@/lib/mail/outbox-sweep";
import { replyTokenFromAddress, verifyReplyToken } from "@/lib/mail/reply-token";
import {
  MAX_ATTEMPTS,
  findDueOutboundEmails,
  sendOutboundEmail,
} from "@/lib/mail/send-outbound-email";
import { createDevTransport } from "@/lib/mail/transports/dev";
import { createResendTransport } from "@/lib/mail/transports/resend";
import { createSmtpTransport } from "@/lib/mail/transports/smtp";
import { createTicket } from "@/lib/tickets/create-ticket";
import { postMessage } from "@/lib/tickets/post-message";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeContact, makeUser } from "../helpers/factories";
import { recordingTransport, startResendStandIn, testMailSettings } from "../helpers/mail";

const t = setUpTestDatabase();

let agent: UserActor;
beforeEach(async () => {
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});

const MINUTE = 60_000;

async function openTicket(email = "casey@example.test") {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    subject: "Printer on fire",
    body: "It smokes.",
    requester: { email, name: "Casey Customer" },
  });
  return ticket;
}

async function reply(ticketId: number, body = "Please unplug it.\nThen wait <5> minutes.") {
  return postMessage(t.db, {
    actor: agent,
    ticket: { id: ticketId },
    kind: "reply",
    body,
    mail: testMailSettings,
  });
}

async function rowOf(id: number) {
  const [row] = await t.db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
  return row!;
}

describe("a public reply", () => {
  it("queues one email to the requester, copied to subscribers, threaded and signed", async () => {
    const ticket = await openTicket();
    await t.db.insert(ticketSubscribers).values([
      { ticketId: ticket.id, email: "boss@example.test", name: "The Boss" },
      { ticketId: ticket.id, email: "CASEY@example.test", name: "Casey again" },
    ]);
    // The customer's message arrived by email (as the inbound pipeline will record it).
    await t.db.insert(messageIds).values({
      emailMessageId: "<customer-1@mail.example.test>",
      ticketId: ticket.id,
      direction: "in",
      createdAt: new Date(Date.now() - 60_000),
    });

    const { message, outboundEmailIds } = await reply(ticket.id);
    expect(outboundEmailIds).toHaveLength(1);
    const rows = await t.db.select().from(outboundEmails);
    expect(rows).toHaveLength(1);
    const email = rows[0]!;
    expect(email).toMatchObject({
      id: outboundEmailIds[0],
      kind: "reply",
      status: "queued",
      ticketId: ticket.id,
      messageId: message.id,
      from: testMailSettings.from,
      to: [{ email: "casey@example.test", name: "Casey Customer" }],
      // The requester is not copied a second time through a subscriber with another case.
      cc: [{ email: "boss@example.test", name: "The Boss" }],
      subject: "[TKT-001] Printer on fire",
      // Rendered through the "reply" template: the reply first, then the links.
      textBody: expect.stringMatching(/^Please unplug it\.\nThen wait <5> minutes\.\n/),
    });
    expect(email.htmlBody).toContain("Please unplug it.<br>\nThen wait &lt;5&gt; minutes.");

    // Our Message-ID: on the email, the message row, and in message_ids for threading.
    expect(email.emailMessageId).toMatch(/^<[\w-]+@helpdesk\.test>$/);
    expect(email.headers["Message-ID"]).toBe(email.emailMessageId);
    expect(message.emailMessageId).toBe(email.emailMessageId);
    const [stored] = await t.db.select().from(messages).where(eq(messages.id, message.id));
    expect(stored!.emailMessageId).toBe(email.emailMessageId);
    const thread = await t.db
      .select()
      .from(messageIds)
      .where(eq(messageIds.emailMessageId, email.emailMessageId));
    expect(thread).toMatchObject([{ ticketId: ticket.id, direction: "out" }]);

    expect(email.headers["In-Reply-To"]).toBe("<customer-1@mail.example.test>");
    expect(email.headers.References).toBe("<customer-1@mail.example.test>");
    // A person's reply is not automatic mail.
    expect(email.headers["Auto-Submitted"]).toBeUndefined();
    expect(email.headers.Precedence).toBeUndefined();

    const token = replyTokenFromAddress(email.replyTo!);
    expect(email.replyTo).toMatch(/^support\+[0-9a-z]+-[0-9a-f]+@helpdesk\.test$/);
    expect(verifyReplyToken(testMailSettings.replyTokenKey, token!)).toBe(ticket.id);
  });

  it("threads a second reply under the first when the customer never wrote by email", async () => {
    const ticket = await openTicket();
    const first = await rowOf((await reply(ticket.id, "One")).outboundEmailIds[0]!);
    expect(first.headers["In-Reply-To"]).toBeUndefined();
    const second = await rowOf((await reply(ticket.id, "Two")).outboundEmailIds[0]!);
    expect(second.headers["In-Reply-To"]).toBe(first.emailMessageId);
    expect(second.emailMessageId).not.toBe(first.emailMessageId);
  });

  it("queues nothing for an internal note", async () => {
    const ticket = await openTicket();
    const { outboundEmailIds, message } = await postMessage(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      kind: "note",
      body: "Internal only",
      mail: testMailSettings,
    });
    expect(outboundEmailIds).toEqual([]);
    expect(message.emailMessageId).toBeNull();
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
  });

  it("refuses a reply whose requester address is invalid, writing nothing", async () => {
    const contact = await makeContact(t.db, { email: "not an address" });
    const { ticket } = await createTicket(t.db, {
      actor: agent,
      subject: "Broken",
      body: "x",
      requester: { email: "someone@example.test" },
    });
    await t.db.execute(
      // Point the ticket at a contact that slipped in without validation (an old import).
      sql`update tickets set requester_id = ${contact.id} where id = ${ticket.id}`,
    );
    await expect(reply(ticket.id)).rejects.toThrowError(/valid email address/);
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
    expect(await t.db.select().from(messages).where(eq(messages.authorUserId, agent.id))).toEqual(
      [],
    );
  });
});

describe("enqueueEmail", () => {
  it("rejects invalid addresses at the boundary", async () => {
    const attempt = (to: string, cc: string[] = []) =>
      enqueueEmail(t.db, {
        mail: testMailSettings,
        kind: "test",
        to: [{ email: to }],
        cc: cc.map((email) => ({ email })),
        subject: "Hello",
        text: "Hi",
      });
    await expect(attempt("nobody")).rejects.toBeInstanceOf(DomainError);
    await expect(attempt("a@b.test\r\nBcc: evil@example.test")).rejects.toThrowError(
      /to\.0\.email/,
    );
    await expect(attempt("ok@example.test", ["bad@"])).rejects.toThrowError(/cc\.0\.email/);
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
  });

  it("marks automatic mail so that auto-responders stay quiet", async () => {
    const ticket = await openTicket();
    const row = await enqueueEmail(t.db, {
      mail: testMailSettings,
      kind: "acknowledgement",
      ticket,
      to: [{ email: "casey@example.test" }],
      subject: "We got your request [TKT-001]",
      text: "Thanks",
      automatic: true,
    });
    expect(row.subject).toBe("We got your request [TKT-001]");
    expect(row.headers).toMatchObject({
      "Auto-Submitted": "auto-replied",
      "X-Auto-Response-Suppress": "All",
      Precedence: "auto_reply",
    });
  });
});

describe("sendOutboundEmail", () => {
  it("delivers with the dev transport and marks the row sent", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const now = new Date();
    const result = await sendOutboundEmail(t.db, createDevTransport(), {
      outboundEmailId: id!,
      now,
    });
    expect(result).toMatchObject({ outcome: "sent", attempts: 1 });
    expect(await rowOf(id!)).toMatchObject({
      status: "sent",
      attempts: 1,
      transport: "dev",
      providerMessageId: `dev-outbound-${id}`,
      sentAt: now,
      nextAttemptAt: null,
    });
    // Running it again is harmless.
    expect(
      await sendOutboundEmail(t.db, createDevTransport(), { outboundEmailId: id!, now }),
    ).toMatchObject({ outcome: "skipped", status: "sent" });
  });

  it("delivers once when two workers race for the same row", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const transport = recordingTransport({ delayMs: 50 });
    const results = await Promise.all([
      sendOutboundEmail(t.db, transport, { outboundEmailId: id! }),
      sendOutboundEmail(t.db, transport, { outboundEmailId: id! }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["sent", "skipped"]);
    expect(transport.calls).toBe(1);
    expect(await rowOf(id!)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("backs off 1 min, 5 min, 30 min, 2 h, 2 h, then gives up after the 6th attempt", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const transport = recordingTransport({ failures: Infinity });
    let now = new Date("2030-01-01T00:00:00Z");
    await t.db.update(outboundEmails).set({ nextAttemptAt: now }).where(eq(outboundEmails.id, id!));

    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const result = await sendOutboundEmail(t.db, transport, { outboundEmailId: id!, now });
      if (result.outcome !== "retry") throw new Error(`expected a retry, got ${result.outcome}`);
      const next = new Date(result.nextAttemptAt);
      delays.push((next.getTime() - now.getTime()) / MINUTE);
      expect(await rowOf(id!)).toMatchObject({
        status: "failed",
        attempts: attempt,
        lastError: "provider unavailable",
        nextAttemptAt: next,
      });
      // Not due yet: a sweep or a duplicate event a moment later does nothing.
      expect(
        await sendOutboundEmail(t.db, transport, {
          outboundEmailId: id!,
          now: new Date(next.getTime() - 1000),
        }),
      ).toMatchObject({ outcome: "skipped" });
      now = next;
    }
    expect(delays).toEqual([1, 5, 30, 120, 120]);

    const last = await sendOutboundEmail(t.db, transport, { outboundEmailId: id!, now });
    expect(last).toMatchObject({ outcome: "failed", attempts: MAX_ATTEMPTS });
    expect(await rowOf(id!)).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(await findDueOutboundEmails(t.db, new Date("2031-01-01T00:00:00Z"))).toEqual([]);
    expect(transport.calls).toBe(MAX_ATTEMPTS);
  });

  it("gives up at once when the provider refuses the mail for good", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const transport = recordingTransport({ failures: 1, permanent: true });
    expect(await sendOutboundEmail(t.db, transport, { outboundEmailId: id! })).toMatchObject({
      outcome: "failed",
      attempts: 1,
    });
    expect(await rowOf(id!)).toMatchObject({ status: "failed", nextAttemptAt: null });
  });

  it("retries a row left in sending by a worker that died, once its lease has passed", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const claimedAt = new Date("2030-01-01T00:00:00Z");
    await t.db
      .update(outboundEmails)
      .set({
        status: "sending",
        attempts: 1,
        nextAttemptAt: new Date(claimedAt.getTime() + 10 * MINUTE),
      })
      .where(eq(outboundEmails.id, id!));
    const transport = recordingTransport();
    const at = (minutes: number) => new Date(claimedAt.getTime() + minutes * MINUTE);

    expect(
      await sendOutboundEmail(t.db, transport, { outboundEmailId: id!, now: at(5) }),
    ).toMatchObject({ outcome: "skipped", status: "sending" });
    expect(await findDueOutboundEmails(t.db, at(5))).toEqual([]);
    expect(await findDueOutboundEmails(t.db, at(11))).toEqual([id]);
    expect(
      await sendOutboundEmail(t.db, transport, { outboundEmailId: id!, now: at(11) }),
    ).toMatchObject({ outcome: "sent", attempts: 2 });
    expect(transport.calls).toBe(1);
  });
});

describe("transports", () => {
  it("Resend: survives an outage with one delivery and the same Idempotency-Key on every try", async () => {
    const standIn = await startResendStandIn({ failures: 2 });
    try {
      const ticket = await openTicket();
      await t.db.insert(messageIds).values({
        emailMessageId: "<customer-1@mail.example.test>",
        ticketId: ticket.id,
        direction: "in",
      });
      const [id] = (await reply(ticket.id)).outboundEmailIds;
      const transport = createResendTransport({ apiKey: "re_test_key", baseUrl: standIn.url });
      let now = new Date();
      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const result = await sendOutboundEmail(t.db, transport, { outboundEmailId: id!, now });
        outcomes.push(result.outcome);
        if (result.outcome === "retry") now = new Date(result.nextAttemptAt);
      }
      expect(outcomes).toEqual(["retry", "retry", "sent"]);
      // A late duplicate run (a re-sent event) finds the row sent and sends nothing.
      await sendOutboundEmail(t.db, transport, { outboundEmailId: id!, now });

      expect(standIn.requests).toHaveLength(3);
      expect(new Set(standIn.requests.map((r) => r.idempotencyKey))).toEqual(
        new Set([`outbound-${id}`]),
      );
      expect(standIn.deliveries).toHaveLength(1);
      const row = await rowOf(id!);
      expect(row).toMatchObject({
        status: "sent",
        attempts: 3,
        transport: "resend",
        providerMessageId: "re_1",
        lastError: null,
      });
      expect(standIn.deliveries[0]).toMatchObject({
        from: '"Helpdesk" <support@helpdesk.test>',
        to: ['"Casey Customer" <casey@example.test>'],
        subject: "[TKT-001] Printer on fire",
        reply_to: row.replyTo,
        text: expect.stringMatching(/^Please unplug it\.\nThen wait <5> minutes\.\n/),
        headers: {
          "Message-ID": row.emailMessageId,
          "In-Reply-To": "<customer-1@mail.example.test>",
          References: "<customer-1@mail.example.test>",
        },
      });
    } finally {
      await standIn.close();
    }
  });

  it("SMTP: a real SMTP listener receives our Message-ID, In-Reply-To and Reply-To", async () => {
    const received: { from: string; to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.server.address() as AddressInfo;
      const ticket = await openTicket();
      await t.db
        .insert(ticketSubscribers)
        .values({ ticketId: ticket.id, email: "boss@example.test" });
      await t.db.insert(messageIds).values({
        emailMessageId: "<customer-1@mail.example.test>",
        ticketId: ticket.id,
        direction: "in",
      });
      const [id] = (await reply(ticket.id)).outboundEmailIds;
      const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}` });
      expect(await sendOutboundEmail(t.db, transport, { outboundEmailId: id! })).toMatchObject({
        outcome: "sent",
      });

      const row = await rowOf(id!);
      expect(row).toMatchObject({ status: "sent", transport: "smtp" });
      expect(received).toHaveLength(1);
      const mail = received[0]!;
      expect(mail.from).toBe("support@helpdesk.test");
      expect(mail.to.sort()).toEqual(["boss@example.test", "casey@example.test"]);
      // Unfold continuation lines before reading headers.
      const head = mail.raw.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]+/g, " ");
      expect(head).toMatch(new RegExp(`^Message-ID: ${escape(row.emailMessageId)}$`, "mi"));
      expect(head).toMatch(/^In-Reply-To: <customer-1@mail\.example\.test>$/im);
      expect(head).toMatch(/^References: <customer-1@mail\.example\.test>$/im);
      expect(head).toMatch(new RegExp(`^Reply-To: ${escape(row.replyTo!)}$`, "mi"));
      expect(head).toMatch(/^Subject: \[TKT-001\] Printer on fire$/im);
      expect(head).not.toMatch(/^Auto-Submitted:/im);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("dispatch and sweep without Inngest", () => {
  it("runs the worker in-process after dispatch", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const transport = recordingTransport();
    await dispatchEvents([outboundEmailQueuedEvent(id!)], {
      db: t.db,
      transport,
      useInngest: false,
    });
    for (let i = 0; i < 100 && (await rowOf(id!)).status !== "sent"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await rowOf(id!)).toMatchObject({ status: "sent" });
    expect(transport.sent).toHaveLength(1);
  });

  it("sweeps due and retryable rows, and only one process sweeps at a time", async () => {
    const ticket = await openTicket();
    const [first] = (await reply(ticket.id, "One")).outboundEmailIds;
    const [second] = (await reply(ticket.id, "Two")).outboundEmailIds;
    const now = new Date(Date.now() + 1000);
    // The first failed once and is due again; the second was never dispatched.
    await sendOutboundEmail(t.db, recordingTransport({ failures: 1 }), {
      outboundEmailId: first!,
      now,
    });
    const transport = recordingTransport();
    const later = new Date(now.getTime() + 2 * MINUTE);

    if (t.kind === "postgres") {
      const holder = await t.client.reserve();
      try {
        await holder`select pg_advisory_lock(${OUTBOX_SWEEP_LOCK_KEY})`;
        expect(await sweepOutbox(t, transport, { now: later })).toEqual({
          locked: false,
          attempted: 0,
          sent: 0,
        });
        await holder`select pg_advisory_unlock(${OUTBOX_SWEEP_LOCK_KEY})`;
      } finally {
        holder.release();
      }
    }

    expect(await sweepOutbox(t, transport, { now: later })).toEqual({
      locked: true,
      attempted: 2,
      sent: 2,
    });
    expect(transport.sent.map((m) => m.text.split("\n")[0]).sort()).toEqual(["One", "Two"]);
    expect(await sweepOutbox(t, transport, { now: later })).toMatchObject({ attempted: 0 });
    expect((await rowOf(second!)).status).toBe("sent");
  });
});

describe("the Inngest function", () => {
  it("sends the row through the worker, and refuses a row that does not exist", async () => {
    const ticket = await openTicket();
    const [id] = (await reply(ticket.id)).outboundEmailIds;
    const transport = recordingTransport();
    // A fresh engine per run: an engine remembers step results between executions.
    const run = (outboundEmailId: number) =>
      new InngestTestEngine({
        function: createSendOutboundEmailFunction(() => ({ db: t.db, transport })),
      }).execute({ events: [{ name: "email/outbound.queued", data: { outboundEmailId } }] });

    const { result } = await run(id!);
    expect(result).toMatchObject({ outcome: "sent", attempts: 1 });
    expect(transport.sent).toHaveLength(1);
    expect(await rowOf(id!)).toMatchObject({ status: "sent" });

    // A duplicate event is harmless.
    const again = await run(id!);
    expect(again.result).toMatchObject({ outcome: "skipped", status: "sent" });
    expect(transport.sent).toHaveLength(1);

    const missing = await run(999_999);
    expect(missing.error).toMatchObject({ name: "NonRetriableError" });
  });
});
