/**
 * Hard bounces: a delivery report with a 5.x.x status for an address we mailed suppresses automatic
 * mail to it (recorded as skipped, with the reason), until an agent clears the flag. Soft bounces and
 * addresses we never mailed change nothing; mail an agent writes still goes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Resend, type EmailBouncedEvent } from "resend";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, mailboxes, outboundEmails, type Mailbox } from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { enqueueAcknowledgement } from "@/lib/mail/acknowledgement";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { handleResendWebhookRequest } from "@/lib/mail/inbound/resend-webhook";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { findDueOutboundEmails } from "@/lib/mail/send-outbound-email";
import { clearSuppression } from "@/lib/mail/suppression";
import { createTicket } from "@/lib/tickets/create-ticket";
import { postMessage } from "@/lib/tickets/post-message";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const fixture = fs.readFileSync(path.join(import.meta.dirname, "../fixtures/email/dsn-bounce.eml"));
const MARIA = "maria.gonzalez@example.org";

let root: string;
let storage: LocalDiskStorage;
let agent: UserActor;
let mailbox: Mailbox;
const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "bounce-"));
  storage = new LocalDiskStorage(root);
  [mailbox] = (await t.db
    .insert(mailboxes)
    .values({ name: "Support", address: "support@helpdesk.test", isDefault: true })
    .returning()) as [Mailbox];
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

async function mariaTicket() {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    mail,
    subject: "Printer on fire",
    body: "It smokes.",
    requester: { email: MARIA, name: "Maria Gonzalez" },
    channel: "email",
    mailboxId: mailbox.id,
  });
  return ticket;
}

/** Our reply to Maria: the mail the report says bounced. */
async function replyToMaria(ticketId: number, body = "Please unplug it.") {
  return postMessage(t.db, { actor: agent, ticket: { id: ticketId }, kind: "reply", body, mail });
}

async function deliver(raw: Uint8Array) {
  const { id } = await receiveInboundEmail(t.db, { raw });
  return processInboundEmail(t.db, storage, { inboundEmailId: id, mail });
}

async function maria() {
  const [row] = await t.db.select().from(contacts).where(eq(contacts.email, MARIA));
  return row!;
}

describe("hard-bounce suppression", () => {
  it("suppresses the address after a 5.x.x report for mail we sent it", async () => {
    const ticket = await mariaTicket();
    await replyToMaria(ticket.id);
    await deliver(new Uint8Array(fixture));

    const contact = await maria();
    expect(contact.suppressedAt).toBeInstanceOf(Date);
    expect(contact.suppressionReason).toContain("5.1.1");
    expect(contact.suppressionReason).toContain("User unknown");
  });

  it("records automatic mail to a suppressed address as skipped, never sent, with the reason", async () => {
    const ticket = await mariaTicket();
    await replyToMaria(ticket.id);
    await deliver(new Uint8Array(fixture));

    const { outboundEmailIds } = await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
      mail,
    });
    expect(outboundEmailIds).toHaveLength(1);
    const [closed] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, outboundEmailIds[0]!));
    expect(closed).toMatchObject({
      kind: "ticket_closed",
      status: "skipped",
      nextAttemptAt: null,
    });
    expect(closed!.lastError).toContain(`mail to ${MARIA} bounced`);
    expect(await findDueOutboundEmails(t.db, new Date(Date.now() + 86_400_000))).not.toContain(
      closed!.id,
    );

    // The acknowledgement of her next ticket is not sent either.
    const next = await mariaTicket();
    expect(await enqueueAcknowledgement(t.db, { mail, ticket: next })).toEqual({
      sent: false,
      reason: "suppressed",
    });
  });

  it("still sends what an agent writes, and resumes automatic mail once cleared", async () => {
    const ticket = await mariaTicket();
    await replyToMaria(ticket.id);
    await deliver(new Uint8Array(fixture));

    const { outboundEmailIds } = await replyToMaria(ticket.id, "Trying again.");
    const [reply] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, outboundEmailIds[0]!));
    expect(reply!.status).toBe("queued");

    const cleared = await clearSuppression(t.db, { actor: agent, contactId: (await maria()).id });
    expect(cleared.suppressedAt).toBeNull();
    expect(cleared.suppressionReason).toBeNull();
    const closed = await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
      mail,
    });
    const [row] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, closed.outboundEmailIds[0]!));
    expect(row!.status).toBe("queued");
  });

  it("ignores soft bounces and addresses we never mailed", async () => {
    const ticket = await mariaTicket();
    // No mail to Maria yet: a report about her proves nothing.
    await deliver(new Uint8Array(fixture));
    expect((await maria()).suppressedAt).toBeNull();

    await replyToMaria(ticket.id);
    const soft = fixture
      .toString("latin1")
      .replace("Message-Id: <20260302104105.8C1D2E3F40@mx.helpdesk.test>", "Message-Id: <soft@mx>")
      .replace("Action: failed\nStatus: 5.1.1", "Action: delayed\nStatus: 4.4.1");
    expect(soft).toContain("Status: 4.4.1");
    await deliver(new Uint8Array(Buffer.from(soft, "latin1")));
    expect((await maria()).suppressedAt).toBeNull();
  });

  it("lets only agents clear the flag", async () => {
    const ticket = await mariaTicket();
    await expect(
      clearSuppression(t.db, {
        actor: { type: "requester", contactId: ticket.requesterId, email: MARIA },
        contactId: ticket.requesterId,
      }),
    ).rejects.toBeInstanceOf(DomainError);
  });
});

