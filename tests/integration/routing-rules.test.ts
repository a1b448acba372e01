/**
 * Routing rules: managed by admins as an ordered list, and applied to new tickets from email and the
 * web form — first active match by position, case-insensitive, per mailbox or any — with the
 * mailbox's defaults filling what the rule leaves unset and explicit choices always winning.
 */
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  categories,
  mailboxes,
  messages,
  notifications,
  teamMembers,
  ticketEvents,
  teams,
  tickets,
  users,
  type Category,
  type Mailbox,
  type RoutingRule,
  type Team,
} from "@/db/schema";
import {
  createRoutingRule,
  deleteRoutingRule,
  listRoutingRulesForAdmin,
  moveRoutingRule,
  placeRoutingRule,
  setRoutingRuleActive,
  updateRoutingRule,
} from "@/lib/admin/routing-rules";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { Actor } from "@/lib/auth/permissions";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { createTicket } from "@/lib/tickets/create-ticket";
import { systemActor } from "@/lib/tickets/actor";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

let admin: Actor;
let agent: Actor;
let mailbox: Mailbox;
let sales: Mailbox;
let tech: Team;
let billingTeam: Team;
let billing: Category;
let general: Category;

const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
  agent = actorFor(await makeUser(t.db, { role: "agent" }));
  [tech, billingTeam] = (await t.db
    .insert(teams)
    .values([{ name: "Technical support" }, { name: "Billing" }])
    .returning()) as [Team, Team];
  [billing, general] = (await t.db
    .insert(categories)
    .values([
      { name: "Invoices and payments", slug: "invoices_payments" },
      { name: "Walk-in questions", slug: "walk_in_questions" },
    ])
    .returning()) as [Category, Category];
  [mailbox, sales] = (await t.db
    .insert(mailboxes)
    .values([
      {
        name: "Support",
        address: "support@helpdesk.test",
        slug: "support",
        isDefault: true,
        defaultCategoryId: general.id,
        defaultPriority: "low",
      },
      { name: "Sales", address: "sales@helpdesk.test", slug: "sales" },
    ])
    .returning()) as [Mailbox, Mailbox];
});

const webTicket = (subject: string, extra: Record<string, unknown> = {}) =>
  createTicket(t.db, {
    actor: systemActor("Web form"),
    subject,
    body: "Please help.",
    requester: { email: "kim@example.org" },
    channel: "web",
    mailboxId: mailbox.id,
    ...extra,
  });

async function systemLines(ticketId: number) {
  const rows = await t.db.select().from(messages).where(eq(messages.ticketId, ticketId));
  return rows.filter((m) => m.kind === "system").map((m) => m.bodyText);
}

