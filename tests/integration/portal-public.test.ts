import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachments,
  categories,
  contacts,
  mailboxes,
  messages,
  outboundEmails,
  rateLimitEvents,
  tickets,
} from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import { enqueueAcknowledgement } from "@/lib/mail/acknowledgement";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { exchangePortalLink } from "@/lib/portal/access";
import { deriveFormStampKey, signFormStamp } from "@/lib/portal/form-stamp";
import {
  LINK_REQUESTS_PER_ADDRESS,
  LINK_REQUESTS_PER_IP,
  requestPortalLink,
} from "@/lib/portal/request-link";
import {
  getWebForm,
  submitWebForm,
  WEB_FORM_SUBMISSIONS_PER_IP,
  type WebFormFile,
  type WebFormInput,
} from "@/lib/portal/web-form";
import { hitRateLimits } from "@/lib/rate-limit/db-window";
import { settingSchemas, updateSetting } from "@/lib/settings";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeContact, makeTicket, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const formStampKey = deriveFormStampKey("a-test-auth-secret-that-is-long-enough");
const linkKey = testMailSettings.portal!.linkKey;
const allowedTypes = settingSchemas["attachments.allowedTypes"].parse(undefined);
const now = new Date("2026-11-21T10:00:00Z");
const shownAt = new Date(now.getTime() - 30_000);

/** The daily allowance when no admin has changed it. */
const ACKNOWLEDGEMENT_DAILY_LIMIT = settingSchemas["mail.acknowledgementsPerDay"].parse(undefined);

