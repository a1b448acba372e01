/**
 * Mailboxes as admins manage them: validation of every field an admin types, exactly one default,
 * deleting (never the default; tickets stay), the list with its polling column, and who may do it.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  categories,
  inboundEmails,
  mailboxes,
  routingRules,
  teamMembers,
  teams,
  tickets,
  users,
} from "@/db/schema";
import {
  createMailbox,
  deleteMailbox,
  getMailboxForAdmin,
  listMailboxesForAdmin,
  updateMailbox,
  type CreateMailboxInput,
} from "@/lib/admin/mailboxes";
import type { Actor } from "@/lib/auth/permissions";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

let admin: Actor;
let agent: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
  agent = actorFor(await makeUser(t.db, { role: "agent" }));
});

const base = (overrides: Partial<CreateMailboxInput> = {}): CreateMailboxInput => ({
  name: "Support",
  address: "support@helpdesk.test",
  slug: "support",
  ...overrides,
});

// 1×1 PNG and the first bytes of a JPEG.
const pngBytes = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString("base64")}`;

describe("createMailbox / updateMailbox", () => {
  it("creates a mailbox with every setting, the first one becoming the default", async () => {
    const [category] = await t.db.select().from(categories).limit(1);
    const [team] = await t.db.insert(teams).values({ name: "Billing" }).returning();
    const mailbox = await createMailbox(t.db, {
      actor: admin,
      ...base({
        name: "Billing",
        address: " Billing@Helpdesk.TEST ",
        slug: "billing-help",
        defaultTeamId: team!.id,
        defaultCategoryId: category!.id,
        defaultPriority: "high",
        acknowledgementEnabled: false,
        acknowledgementMessage: "We read every mail.",
        acceptUnknownSenders: false,
        addRecipientsAsSubscribers: true,
        webFormEnabled: false,
        webFormCategoryChoice: false,
        brandColor: "#2563EB",
        brandLogoUrl: "https://cdn.example.com/logo.png",
      }),
    });
    expect(mailbox).toMatchObject({
      name: "Billing",
      address: "billing@helpdesk.test",
      isDefault: true,
      slug: "billing-help",
      defaultTeamId: team!.id,
      defaultCategoryId: category!.id,
      defaultPriority: "high",
      acknowledgementEnabled: false,
      acknowledgementMessage: "We read every mail.",
      acceptUnknownSenders: false,
      addRecipientsAsSubscribers: true,
      webFormEnabled: false,
      webFormCategoryChoice: false,
      brandColor: "#2563eb",
      brandLogoUrl: "https://cdn.example.com/logo.png",
    });
    const [row] = await listMailboxesForAdmin(t.db, admin);
    expect(row).toMatchObject({
      name: "Billing",
      isDefault: true,
      defaultTeam: "Billing",
      defaultCategory: category!.name,
      polling: { state: "not_configured" },
      tickets: 0,
    });
  });

  it("keeps exactly one default: choosing another moves the mark, unticking it is refused", async () => {
    const first = await createMailbox(t.db, { actor: admin, ...base() });
    const second = await createMailbox(t.db, {
      actor: admin,
      ...base({ name: "Sales", address: "sales@helpdesk.test", slug: "sales" }),
    });
    expect(second.isDefault).toBe(false);
    await updateMailbox(t.db, {
      actor: admin,
      mailboxId: second.id,
      ...base({ name: "Sales", address: "sales@helpdesk.test", slug: "sales", isDefault: true }),
    });
    const defaults = await t.db.select().from(mailboxes).where(eq(mailboxes.isDefault, true));
    expect(defaults.map((m) => m.id)).toEqual([second.id]);
    await expect(
      updateMailbox(t.db, {
        actor: admin,
        mailboxId: second.id,
        ...base({ name: "Sales", address: "sales@helpdesk.test", slug: "sales", isDefault: false }),
      }),
    ).rejects.toMatchObject({ code: "INVALID", details: { isDefault: [expect.any(String)] } });
    // Creating a new default also moves it.
    const third = await createMailbox(t.db, {
      actor: admin,
      ...base({ name: "Help", address: "help@helpdesk.test", slug: "help", isDefault: true }),
    });
    const after = await t.db.select().from(mailboxes).where(eq(mailboxes.isDefault, true));
    expect(after.map((m) => m.id)).toEqual([third.id]);
    expect(first.id).toBeGreaterThan(0);
  });

  it("names the field of a bad address, slug, colour or logo", async () => {
    const cases: [Partial<CreateMailboxInput>, string][] = [
      [{ address: "not an address" }, "address"],
      [{ address: "support+x@helpdesk.test" }, "address"],
      [{ slug: "Has Spaces" }, "slug"],
      [{ slug: "trailing-" }, "slug"],
      [{ slug: "" }, "slug"],
      [{ name: "  " }, "name"],
      [{ brandColor: "blue" }, "brandColor"],
      [{ brandColor: "#12345" }, "brandColor"],
      [{ brandLogoUrl: "http://cdn.example.com/logo.png" }, "brandLogoUrl"],
      [{ brandLogoUrl: "javascript:alert(1)" }, "brandLogoUrl"],
      [{ brandLogoUrl: dataUrl("image/svg+xml", Buffer.from("<svg/>")) }, "brandLogoUrl"],
      // Says PNG, is not one.
      [{ brandLogoUrl: dataUrl("image/png", Buffer.from("GIF89a-not-a-png")) }, "brandLogoUrl"],
      [
        { brandLogoUrl: dataUrl("image/png", Buffer.concat([pngBytes, Buffer.alloc(210_000)])) },
        "brandLogoUrl",
      ],
    ];
    for (const [overrides, field] of cases) {
      await expect(
        createMailbox(t.db, { actor: admin, ...base(overrides) }),
        JSON.stringify(overrides).slice(0, 80),
      ).rejects.toMatchObject({ code: "INVALID", details: { [field]: [expect.any(String)] } });
    }
    expect(await t.db.select().from(mailboxes)).toHaveLength(0);
  });

  it("stores an uploaded PNG logo as a data: URL", async () => {
    const logo = dataUrl("image/png", pngBytes);
    const mailbox = await createMailbox(t.db, { actor: admin, ...base({ brandLogoUrl: logo }) });
    expect(mailbox.brandLogoUrl).toBe(logo);
    const loaded = await getMailboxForAdmin(t.db, { actor: admin, mailboxId: mailbox.id });
    expect(loaded?.brandLogoUrl).toBe(logo);
    // Clearing it.
    const cleared = await updateMailbox(t.db, {
      actor: admin,
      mailboxId: mailbox.id,
      ...base({ isDefault: true, brandLogoUrl: "" }),
    });
    expect(cleared.brandLogoUrl).toBeNull();
  });

  it("refuses an address or web form address another mailbox has, in any case", async () => {
    await createMailbox(t.db, { actor: admin, ...base() });
    await expect(
      createMailbox(t.db, {
        actor: admin,
        ...base({ address: "SUPPORT@helpdesk.test", slug: "other" }),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { address: [expect.any(String)] } });
    await expect(
      createMailbox(t.db, { actor: admin, ...base({ address: "other@helpdesk.test" }) }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { slug: [expect.any(String)] } });
  });

  it("refuses an inactive default category or a team that does not exist", async () => {
    const [category] = await t.db
      .insert(categories)
      .values({ name: "Old", slug: "old", isActive: false })
      .returning();
    await expect(
      createMailbox(t.db, { actor: admin, ...base({ defaultCategoryId: category!.id }) }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { defaultCategoryId: [expect.any(String)] },
    });
    await expect(
      createMailbox(t.db, { actor: admin, ...base({ defaultTeamId: 999_999 }) }),
    ).rejects.toMatchObject({ code: "INVALID", details: { defaultTeamId: [expect.any(String)] } });
  });

  it("takes a default assignee who is active and in the default team, and keeps one deactivated since", async () => {
    const [team] = await t.db.insert(teams).values({ name: "Support" }).returning();
    const alice = await makeUser(t.db, { name: "Alice Agent" });
    const outsider = await makeUser(t.db, { name: "Otto Outside" });
    await t.db.insert(teamMembers).values({ teamId: team!.id, userId: alice.id });

    await expect(
      createMailbox(t.db, {
        actor: admin,
        ...base({ defaultTeamId: team!.id, defaultAssigneeId: outsider.id }),
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: {
        defaultAssigneeId: [expect.stringContaining("Otto Outside is not in the default team")],
      },
    });
    const mailbox = await createMailbox(t.db, {
      actor: admin,
      ...base({ defaultTeamId: team!.id, defaultAssigneeId: alice.id }),
    });
    expect(mailbox.defaultAssigneeId).toBe(alice.id);
    // Without a default team anyone active will do.
    await updateMailbox(t.db, {
      actor: admin,
      mailboxId: mailbox.id,
      ...base({ isDefault: true, defaultTeamId: null, defaultAssigneeId: outsider.id }),
    });

    // Deactivated later: shown as such, and saving the mailbox unchanged keeps them.
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, outsider.id));
    expect(await getMailboxForAdmin(t.db, { actor: admin, mailboxId: mailbox.id })).toMatchObject({
      defaultAssigneeId: outsider.id,
      defaultAssigneeInactive: { id: outsider.id, name: "Otto Outside" },
    });
    await updateMailbox(t.db, {
      actor: admin,
      mailboxId: mailbox.id,
      ...base({
        name: "Support desk",
        isDefault: true,
        defaultTeamId: null,
        defaultAssigneeId: outsider.id,
      }),
    });
    // Newly chosen, a deactivated person is refused.
    const carol = await makeUser(t.db, { name: "Carol Gone", isActive: false });
    await expect(
      updateMailbox(t.db, {
        actor: admin,
        mailboxId: mailbox.id,
        ...base({ isDefault: true, defaultAssigneeId: carol.id }),
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { defaultAssigneeId: [expect.any(String)] },
    });
  });

  it("is for admins only", async () => {
    await expect(createMailbox(t.db, { actor: agent, ...base() })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(listMailboxesForAdmin(t.db, agent)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("deleteMailbox", () => {
  it("deletes two mailboxes that both received one message; the log keeps both copies", async () => {
    await createMailbox(t.db, { actor: admin, ...base() });
    const boxes = [];
    for (const name of ["Sales", "Billing"]) {
      const address = `${name.toLowerCase()}@helpdesk.test`;
      const box = await createMailbox(t.db, {
        actor: admin,
        ...base({ name, address, slug: name.toLowerCase() }),
      });
      boxes.push(box);
      // The same message, Cc'd to both addresses, is stored once per mailbox.
      const outcome = await receiveInboundEmail(t.db, {
        raw: new TextEncoder().encode(
          "From: a@example.org\r\nTo: sales@helpdesk.test, billing@helpdesk.test\r\n" +
            "Message-ID: <both@example.org>\r\nSubject: x\r\n\r\nx",
        ),
        envelopeTo: address,
      });
      expect(outcome.status).toBe("accepted");
    }
    for (const box of boxes) await deleteMailbox(t.db, { actor: admin, mailboxId: box.id });
    const log = await t.db.select().from(inboundEmails);
    expect(log.map((row) => [row.mailboxId, row.messageIdKey])).toEqual([
      [null, "<both@example.org>"],
      [null, "<both@example.org>"],
    ]);
  });

  it("refuses the default; deletes another, its tickets and log rows kept, its rules gone", async () => {
    const main = await createMailbox(t.db, { actor: admin, ...base() });
    const sales = await createMailbox(t.db, {
      actor: admin,
      ...base({ name: "Sales", address: "sales@helpdesk.test", slug: "sales" }),
    });
    await expect(deleteMailbox(t.db, { actor: admin, mailboxId: main.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("default mailbox"),
    });
    const ticket = await makeTicket(t.db, { mailboxId: sales.id });
    await t.db.insert(inboundEmails).values({
      mailboxId: sales.id,
      messageIdKey: "<x@example.org>",
      raw: new TextEncoder().encode("Subject: x\r\n\r\nx"),
      sizeBytes: 14,
      status: "processed",
      ticketId: ticket.id,
    });
    await t.db.insert(routingRules).values({ subjectText: "invoice", mailboxId: sales.id });
    expect((await listMailboxesForAdmin(t.db, admin)).map((m) => [m.name, m.tickets])).toEqual([
      ["Sales", 1],
      ["Support", 0],
    ]);

    expect(await deleteMailbox(t.db, { actor: admin, mailboxId: sales.id })).toEqual({
      ticketsKept: 1,
    });
    const [kept] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(kept?.mailboxId).toBeNull();
    const [log] = await t.db.select().from(inboundEmails);
    expect(log).toMatchObject({ mailboxId: null, ticketId: ticket.id });
    expect(await t.db.select().from(routingRules)).toHaveLength(0);
    expect((await listMailboxesForAdmin(t.db, admin)).map((m) => m.name)).toEqual(["Support"]);
    await expect(deleteMailbox(t.db, { actor: admin, mailboxId: sales.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("polling column", () => {
  it("says whether a mailbox is polled, failing or disabled", async () => {
    const mailbox = await createMailbox(t.db, { actor: admin, ...base() });
    const status = async () => (await listMailboxesForAdmin(t.db, admin))[0]!.polling;
    expect(await status()).toEqual({ state: "not_configured" });
    await t.db
      .update(mailboxes)
      .set({ imapHost: "imap.example.com", pollingEnabled: true })
      .where(eq(mailboxes.id, mailbox.id));
    expect(await status()).toMatchObject({ state: "ok" });
    await t.db
      .update(mailboxes)
      .set({ pollFailures: 2, lastPollError: "Connection refused" })
      .where(eq(mailboxes.id, mailbox.id));
    expect(await status()).toEqual({
      state: "failing",
      failures: 2,
      error: "Connection refused",
    });
    await t.db
      .update(mailboxes)
      .set({ pollFailures: 5, pollDisabledAt: new Date() })
      .where(eq(mailboxes.id, mailbox.id));
    expect(await status()).toMatchObject({ state: "disabled", error: "Connection refused" });
  });
});
