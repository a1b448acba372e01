/**
 * Mailbox polling against a real Dovecot (tests/helpers/dovecot.ts: implicit TLS on a loopback port,
 * certificate from a CA made for the test): messages become tickets, leave the server only after
 * they are stored, duplicates create nothing, failures are counted and the fifth disables the
 * mailbox and tells the admins, re-enabling resets, and an untrusted certificate is refused. The
 * admin functions (settings with a sealed password, connection test, re-enable) and the Inngest
 * function run here too.
 */
import crypto from "node:crypto";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  inboundEmails,
  mailboxes,
  notifications,
  outboundEmails,
  tickets,
  type Mailbox,
  type User,
} from "@/db/schema";
import { createPollMailboxesFunction, pollMailboxesOnce } from "@/inngest/functions/poll-mailboxes";
import {
  getMailboxPolling,
  reenableMailboxPolling,
  testMailboxConnection,
  updateMailboxPolling,
  type MailboxPollingSettingsInput,
} from "@/lib/admin/mailbox-polling";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { openSecret } from "@/lib/crypto/secret-box";
import { DomainError } from "@/lib/errors";
import { imapPasswordContext, MAX_POLL_FAILURES, pollMailbox } from "@/lib/mail/inbound/imap";
import { pollMailboxesExclusively } from "@/lib/mail/inbound/poll-schedule";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { createTestDatabase, resetDatabase, type TestDatabase } from "../helpers/db";
import { startDovecot, type Dovecot, type DovecotUser } from "../helpers/dovecot";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const SECRET_KEY = crypto.randomBytes(32);
const PASSWORD = "imap-test-password";

let t: TestDatabase;
let dovecot: Dovecot;
let account: DovecotUser;
let root: string;
let storage: LocalDiskStorage;
let mailbox: Mailbox;
let admin: UserActor;
let admins: User[];

beforeAll(async () => {
  // Fails (not skips) with "apt-get install dovecot-imapd" when Dovecot is missing.
  dovecot = await startDovecot([{ user: "support", password: PASSWORD }]);
  account = dovecot.users[0]!;
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
  await dovecot?.stop();
});

beforeEach(async () => {
  await resetDatabase(t.db);
  await emptyFolder("INBOX");
  await emptyFolder("Processed");
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "inbound-imap-"));
  storage = new LocalDiskStorage(root);
  admins = [
    await makeUser(t.db, { role: "admin", name: "Ada Admin" }),
    await makeUser(t.db, { role: "admin", name: "Bob Admin" }),
  ];
  await makeUser(t.db, { role: "agent", name: "Alice Agent" });
  admin = actorFor(admins[0]!) as UserActor;
  [mailbox] = (await t.db
    .insert(mailboxes)
    .values({ name: "Support", address: "support@helpdesk.test", isDefault: true })
    .returning()) as [Mailbox];
  await configure({});
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

async function emptyFolder(folder: string) {
  const client = await dovecot.connect(account);
  try {
    const status = await client.status(folder, { messages: true }).catch(() => false as const);
    if (status && status.messages) {
      const lock = await client.getMailboxLock(folder);
      try {
        await client.messageDelete("1:*");
      } finally {
        lock.release();
      }
    }
    await client.logout();
  } finally {
    client.close();
  }
}

function settings(
  overrides: Partial<MailboxPollingSettingsInput> = {},
): MailboxPollingSettingsInput {
  return {
    mailboxId: mailbox.id,
    host: dovecot.host,
    port: dovecot.port,
    tls: true,
    user: account.user,
    password: PASSWORD,
    folder: "INBOX",
    afterFetch: "delete",
    moveFolder: "",
    pollingEnabled: true,
    ...overrides,
  };
}

/** Saves polling settings the way the admin page does. */
function configure(overrides: Partial<MailboxPollingSettingsInput>) {
  return updateMailboxPolling(t.db, {
    actor: admin,
    secretKey: SECRET_KEY,
    ...settings(overrides),
  });
}

/** One poll of the mailbox, trusting the test CA (unless told otherwise). */
function poll(options: { trustedCa?: string | null } = {}) {
  return pollMailbox(t.db, {
    mailboxId: mailbox.id,
    secretKey: SECRET_KEY,
    mail: testMailSettings,
    trustedCa: options.trustedCa === null ? undefined : (options.trustedCa ?? dovecot.ca),
  });
}

function rawMail(messageId: string, subject: string, from = "maria.gonzalez@example.org") {
  return [
    `From: Maria Gonzalez <${from}>`,
    "To: support@helpdesk.test",
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    "Date: Mon, 2 Mar 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `${subject}: please help.`,
    "",
  ].join("\r\n");
}