let root: string;
let storage: LocalDiskStorage;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "portal-public-it-"));
  storage = new LocalDiskStorage(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function makeMailbox(overrides: Partial<typeof mailboxes.$inferInsert> = {}) {
  const [mailbox] = await t.db
    .insert(mailboxes)
    .values({
      name: "Acme Support",
      address: `support-${Math.random().toString(36).slice(2)}@acme.test`,
      slug: "acme",
      acknowledgementMessage: "Thanks for writing to Acme!",
      ...overrides,
    })
    .returning();
  return mailbox!;
}

function submit(
  form: Partial<WebFormInput> = {},
  options: { files?: WebFormFile[]; ip?: string | null; at?: Date; slug?: string } = {},
) {
  return submitWebForm(t.db, storage, {
    slug: options.slug ?? "acme",
    form: {
      name: "Nora Field",
      email: "nora@example.org",
      subject: "Printer on fire",
      description: "It smokes when I print.",
      stamp: signFormStamp(formStampKey, shownAt),
      ...form,
    },
    files: options.files ?? [],
    ip: options.ip === undefined ? "203.0.113.7" : options.ip,
    mail: testMailSettings,
    formStampKey,
    allowedTypes,
    now: options.at ?? now,
  });
}

const acknowledgementsTo = (email: string) =>
  t.db
    .select()
    .from(outboundEmails)
    .where(and(eq(outboundEmails.kind, "acknowledgement")))
    .then((rows) => rows.filter((r) => r.to.some((a) => a.email === email)));

function tokenIn(text: string): string {
  const match = /\/portal\/auth\?token=([A-Za-z0-9_.%-]+)/.exec(text);
  if (!match) throw new Error(`no portal link in:\n${text}`);
  return decodeURIComponent(match[1]!);
}

describe("the web form", () => {
  it("opens a Web ticket with the files and emails an acknowledgement with a working portal link", async () => {
    const mailbox = await makeMailbox();
    const file: WebFormFile = {
      filename: "error.txt",
      contentType: "text/plain",
      data: new TextEncoder().encode("E42"),
    };
    const result = await submit({}, { files: [file] });
    expect(result.status).toBe("created");
    if (result.status !== "created") return;

    const [ticket] = await t.db
      .select()
      .from(tickets)
      .where(eq(tickets.number, result.ticketNumber));
    expect(ticket).toMatchObject({
      channel: "web",
      subject: "Printer on fire",
      mailboxId: mailbox.id,
      status: "open",
    });
    const [contact] = await t.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, ticket!.requesterId));
    expect(contact).toMatchObject({
      email: "nora@example.org",
      name: "Nora Field",
      lastSeenIp: "203.0.113.7",
    });
    const [first] = await t.db.select().from(messages).where(eq(messages.ticketId, ticket!.id));
    expect(first).toMatchObject({ kind: "reply", authorContactId: contact!.id });
    const files = await t.db.select().from(attachments).where(eq(attachments.messageId, first!.id));
    expect(files).toMatchObject([{ filename: "error.txt", uploadedByContactId: contact!.id }]);

    const [ack] = await acknowledgementsTo("nora@example.org");
    expect(ack).toBeDefined();
    expect(result.outboundEmailIds).toContain(ack!.id);
    expect(ack!.headers["Auto-Submitted"]).toBe("auto-replied");
    expect(ack!.textBody).toContain("Thanks for writing to Acme!");
    const exchange = await exchangePortalLink(t.db, {
      linkKey,
      token: tokenIn(ack!.textBody),
      now,
    });
    expect(exchange).toMatchObject({ ok: true, ticketNumber: result.ticketNumber });
  });

  it("drops a submission whose honeypot is filled, without a ticket", async () => {
    await makeMailbox();
    expect(await submit({ website: "http://spam.example" })).toEqual({ status: "discarded" });
    expect(await t.db.select().from(tickets)).toEqual([]);
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
  });

  it("refuses a form sent back faster than a person types, or with a forged stamp", async () => {
    await makeMailbox();
    await expect(
      submit({ stamp: signFormStamp(formStampKey, new Date(now.getTime() - 1_000)) }),
    ).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/very quick/) });
    const forged = `${shownAt.getTime()}.${"A".repeat(43)}`;
    await expect(submit({ stamp: forged })).rejects.toMatchObject({ code: "INVALID" });
    await expect(submit({ stamp: "" })).rejects.toMatchObject({ code: "INVALID" });
    expect(await t.db.select().from(tickets)).toEqual([]);
  });

  it("limits submissions per client address", async () => {
    await makeMailbox();
    for (let i = 0; i < WEB_FORM_SUBMISSIONS_PER_IP; i++) {
      const result = await submit({ email: `person${i}@example.org` });
      expect(result.status).toBe("created");
    }
    await expect(submit({ email: "another@example.org" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    // Another address is not held back by this one's limit.
    expect((await submit({ email: "another@example.org" }, { ip: "198.51.100.1" })).status).toBe(
      "created",
    );
  });

  it("exists only while the mailbox's form is switched on; categories only when allowed", async () => {
    await makeMailbox({ webFormEnabled: false });
    expect(await getWebForm(t.db, "acme")).toBeNull();
    await expect(submit()).rejects.toMatchObject({ code: "NOT_FOUND" });

    await t.db.update(mailboxes).set({ webFormEnabled: true, webFormCategoryChoice: false });
    expect(await getWebForm(t.db, "acme")).toMatchObject({
      branding: { name: "Acme Support" },
      categories: [],
    });
    await t.db.update(mailboxes).set({ webFormCategoryChoice: true });
    const form = await getWebForm(t.db, "acme");
    const billing = form!.categories.find((c) => c.name === "Billing")!;
    const result = await submit({ categoryId: billing.id });
    if (result.status !== "created") throw new Error("expected a ticket");
    const [ticket] = await t.db
      .select()
      .from(tickets)
      .where(eq(tickets.number, result.ticketNumber));
    expect(ticket!.categoryId).toBe(billing.id);

    const [inactive] = await t.db
      .update(categories)
      .set({ isActive: false })
      .where(eq(categories.id, billing.id))
      .returning();
    await expect(
      submit({ categoryId: inactive!.id }, { ip: "198.51.100.2" }),
    ).rejects.toMatchObject({
      code: "INVALID",
    });
  });
});

describe("acknowledgements", () => {
  it("sends at most the daily limit to one address", async () => {
    await makeMailbox();
    const contact = await makeContact(t.db, { email: "loop@robot.test" });
    let sent = 0;
    for (let i = 0; i < ACKNOWLEDGEMENT_DAILY_LIMIT + 2; i++) {
      const ticket = await makeTicket(t.db, { requesterId: contact.id });
      const outcome = await enqueueAcknowledgement(t.db, {
        mail: testMailSettings,
        ticket,
        now: new Date(now.getTime() + i * 60_000),
      });
      if (outcome.sent) sent++;
      else expect(outcome.reason).toBe("daily-limit");
    }
    expect(sent).toBe(ACKNOWLEDGEMENT_DAILY_LIMIT);
    // A day later the address gets one again.
    const ticket = await makeTicket(t.db, { requesterId: contact.id });
    const nextDay = new Date(now.getTime() + 25 * 60 * 60 * 1000);
    expect(
      await enqueueAcknowledgement(t.db, { mail: testMailSettings, ticket, now: nextDay }),
    ).toMatchObject({ sent: true });
  });

  it("follows the daily allowance an admin set", async () => {
    await makeMailbox();
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    await updateSetting(t.db, { actor: admin, key: "mail.acknowledgementsPerDay", value: 1 });
    const contact = await makeContact(t.db, { email: "once@robot.test" });
    const outcomes = [];
    for (let i = 0; i < 2; i++) {
      const ticket = await makeTicket(t.db, { requesterId: contact.id });
      outcomes.push(
        await enqueueAcknowledgement(t.db, {
          mail: testMailSettings,
          ticket,
          now: new Date(now.getTime() + i * 60_000),
        }),
      );
    }
    expect(outcomes).toMatchObject([{ sent: true }, { sent: false, reason: "daily-limit" }]);
  });

  it("is not sent when the mailbox turned it off or the address bounced", async () => {
    const mailbox = await makeMailbox({ acknowledgementEnabled: false });
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id, mailboxId: mailbox.id });
    expect(await enqueueAcknowledgement(t.db, { mail: testMailSettings, ticket, now })).toEqual({
      sent: false,
      reason: "disabled",
    });

    await t.db.update(mailboxes).set({ acknowledgementEnabled: true });
    await t.db.update(contacts).set({ suppressedAt: now }).where(eq(contacts.id, contact.id));
    expect(await enqueueAcknowledgement(t.db, { mail: testMailSettings, ticket, now })).toEqual({
      sent: false,
      reason: "suppressed",
    });
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
  });

  it("carries the request-a-link address instead of a signed link when autologin links are off", async () => {
    await makeMailbox();
    const admin = await makeUser(t.db, { role: "admin" });
    await updateSetting(t.db, {
      actor: actorFor(admin),
      key: "notifications.autologinLinks",
      value: false,
    });
    const result = await submit();
    expect(result.status).toBe("created");
    const [ack] = await acknowledgementsTo("nora@example.org");
    expect(ack!.textBody).toContain("http://helpdesk.test/portal/link");
    expect(ack!.textBody).not.toContain("/portal/auth?token=");
  });
});

