/**
 * An agent answering a ticket from their mail client with files attached: the files are stored
 * before the reply is posted, so the copy mailed to the requester carries them like a reply written
 * in the console.
 */
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachments,
  inboundEmails,
  mailboxes,
  messageIds,
  messages,
  outboundEmails,
  type Mailbox,
} from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { handleInboundEmailRequest } from "@/lib/mail/inbound/handle-request";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { updateNotificationSettings } from "@/lib/notifications/settings";
import { createTicket } from "@/lib/tickets/create-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const SECRET = "inbound-test-secret-0123456789abcdef";

let root: string;
let storage: LocalDiskStorage;
let mailbox: Mailbox;
let admin: UserActor;
let agent: UserActor;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "inbound-agent-files-"));
  storage = new LocalDiskStorage(root);
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

/** Alice's answer to TKT-001 with `files` text files attached (steps.txt, then steps-2.txt, …). */
function agentReplyWithFile(subject = "Re: [TKT-001] Printer on fire", files = 1): Uint8Array {
  const file = Buffer.from("Step 1: unplug the printer.\nStep 2: call us.\n").toString("base64");
  const parts = Array.from({ length: files }, (_, i) => {
    const name = i === 0 ? "steps.txt" : `steps-${i + 1}.txt`;
    return [
      "--b",
      `Content-Type: text/plain; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      file,
    ];
  }).flat();
  return new TextEncoder().encode(
    [
      "From: Alice Agent <alice@helpdesk.test>",
      "To: support@helpdesk.test",
      `Subject: ${subject}`,
      "Message-ID: <agent-files-1@helpdesk.test>",
      "In-Reply-To: <out-first-reply@helpdesk.test>",
      "Date: Mon, 6 Jan 2030 10:00:00 +0000",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Please follow the steps attached.",
      ...parts,
      "--b--",
      "",
    ].join("\r\n"),
  );
}

async function deliver(raw: Uint8Array) {
  const response = await handleInboundEmailRequest(
    new Request("http://localhost/api/inbound/email", {
      method: "POST",
      headers: { "content-type": "message/rfc822", authorization: `Bearer ${SECRET}` },
      body: raw as BodyInit,
    }),
    { db: t.db, secret: SECRET, dispatch: async () => {} },
  );
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: number };
  const outcome = await processInboundEmail(t.db, storage, {
    inboundEmailId: id,
    mail: testMailSettings,
  });
  const [row] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
  return { outcome, row: row! };
}

async function seedTicket() {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    subject: "Printer on fire",
    body: "It smokes.",
    requester: { email: "maria@example.org", name: "Maria Gonzalez" },
    channel: "email",
    mailboxId: mailbox.id,
  });
  await t.db.insert(messageIds).values({
    emailMessageId: "<out-first-reply@helpdesk.test>",
    ticketId: ticket.id,
    direction: "out",
  });
  return ticket;
}

describe("an agent's emailed reply with attachments", () => {
  it("sends the requester's copy with the files", async () => {
    const ticket = await seedTicket();
    const { row, outcome } = await deliver(agentReplyWithFile());
    expect(row.status).toBe("processed");

    const files = await t.db
      .select()
      .from(attachments)
      .where(eq(attachments.ticketId, ticket.id))
      .orderBy(asc(attachments.id));
    expect(files).toMatchObject([
      {
        filename: "steps.txt",
        messageId: row.messageId,
        uploadedByUserId: agent.id,
      },
    ]);
    const [email] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.ticketId, ticket.id));
    expect(outcome).toMatchObject({ outboundEmailIds: [email!.id] });
    expect(email).toMatchObject({
      kind: "reply",
      to: [{ email: "maria@example.org", name: "Maria Gonzalez" }],
      messageId: row.messageId,
      attachmentIds: [files[0]!.id],
    });
    // #Attachments# in the default reply template names the file too.
    expect(email!.textBody).toContain("steps.txt");
    expect((await storage.read(files[0]!.storageKey)).byteLength).toBeGreaterThan(0);
  });

  it("keeps the files off the email when attachments are turned off, and on the ticket", async () => {
    await updateNotificationSettings(t.db, {
      actor: admin,
      values: { includeAttachments: false },
    });
    const ticket = await seedTicket();
    const { row } = await deliver(agentReplyWithFile());
    const [email] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.ticketId, ticket.id));
    expect(email!.attachmentIds).toEqual([]);
    expect(email!.textBody).toContain("steps.txt");
    const files = await t.db.select().from(attachments).where(eq(attachments.ticketId, ticket.id));
    expect(files).toMatchObject([{ messageId: row.messageId }]);
  });

  it("attaches the files to an internal note (#tech#) without mailing anyone", async () => {
    const ticket = await seedTicket();
    const { row, outcome } = await deliver(agentReplyWithFile("#tech# Re: [TKT-001] Printer"));
    expect(outcome).toMatchObject({ outboundEmailIds: [] });
    const files = await t.db.select().from(attachments).where(eq(attachments.ticketId, ticket.id));
    expect(files).toMatchObject([{ filename: "steps.txt", messageId: row.messageId }]);
  });

  it("keeps every file of a reply with more than a reply can mail, and says so", async () => {
    const ticket = await seedTicket();
    const { row } = await deliver(agentReplyWithFile(undefined, 22));
    expect(row.status).toBe("processed");
    const files = await t.db.select().from(attachments).where(eq(attachments.ticketId, ticket.id));
    expect(files).toHaveLength(22);
    expect(files.every((f) => f.messageId === row.messageId)).toBe(true);
    const [copy] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.messageId, row.messageId!));
    expect(copy!.attachmentIds).toHaveLength(20);
    const notes = await t.db.select().from(messages).where(eq(messages.ticketId, ticket.id));
    expect(notes.some((m) => m.kind === "system" && m.bodyText.startsWith("2 more files"))).toBe(
      true,
    );
  });
});