async function mailboxRow() {
  const [row] = await t.db.select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
  return row!;
}

async function processAll(ids: number[]) {
  for (const inboundEmailId of ids) {
    const result = await processInboundEmail(t.db, storage, {
      inboundEmailId,
      mail: testMailSettings,
    });
    expect(result.outcome).toBe("processed");
  }
}

describe("polling a mailbox over IMAP", () => {
  it("turns each message into a ticket and deletes it from the server once stored", async () => {
    const first = rawMail("<imap-1@mail.example.org>", "Printer on fire");
    const second = rawMail("<imap-2@mail.example.org>", "Cannot log in", "joe@example.org");
    await dovecot.deliver(account, [first, second]);

    const result = await poll();
    expect(result).toMatchObject({ outcome: "polled", duplicates: 0, removed: 2 });
    expect(result.inboundEmailIds).toHaveLength(2);
    expect(await dovecot.list(account)).toEqual([]);

    const rows = await t.db.select().from(inboundEmails).orderBy(inboundEmails.id);
    expect(rows.map((r) => Buffer.from(r.raw).toString("utf8"))).toEqual([first, second]);
    expect(rows.every((r) => r.mailboxId === mailbox.id)).toBe(true);
    await processAll(result.inboundEmailIds);
    const made = await t.db.select().from(tickets).orderBy(tickets.id);
    expect(made.map((ticket) => ticket.subject)).toEqual(["Printer on fire", "Cannot log in"]);

    const after = await mailboxRow();
    expect(after.lastPolledAt).not.toBeNull();
    expect(after).toMatchObject({ pollFailures: 0, lastPollError: null, pollDisabledAt: null });
  });

  it("leaves a message on the server when storing it fails, and takes it on the next poll", async () => {
    await dovecot.deliver(account, [rawMail("<imap-keep@mail.example.org>", "Keep me")]);
    // A real failure of the database insert (no mock): a trigger that refuses new rows.
    await t.db.execute(
      sql.raw(`create function refuse_inbound() returns trigger language plpgsql as $$
        begin raise exception 'disk full'; end $$`),
    );
    await t.db.execute(
      sql.raw(`create trigger refuse_inbound before insert on inbound_emails
        for each row execute function refuse_inbound()`),
    );
    try {
      const failed = await poll();
      expect(failed.outcome).toBe("failed");
      expect(failed.error).toMatch(
        /^Storing message UID \d+ failed \(.*disk full.*\); it stays on the server/,
      );
      expect(await dovecot.list(account)).toHaveLength(1);
      expect((await mailboxRow()).pollFailures).toBe(1);
    } finally {
      await t.db.execute(sql.raw("drop trigger refuse_inbound on inbound_emails"));
      await t.db.execute(sql.raw("drop function refuse_inbound()"));
    }

    const retried = await poll();
    expect(retried).toMatchObject({ outcome: "polled", removed: 1 });
    expect(await dovecot.list(account)).toEqual([]);
    // Success resets the failure count.
    expect(await mailboxRow()).toMatchObject({ pollFailures: 0, lastPollError: null });
  });

  it("records a message seen before as a duplicate and creates nothing, across polls", async () => {
    const message = rawMail("<imap-dup@mail.example.org>", "Same message twice");
    await dovecot.deliver(account, [message]);
    const first = await poll();
    await processAll(first.inboundEmailIds);

    // Delivered again (a second copy, or a poll that crashed after storing and before deleting).
    await dovecot.deliver(account, [message]);
    const second = await poll();
    expect(second).toMatchObject({ outcome: "polled", duplicates: 1, removed: 1 });
    expect(second.inboundEmailIds).toEqual([]);
    expect(await dovecot.list(account)).toEqual([]);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(1);
    expect(await t.db.select().from(tickets)).toHaveLength(1);
  });

  it("finishes the job of a poll that stored a message but crashed before deleting it", async () => {
    const message = rawMail("<imap-crash@mail.example.org>", "Stored then crashed");
    await dovecot.deliver(account, [message]);
    await receiveInboundEmail(t.db, {
      raw: new TextEncoder().encode(message),
      envelopeTo: mailbox.address,
    });

    const result = await poll();
    expect(result).toMatchObject({ outcome: "polled", duplicates: 1, removed: 1 });
    expect(await dovecot.list(account)).toEqual([]);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(1);

    // An empty folder is a successful poll with nothing to do.
    expect(await poll()).toMatchObject({ outcome: "polled", removed: 0, inboundEmailIds: [] });
  });

  it("moves messages to the chosen folder instead of deleting them", async () => {
    await configure({ afterFetch: "move", moveFolder: "Processed" });
    const message = rawMail("<imap-move@mail.example.org>", "Move me");
    await dovecot.deliver(account, [message]);

    const result = await poll();
    expect(result).toMatchObject({ outcome: "polled", removed: 1 });
    expect(await dovecot.list(account)).toEqual([]);
    expect(await dovecot.list(account, "Processed")).toEqual([message]);
    expect(await t.db.select().from(inboundEmails)).toHaveLength(1);
  });

  it("polls over STARTTLS when implicit TLS is off, verifying the certificate all the same", async () => {
    await configure({ tls: false, port: dovecot.starttlsPort });
    await dovecot.deliver(account, [rawMail("<imap-starttls@mail.example.org>", "Upgraded")]);

    const untrusted = await poll({ trustedCa: dovecot.otherCa });
    expect(untrusted.error).toMatch(/not trusted/);
    expect(await dovecot.list(account)).toHaveLength(1);

    const result = await poll();
    expect(result).toMatchObject({ outcome: "polled", removed: 1 });
    expect(result.inboundEmailIds).toHaveLength(1);
  });

  it("counts failed logins, disables the mailbox on the fifth and tells every admin", async () => {
    await configure({ password: "not-the-password" });
    await dovecot.deliver(account, [rawMail("<imap-wait@mail.example.org>", "Waiting")]);

    for (let attempt = 1; attempt < MAX_POLL_FAILURES; attempt++) {
      const result = await poll();
      expect(result).toMatchObject({ outcome: "failed", disabled: false });
      expect(result.error).toMatch(/^Login failed/);
    }
    expect(await mailboxRow()).toMatchObject({
      pollFailures: MAX_POLL_FAILURES - 1,
      pollDisabledAt: null,
    });
    expect(await t.db.select().from(notifications)).toEqual([]);

    const fifth = await poll();
    expect(fifth).toMatchObject({ outcome: "failed", disabled: true });
    const disabled = await mailboxRow();
    expect(disabled.pollDisabledAt).not.toBeNull();
    expect(disabled.lastPollError).toMatch(/^Login failed/);

    const sent = await t.db.select().from(notifications).orderBy(notifications.userId);
    expect(sent.map((n) => [n.userId, n.type])).toEqual(
      admins.map((a) => [a.id, "mailbox_disabled"]),
    );
    expect(sent[0]!.title).toBe("Polling of support@helpdesk.test was switched off");
    expect(sent[0]!.body).toMatch(/Login failed/);
    const mails = await t.db.select().from(outboundEmails).orderBy(outboundEmails.id);
    expect(fifth.outboundEmailIds).toEqual(mails.map((m) => m.id));
    expect(mails.map((m) => m.to)).toEqual(
      admins.map((a) => [expect.objectContaining({ email: a.email })]),
    );

    // A disabled mailbox is not polled (nor alerted about) again.
    expect((await poll()).outcome).toBe("skipped");
    expect(await t.db.select().from(notifications)).toHaveLength(2);
    expect(await dovecot.list(account)).toHaveLength(1);

    // Fixing the password and re-enabling starts again from zero, and the mail comes in.
    await configure({ password: PASSWORD });
    const view = await reenableMailboxPolling(t.db, { actor: admin, mailboxId: mailbox.id });
    expect(view.status).toMatchObject({ failures: 0, disabledAt: null });
    const result = await poll();
    expect(result).toMatchObject({ outcome: "polled", removed: 1 });
    expect(await mailboxRow()).toMatchObject({ pollFailures: 0, pollDisabledAt: null });
  });

  it("refuses a server whose certificate is not from a trusted CA, and leaves its mail alone", async () => {
    await dovecot.deliver(account, [rawMail("<imap-tls@mail.example.org>", "Over TLS")]);

    const systemStore = await poll({ trustedCa: null });
    expect(systemStore.outcome).toBe("failed");
    expect(systemStore.error).toMatch(/certificate .* is not trusted/);
    const otherCa = await poll({ trustedCa: dovecot.otherCa });
    expect(otherCa.error).toMatch(/certificate .* is not trusted/);

    expect(await dovecot.list(account)).toHaveLength(1);
    expect(await t.db.select().from(inboundEmails)).toEqual([]);
    expect((await mailboxRow()).pollFailures).toBe(2);
  });

  it("runs as the Inngest cron function: polls, then sends the stored messages to processing", async () => {
    await dovecot.deliver(account, [rawMail("<imap-cron@mail.example.org>", "From cron")]);
    const deps = () => ({
      db: t.db,
      mail: testMailSettings,
      secretKey: SECRET_KEY,
      imap: { trustedCa: dovecot.ca },
    });
    const { result, ctx, error } = await new InngestTestEngine({
      function: createPollMailboxesFunction(deps),
    }).execute({
      // Inngest itself would receive these; the test records them instead.
      steps: [{ id: "process-inbound", handler: () => ({ ids: ["sent"] }) }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ mailboxes: 1, failed: 0, stored: 1, removed: 1 });
    const [row] = await t.db.select().from(inboundEmails);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("process-inbound", [
      { name: "email/inbound.received", data: { inboundEmailId: row!.id } },
    ]);

    // The plain worker and the in-process runner (PGlite or Postgres with its advisory lock).
    await dovecot.deliver(account, [rawMail("<imap-cron-2@mail.example.org>", "Second")]);
    expect(await pollMailboxesOnce(deps())).toMatchObject({ mailboxes: 1, removed: 1 });
    await dovecot.deliver(account, [rawMail("<imap-cron-3@mail.example.org>", "Third")]);
    const summary = await pollMailboxesExclusively(t, {
      secretKey: SECRET_KEY,
      mail: testMailSettings,
      trustedCa: dovecot.ca,
    });
    expect(summary).toMatchObject({ mailboxes: 1, removed: 1 });
    expect(await t.db.select().from(inboundEmails)).toHaveLength(3);
  });
});

describe("mailbox polling settings", () => {
  it("stores the password sealed, never shows it, and keeps it when the field is left blank", async () => {
    const stored = (await mailboxRow()).imapPasswordEncrypted!;
    expect(stored).not.toContain(PASSWORD);
    expect(openSecret(stored, SECRET_KEY, imapPasswordContext(mailbox.id))).toBe(PASSWORD);
    // Sealed for this mailbox only: the same value does not open as another mailbox's password.
    expect(() => openSecret(stored, SECRET_KEY, imapPasswordContext(mailbox.id + 1))).toThrow(
      /cannot be decrypted/,
    );

    const view = await configure({ password: "", folder: "INBOX" });
    expect(view.settings).toMatchObject({ hasPassword: true, host: dovecot.host });
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
    expect((await mailboxRow()).imapPasswordEncrypted).toBe(stored);
    expect(
      (await getMailboxPolling(t.db, { actor: admin, mailboxId: mailbox.id }))?.settings,
    ).toMatchObject({ user: account.user, pollingEnabled: true });
  });

  it("tests the connection with the entered or the stored password and reports the result", async () => {
    const trusted = { imap: { trustedCa: dovecot.ca } };
    await dovecot.deliver(account, [rawMail("<imap-test@mail.example.org>", "Count me")]);
    const ok = await testMailboxConnection(t.db, {
      actor: admin,
      secretKey: SECRET_KEY,
      ...trusted,
      ...settings({ password: "" }),
    });
    expect(ok).toEqual({
      ok: true,
      message: `Logged in to ${dovecot.host}. “INBOX” holds 1 message.`,
    });

    const wrong = await testMailboxConnection(t.db, {
      actor: admin,
      secretKey: SECRET_KEY,
      ...trusted,
      ...settings({ password: "wrong" }),
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/^Login failed/);
    const noFolder = await testMailboxConnection(t.db, {
      actor: admin,
      secretKey: SECRET_KEY,
      ...trusted,
      ...settings({ folder: "Nope" }),
    });
    expect(noFolder).toEqual({ ok: false, message: "The folder does not exist on the server." });
    const untrusted = await testMailboxConnection(t.db, {
      actor: admin,
      secretKey: SECRET_KEY,
      ...settings(),
    });
    expect(untrusted.message).toMatch(/not trusted/);

    // Testing neither counts failures nor touches mail.
    expect((await mailboxRow()).pollFailures).toBe(0);
    expect(await dovecot.list(account)).toHaveLength(1);
  });

  it("validates the form and refuses to store passwords without MAILBOX_SECRET_KEY", async () => {
    await expect(configure({ host: "not a host!" })).rejects.toMatchObject({
      code: "INVALID",
      details: { host: [expect.stringMatching(/host name/)] },
    });
    await expect(configure({ afterFetch: "move", moveFolder: "" })).rejects.toMatchObject({
      details: { moveFolder: ["Enter the folder to move messages to."] },
    });
    await expect(configure({ afterFetch: "move", moveFolder: "inbox" })).rejects.toMatchObject({
      details: { moveFolder: [expect.stringMatching(/fetch them again/)] },
    });
    await expect(
      updateMailboxPolling(t.db, { actor: admin, secretKey: undefined, ...settings() }),
    ).rejects.toThrow(/MAILBOX_SECRET_KEY is not set/);

    const agent = actorFor(await makeUser(t.db, { role: "agent" }));
    await expect(
      updateMailboxPolling(t.db, { actor: agent, secretKey: SECRET_KEY, ...settings() }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      reenableMailboxPolling(t.db, { actor: agent, mailboxId: mailbox.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