describe("acknowledgements of new tickets by email", () => {
  const mail = (n: number, from = "maria@example.org") =>
    new TextEncoder().encode(
      [
        `From: Maria Gonzalez <${from}>`,
        "To: help@acme.test",
        `Subject: Printer problem ${n}`,
        `Message-ID: <printer-${n}@example.org>`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "The printer is offline.",
        "",
      ].join("\r\n"),
    );

  it("answers a new ticket from email with the portal link, threaded under the customer's mail", async () => {
    await makeMailbox({ address: "help@acme.test" });
    const received = await receiveInboundEmail(t.db, { raw: mail(1), now });
    const outcome = await processInboundEmail(t.db, storage, {
      inboundEmailId: received.id,
      mail: testMailSettings,
      now,
    });
    expect(outcome.outcome).toBe("processed");
    const [ack] = await acknowledgementsTo("maria@example.org");
    expect(ack).toBeDefined();
    expect("outboundEmailIds" in outcome && outcome.outboundEmailIds).toContain(ack!.id);
    expect(ack!.headers["In-Reply-To"]).toBe("<printer-1@example.org>");
    expect(ack!.textBody).toContain("Thanks for writing to Acme!");
    const exchange = await exchangePortalLink(t.db, {
      linkKey,
      token: tokenIn(ack!.textBody),
      now,
    });
    expect(exchange).toMatchObject({ ok: true, ticketNumber: expect.any(Number) });
  });

  it("stops after the daily limit, so two robots cannot mail each other forever", async () => {
    await makeMailbox({ address: "help@acme.test" });
    for (let n = 1; n <= ACKNOWLEDGEMENT_DAILY_LIMIT + 2; n++) {
      const received = await receiveInboundEmail(t.db, { raw: mail(n, "robot@example.org"), now });
      await processInboundEmail(t.db, storage, {
        inboundEmailId: received.id,
        mail: testMailSettings,
        now: new Date(now.getTime() + n * 1000),
      });
    }
    expect(await t.db.select().from(tickets)).toHaveLength(ACKNOWLEDGEMENT_DAILY_LIMIT + 2);
    expect(await acknowledgementsTo("robot@example.org")).toHaveLength(ACKNOWLEDGEMENT_DAILY_LIMIT);
  });
});