describe("Resend's email.bounced webhook", () => {
  const secret = `whsec_${Buffer.from("bounce-webhook-test-secret-32byt").toString("base64")}`;

  function post(event: unknown) {
    const body = JSON.stringify(event);
    const id = `msg_${crypto.randomBytes(8).toString("hex")}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const signature = crypto
      .createHmac("sha256", key)
      .update(`${id}.${timestamp}.${body}`)
      .digest("base64");
    return handleResendWebhookRequest(
      new Request("http://localhost/api/webhooks/resend", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "svix-id": id,
          "svix-timestamp": timestamp,
          "svix-signature": `v1,${signature}`,
        },
        body,
      }),
      {
        db: t.db,
        webhookSecret: secret,
        resend: new Resend("re_test_key"),
        dispatch: async () => {},
      },
    );
  }

  const bounced = (emailId: string, type: string): EmailBouncedEvent => ({
    type: "email.bounced",
    created_at: "2026-11-21T12:00:00.000Z",
    data: {
      created_at: "2026-11-21T12:00:00.000Z",
      email_id: emailId,
      message_id: "<x@helpdesk.test>",
      from: "Helpdesk <support@helpdesk.test>",
      to: [`Maria Gonzalez <${MARIA}>`],
      subject: "[TKT-001] Printer on fire",
      bounce: { type, subType: "General", message: "The recipient's mail server rejected it." },
    },
  });

  it("suppresses the recipients of our mail on a permanent bounce, not on a transient one", async () => {
    const ticket = await mariaTicket();
    const { outboundEmailIds } = await replyToMaria(ticket.id);
    await t.db
      .update(outboundEmails)
      .set({ status: "sent", providerMessageId: "re_sent_1" })
      .where(eq(outboundEmails.id, outboundEmailIds[0]!));

    const transient = await post(bounced("re_sent_1", "Transient"));
    expect(transient.status).toBe(200);
    expect((await maria()).suppressedAt).toBeNull();

    // A bounce of a mail we did not send changes nothing.
    await post(bounced("re_someone_else", "Permanent"));
    expect((await maria()).suppressedAt).toBeNull();

    const permanent = await post(bounced("re_sent_1", "Permanent"));
    expect(await permanent.json()).toEqual({ status: "recorded", suppressed: 1 });
    const contact = await maria();
    expect(contact.suppressedAt).toBeInstanceOf(Date);
    expect(contact.suppressionReason).toContain("Resend: Permanent (General)");
  });

  it("answers a malformed bounce event with 400", async () => {
    const response = await post({ type: "email.bounced", data: { email_id: 5 } });
    expect(response.status).toBe(400);
  });
});
