/**
 * "New email" from the console: the agent's message opens an email ticket, goes out through the
 * outbox with threading headers and the signed Reply-To, and the customer's answer — posted through
 * the real inbound endpoint and pipeline — lands on that same ticket. Bad addresses are refused.
 */
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  inboundEmails,
  mailboxes,
  messageIds,
  messages,
  outboundEmails,
  tickets,
} from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { handleInboundEmailRequest } from "@/lib/mail/inbound/handle-request";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { composeEmail } from "@/lib/tickets/compose-email";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const SECRET = "compose-test-secret-0123456789abcdef";
const mail = testMailSettings;

let root: string;
let storage: LocalDiskStorage;
let alice: UserActor;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "compose-email-"));
  storage = new LocalDiskStorage(root);
  await t.db
    .insert(mailboxes)
    .values({ name: "Support", address: "support@helpdesk.test", isDefault: true });
  alice = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@helpdesk.test" }),
  ) as UserActor;
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

/** Posts a raw message to the inbound endpoint and runs the processing it queued. */
async function deliver(raw: string) {
  const response = await handleInboundEmailRequest(
    new Request("http://localhost/api/inbound/email", {
      method: "POST",
      headers: { "content-type": "message/rfc822", authorization: `Bearer ${SECRET}` },
      body: new TextEncoder().encode(raw) as BodyInit,
    }),
    { db: t.db, secret: SECRET, dispatch: async () => {} },
  );
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: number };
  await processInboundEmail(t.db, storage, { inboundEmailId: id, mail });
  const [row] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
  return row!;
}

describe("compose a new email to a customer", () => {
  it("opens an email ticket with our message first, and the customer's reply threads into it", async () => {
    const { ticket, message, outboundEmailIds } = await composeEmail(t.db, {
      actor: alice,
      mail,
      to: "  dana@customer.example ",
      name: "Dana Doe",
      subject: "Your renewal",
      body: "Hi Dana, your plan renews next week. Any questions?",
    });
    expect(ticket).toMatchObject({
      channel: "email",
      subject: "Your renewal",
      assigneeId: alice.id,
    });
    expect(message).toMatchObject({ kind: "reply", authorUserId: alice.id });

    const [sent] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, outboundEmailIds[0]!));
    expect(sent!.to).toEqual([{ email: "dana@customer.example", name: "Dana Doe" }]);
    expect(sent!.subject).toContain(`[TKT-${String(ticket.number).padStart(3, "0")}]`);
    expect(sent!.textBody).toContain("your plan renews next week");
    expect(sent!.replyTo).toMatch(/\+/);
    expect(sent!.emailMessageId).toMatch(/^<.+@.+>$/);

    const row = await deliver(
      [
        "From: Dana Doe <dana@customer.example>",
        `To: ${sent!.replyTo}`,
        `Subject: Re: ${sent!.subject}`,
        "Message-ID: <dana-answer-1@customer.example>",
        `In-Reply-To: ${sent!.emailMessageId}`,
        `References: ${sent!.emailMessageId}`,
        "Date: Mon, 2 Mar 2026 10:00:00 +0000",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "No questions, thanks - please renew.",
        "",
      ].join("\r\n"),
    );
    expect(row).toMatchObject({ status: "processed", ticketId: ticket.id });
    expect(await t.db.select().from(tickets)).toHaveLength(1);
    const thread = await t.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, ticket.id), eq(messages.kind, "reply")))
      .orderBy(messages.createdAt, messages.id);
    expect(thread.map((m) => [m.authorUserId, m.authorContactId !== null])).toEqual([
      [alice.id, false],
      [null, true],
    ]);
    expect(thread[1]!.bodyText).toContain("please renew");
    const recorded = await t.db.select().from(messageIds).where(eq(messageIds.ticketId, ticket.id));
    expect(recorded.map((r) => r.emailMessageId)).toEqual(
      expect.arrayContaining([sent!.emailMessageId, "<dana-answer-1@customer.example>"]),
    );
  });

  it("is sent from the chosen mailbox (the default otherwise), and refuses an unknown one", async () => {
    const [billing] = await t.db
      .insert(mailboxes)
      .values({ name: "Billing", address: "billing@helpdesk.test" })
      .returning();
    const viaDefault = await composeEmail(t.db, {
      actor: alice,
      mail,
      to: "dana@customer.example",
      subject: "Hello",
      body: "Hi",
    });
    const viaBilling = await composeEmail(t.db, {
      actor: alice,
      mail,
      to: "dana@customer.example",
      subject: "Your invoice",
      body: "Attached soon.",
      mailboxId: billing!.id,
    });
    expect(viaBilling.ticket.mailboxId).toBe(billing!.id);
    expect(viaDefault.ticket.mailboxId).not.toBe(billing!.id);
    const sent = await t.db.select().from(outboundEmails).orderBy(outboundEmails.id);
    expect(sent.map((row) => row.replyTo!.split("@")[1])).toEqual([
      "helpdesk.test",
      "helpdesk.test",
    ]);
    expect(sent[0]!.replyTo).toMatch(/^support\+/);
    expect(sent[1]!.replyTo).toMatch(/^billing\+/);

    const refused = await composeEmail(t.db, {
      actor: alice,
      mail,
      to: "dana@customer.example",
      subject: "Hello",
      body: "Hi",
      mailboxId: 999_999,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as DomainError).message).toBe("Choose a mailbox to send from.");
    expect(await t.db.select().from(tickets)).toHaveLength(2);
  });

  it("refuses an invalid address with a clear message and creates nothing", async () => {
    for (const to of ["not-an-address", "dana@", "", "a b@example.com"]) {
      const error = await composeEmail(t.db, {
        actor: alice,
        mail,
        to,
        subject: "Hello",
        body: "Hi",
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toMatch(/email address/);
      expect((error as DomainError).details?.to?.[0]).toMatch(/email address/);
    }
    expect(await t.db.select().from(tickets)).toEqual([]);
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
  });
});