describe("asking for a new link", () => {
  it("emails a link to a known address and gives the same answer for an unknown one", async () => {
    const contact = await makeContact(t.db, { email: "Known@Example.org" });
    const known = await requestPortalLink(t.db, {
      email: "known@example.org",
      ip: "203.0.113.9",
      mail: testMailSettings,
      now,
    });
    const unknown = await requestPortalLink(t.db, {
      email: "stranger@example.org",
      ip: "203.0.113.9",
      mail: testMailSettings,
      now,
    });
    expect(known.status).toBe("accepted");
    expect(unknown).toEqual({ status: "accepted", outboundEmailIds: [] });

    const mails = await t.db.select().from(outboundEmails);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([{ email: contact.email, name: contact.name }]);
    const exchange = await exchangePortalLink(t.db, {
      linkKey,
      token: tokenIn(mails[0]!.textBody),
      now,
    });
    expect(exchange).toMatchObject({ ok: true, actor: { contactId: contact.id } });
  });

  it("is limited per address and per client address", async () => {
    await makeContact(t.db, { email: "often@example.org" });
    const ask = (email: string, ip: string) =>
      requestPortalLink(t.db, { email, ip, mail: testMailSettings, now });
    for (let i = 0; i < LINK_REQUESTS_PER_ADDRESS; i++) {
      expect((await ask("often@example.org", `192.0.2.${i}`)).status).toBe("accepted");
    }
    expect(await ask("OFTEN@example.org", "192.0.2.200")).toEqual({ status: "rate-limited" });
    expect(await t.db.select().from(outboundEmails)).toHaveLength(LINK_REQUESTS_PER_ADDRESS);

    for (let i = 0; i < LINK_REQUESTS_PER_IP; i++) {
      expect((await ask(`user${i}@example.org`, "192.0.2.250")).status).toBe("accepted");
    }
    expect(await ask("fresh@example.org", "192.0.2.250")).toEqual({ status: "rate-limited" });
  });
});

describe("the database rate limit", () => {
  it("allows `limit` hits per window, slides, and counts all buckets or none", async () => {
    const rule = { bucket: "test:a", limit: 2, windowMs: 60_000 };
    const other = { bucket: "test:b", limit: 5, windowMs: 60_000 };
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect((await hitRateLimits(t.db, [rule, other], at(0))).allowed).toBe(true);
    expect((await hitRateLimits(t.db, [rule, other], at(30))).allowed).toBe(true);
    expect(await hitRateLimits(t.db, [rule, other], at(40))).toMatchObject({
      allowed: false,
      bucket: "test:a",
      count: 2,
    });
    // The refused hit was stored in neither bucket.
    const stored = await t.db.select().from(rateLimitEvents);
    expect(stored.filter((r) => r.bucket === "test:b")).toHaveLength(2);
    // The first hit ages out after a minute.
    expect((await hitRateLimits(t.db, [rule], at(61))).allowed).toBe(true);
    expect((await hitRateLimits(t.db, [rule], at(62))).allowed).toBe(false);
  });

  it("never lets more than the limit through when hits arrive together", async () => {
    const rule = { bucket: "test:burst", limit: 3, windowMs: 60_000 };
    const verdicts = await Promise.all(
      Array.from({ length: 8 }, () => hitRateLimits(t.db, [rule], now)),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
  });
});