describe("managing rules", () => {
  it("adds rules at the end, reorders with up/down, edits, deactivates and deletes", async () => {
    const a = await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "forgot password",
      teamId: tech.id,
    });
    const b = await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "payment",
      teamId: billingTeam.id,
      categoryId: billing.id,
      priority: "high",
      mailboxId: sales.id,
    });
    const c = await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "x",
      priority: "low",
    });
    const order = async () =>
      (await listRoutingRulesForAdmin(t.db, admin)).map((r) => r.subjectText);
    expect(await order()).toEqual(["forgot password", "payment", "x"]);

    await moveRoutingRule(t.db, { actor: admin, ruleId: c.id, direction: "up" });
    expect(await order()).toEqual(["forgot password", "x", "payment"]);
    await moveRoutingRule(t.db, { actor: admin, ruleId: a.id, direction: "up" }); // already first
    await moveRoutingRule(t.db, { actor: admin, ruleId: a.id, direction: "down" });
    expect(await order()).toEqual(["x", "forgot password", "payment"]);

    const listed = (await listRoutingRulesForAdmin(t.db, admin)).find((r) => r.id === b.id);
    expect(listed).toMatchObject({
      mailbox: "Sales",
      team: "Billing",
      category: "Invoices and payments",
      priority: "high",
      isActive: true,
    });

    await updateRoutingRule(t.db, {
      actor: admin,
      ruleId: b.id,
      subjectText: "invoice",
      teamId: null,
      categoryId: billing.id,
      priority: null,
      mailboxId: null,
    });
    await setRoutingRuleActive(t.db, { actor: admin, ruleId: a.id, isActive: false });
    const rules = await listRoutingRulesForAdmin(t.db, admin);
    expect(rules.find((r) => r.id === b.id)).toMatchObject({
      subjectText: "invoice",
      team: null,
      mailbox: null,
      priority: null,
    });
    expect(rules.find((r) => r.id === a.id)?.isActive).toBe(false);

    await deleteRoutingRule(t.db, { actor: admin, ruleId: c.id });
    const remaining = await listRoutingRulesForAdmin(t.db, admin);
    expect(remaining.map((r) => [r.subjectText, r.position])).toEqual([
      ["forgot password", 0],
      ["invoice", 1],
    ]);
  });

  it("places a dragged rule anywhere in the list, and the first match follows the new order", async () => {
    const rules = [];
    for (const text of ["alpha", "beta", "gamma", "delta"]) {
      rules.push(
        await createRoutingRule(t.db, { actor: admin, subjectText: text, priority: "low" }),
      );
    }
    const [alpha, beta, , delta] = rules as [RoutingRule, RoutingRule, RoutingRule, RoutingRule];
    const order = async () =>
      (await listRoutingRulesForAdmin(t.db, admin)).map((r) => r.subjectText);

    await placeRoutingRule(t.db, { actor: admin, ruleId: delta.id, toIndex: 0 });
    expect(await order()).toEqual(["delta", "alpha", "beta", "gamma"]);
    await placeRoutingRule(t.db, { actor: admin, ruleId: delta.id, toIndex: 2 });
    expect(await order()).toEqual(["alpha", "beta", "delta", "gamma"]);
    // Past the end is the end.
    await placeRoutingRule(t.db, { actor: admin, ruleId: alpha.id, toIndex: 99 });
    expect(await order()).toEqual(["beta", "delta", "gamma", "alpha"]);

    // "beta delta": both match; the earlier one in the list wins, before and after a drag.
    await updateRoutingRule(t.db, {
      actor: admin,
      ruleId: delta.id,
      subjectText: "delta",
      teamId: tech.id,
      categoryId: null,
      priority: null,
      mailboxId: null,
    });
    const routed = async () => {
      const { ticket } = await createTicket(t.db, {
        actor: systemActor("Email"),
        subject: "beta delta",
        body: "Which rule?",
        requester: { email: "pat@example.org" },
        channel: "email",
        mailboxId: mailbox.id,
      });
      return { priority: ticket.priority, teamId: ticket.teamId };
    };
    expect(await routed()).toMatchObject({ priority: "low" });
    await placeRoutingRule(t.db, { actor: admin, ruleId: delta.id, toIndex: 0 });
    expect(await routed()).toMatchObject({ teamId: tech.id });

    await expect(
      placeRoutingRule(t.db, { actor: agent, ruleId: beta.id, toIndex: 0 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      placeRoutingRule(t.db, { actor: admin, ruleId: beta.id, toIndex: -1 }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      placeRoutingRule(t.db, { actor: admin, ruleId: 999_999, toIndex: 0 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await order()).toEqual(["delta", "beta", "gamma", "alpha"]);
  });

  it("refuses a rule that sets nothing, an empty text, or an inactive category; admins only", async () => {
    await expect(
      createRoutingRule(t.db, { actor: admin, subjectText: "payment" }),
    ).rejects.toMatchObject({ code: "INVALID", details: { teamId: [expect.any(String)] } });
    await expect(
      createRoutingRule(t.db, { actor: admin, subjectText: "  ", teamId: tech.id }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { subjectText: [expect.any(String)] },
    });
    await t.db.update(categories).set({ isActive: false }).where(eq(categories.id, billing.id));
    await expect(
      createRoutingRule(t.db, { actor: admin, subjectText: "pay", categoryId: billing.id }),
    ).rejects.toMatchObject({ code: "INVALID", details: { categoryId: [expect.any(String)] } });
    await expect(
      createRoutingRule(t.db, { actor: agent, subjectText: "pay", teamId: tech.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("applying rules to new tickets", () => {
  it("routes by the first active matching rule, case-insensitively, and says so on the ticket", async () => {
    const inactive = await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "PASSWORD",
      teamId: billingTeam.id,
    });
    await setRoutingRuleActive(t.db, { actor: admin, ruleId: inactive.id, isActive: false });
    const rule = await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "Forgot Password",
      teamId: tech.id,
      priority: "urgent",
    });
    await createRoutingRule(t.db, { actor: admin, subjectText: "password", priority: "low" });

    const { ticket } = await webTicket("I forgot password for my account");
    // Team and priority from the rule; category from the mailbox default.
    expect(ticket).toMatchObject({ teamId: tech.id, priority: "urgent", categoryId: general.id });
    expect(await systemLines(ticket.id)).toEqual([
      "Routed by the rule “subject contains Forgot Password”: team Technical support, priority Urgent",
    ]);
    const events = await t.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.find((e) => e.type === "ticket.routed")?.data).toMatchObject({
      ruleId: rule.id,
      team: "Technical support",
      priority: "urgent",
    });

    // No rule matches: the mailbox defaults, and no routing line.
    const { ticket: plain } = await webTicket("Hello there");
    expect(plain).toMatchObject({ teamId: null, priority: "low", categoryId: general.id });
    expect(await systemLines(plain.id)).toEqual([]);
  });

  it("matches by contains, equals or starts with, each ignoring case", async () => {
    await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "Refund",
      subjectMatch: "equals",
      teamId: billingTeam.id,
    });
    await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "urgent:",
      subjectMatch: "starts_with",
      priority: "urgent",
    });
    await createRoutingRule(t.db, { actor: admin, subjectText: "password", teamId: tech.id });

    const routed = async (subject: string) => {
      const { ticket } = await webTicket(subject);
      return {
        teamId: ticket.teamId,
        priority: ticket.priority,
        lines: await systemLines(ticket.id),
      };
    };
    expect(await routed("  REFUND ")).toMatchObject({
      teamId: billingTeam.id,
      lines: ["Routed by the rule “subject is Refund”: team Billing"],
    });
    // Not equal: more than the text.
    expect(await routed("Refund please")).toMatchObject({ teamId: null, lines: [] });
    expect(await routed("Urgent: the server is down")).toMatchObject({
      priority: "urgent",
      lines: ["Routed by the rule “subject starts with urgent:”: priority Urgent"],
    });
    // Not at the start.
    expect(await routed("Not urgent: a question")).toMatchObject({ priority: "low", lines: [] });
    expect(await routed("Reset my PASSWORD")).toMatchObject({ teamId: tech.id });

    const listed = await listRoutingRulesForAdmin(t.db, admin);
    expect(listed.map((r) => [r.subjectMatch, r.subjectText])).toEqual([
      ["equals", "Refund"],
      ["starts_with", "urgent:"],
      ["contains", "password"],
    ]);
    await expect(
      createRoutingRule(t.db, {
        actor: admin,
        subjectText: "x",
        subjectMatch: "regex" as never,
        priority: "low",
      }),
    ).rejects.toMatchObject({ code: "INVALID", details: { subjectMatch: [expect.any(String)] } });
  });

  it("assigns the mailbox's default assignee while they are an active member of the ticket's team", async () => {
    const alice = await makeUser(t.db, { name: "Alice Agent" });
    await t.db.insert(teamMembers).values({ teamId: tech.id, userId: alice.id });
    await t.db
      .update(mailboxes)
      .set({ defaultTeamId: tech.id, defaultAssigneeId: alice.id })
      .where(eq(mailboxes.id, mailbox.id));

    const { ticket } = await webTicket("My screen is blank");
    expect(ticket).toMatchObject({ teamId: tech.id, assigneeId: alice.id });
    // Alice hears of it, as of any ticket assigned to her.
    const bell = await t.db.select().from(notifications).where(eq(notifications.userId, alice.id));
    expect(bell.map((n) => n.ticketId)).toContain(ticket.id);

    // A rule sent it to a team Alice is not in: she does not get it.
    await createRoutingRule(t.db, { actor: admin, subjectText: "invoice", teamId: billingTeam.id });
    expect((await webTicket("Invoice missing")).ticket).toMatchObject({
      teamId: billingTeam.id,
      assigneeId: null,
    });
    // Whoever the caller chose wins, nobody included.
    expect((await webTicket("Screen again", { assigneeId: null })).ticket.assigneeId).toBeNull();

    // Deactivated: tickets stay unassigned instead.
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, alice.id));
    expect((await webTicket("Blank again")).ticket).toMatchObject({
      teamId: tech.id,
      assigneeId: null,
    });
  });

  it("keeps what the caller set explicitly and applies rules to email and web tickets only", async () => {
    await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "payment",
      teamId: billingTeam.id,
      categoryId: billing.id,
      priority: "high",
    });
    const { ticket: explicit } = await webTicket("payment failed", {
      priority: "medium",
      teamId: null,
    });
    expect(explicit).toMatchObject({ priority: "medium", teamId: null, categoryId: billing.id });

    const { ticket: phone } = await createTicket(t.db, {
      actor: agent,
      subject: "payment failed",
      body: "Called in.",
      requester: { email: "kim@example.org" },
      channel: "phone",
      mailboxId: mailbox.id,
    });
    expect(phone).toMatchObject({ priority: "medium", teamId: null, categoryId: null });
  });

  it("honours a rule's mailbox: it routes that mailbox's mail only", async () => {
    await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "quote",
      mailboxId: sales.id,
      teamId: billingTeam.id,
    });
    const { ticket: support } = await webTicket("Need a quote");
    expect(support.teamId).toBeNull();
    const { ticket: salesTicket } = await webTicket("Need a quote", { mailboxId: sales.id });
    expect(salesTicket.teamId).toBe(billingTeam.id);
  });

  it("skips a rule's category that was switched off, instead of failing the mail", async () => {
    await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "invoice",
      categoryId: billing.id,
      teamId: billingTeam.id,
    });
    await t.db.update(categories).set({ isActive: false }).where(eq(categories.id, billing.id));
    const { ticket } = await webTicket("Invoice 42");
    expect(ticket).toMatchObject({ teamId: billingTeam.id, categoryId: general.id });
  });

  it("routes a new ticket from email through the inbound pipeline", async () => {
    await createRoutingRule(t.db, {
      actor: admin,
      subjectText: "payment",
      teamId: billingTeam.id,
      categoryId: billing.id,
    });
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), "routing-"));
    try {
      const raw = new TextEncoder().encode(
        [
          "From: Kim <kim@example.org>",
          "To: support@helpdesk.test",
          "Subject: Re: PAYMENT declined",
          "Message-ID: <routing-1@example.org>",
          "Date: Mon, 2 Mar 2026 10:00:00 +0000",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "My card was declined.",
          "",
        ].join("\r\n"),
      );
      const { id } = await receiveInboundEmail(t.db, { raw });
      const outcome = await processInboundEmail(t.db, new LocalDiskStorage(root), {
        inboundEmailId: id,
        mail: testMailSettings,
      });
      expect(outcome).toMatchObject({ outcome: "processed", reason: "new ticket" });
      const [ticket] = await t.db.select().from(tickets);
      expect(ticket).toMatchObject({
        channel: "email",
        mailboxId: mailbox.id,
        teamId: billingTeam.id,
        categoryId: billing.id,
        priority: "low", // the mailbox default: the rule sets no priority
      });
      expect(await systemLines(ticket!.id)).toEqual([
        "Routed by the rule “subject contains payment”: team Billing, category Invoices and payments",
      ]);
    } finally {
      await fsp.rm(root, { recursive: true, force: true });
    }
  });
});
