import { InngestTestEngine } from "@inngest/test";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  messages,
  notifications,
  outboundEmails,
  teamMembers,
  teams,
  ticketEvents,
  tickets,
  type Ticket,
  type TicketPriority,
} from "@/db/schema";
import { createSlaTimerFunction } from "@/inngest/functions/sla-timer";
import {
  createSlaPolicy,
  updateSlaPolicy,
  type CreateSlaPolicyInput,
} from "@/lib/admin/sla-policies";
import type { UserActor } from "@/lib/auth/permissions";
import { createTicket } from "@/lib/tickets/create-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { checkTicketSla } from "@/lib/timers/sla-check";
import { runTimerSweep } from "@/lib/timers/sweep";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

const MINUTE = 60_000;
const start = new Date("2030-01-07T09:00:00Z");
const at = (minutes: number, from = start) => new Date(from.getTime() + minutes * MINUTE);

let admin: UserActor;
let agent: UserActor;
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" })) as UserActor;
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});

/** Round the clock: first response 60 min (urgent 30), resolution 8 h; warn 15 min before. */
const policy = (overrides: Partial<CreateSlaPolicyInput> = {}): CreateSlaPolicyInput => ({
  name: "Standard",
  conditions: {},
  targets: {
    high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    urgent: { firstResponseMinutes: 30, resolutionMinutes: 480 },
  },
  calendar: { kind: "calendar" },
  warn: { minutesBefore: 15 },
  ...overrides,
});

async function makeTeam(name: string, leads: number[] = [], members: number[] = []) {
  const [team] = await t.db.insert(teams).values({ name }).returning();
  for (const userId of leads) {
    await t.db.insert(teamMembers).values({ teamId: team!.id, userId, isLead: true });
  }
  for (const userId of members) await t.db.insert(teamMembers).values({ teamId: team!.id, userId });
  return team!;
}

async function openTicket(
  options: {
    assigneeId?: number;
    teamId?: number;
    priority?: TicketPriority;
    now?: Date;
  } = {},
): Promise<Ticket> {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    subject: "The checkout page is down",
    body: "Customers cannot pay.",
    requester: { email: "casey@example.test" },
    priority: options.priority ?? "high",
    assigneeId: options.assigneeId,
    teamId: options.teamId,
    now: options.now ?? start,
  });
  return ticket;
}

async function ticketRow(id: number): Promise<Ticket> {
  const [row] = await t.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

/** What the SLA said in the bell (not "assigned to you" and the like). */
async function bell(ticketId: number) {
  return t.db
    .select({ userId: notifications.userId, type: notifications.type, title: notifications.title })
    .from(notifications)
    .where(
      and(
        eq(notifications.ticketId, ticketId),
        inArray(notifications.type, ["sla_warning", "sla_breached"]),
      ),
    )
    .orderBy(asc(notifications.id));
}

async function slaEmails() {
  return t.db.select().from(outboundEmails).orderBy(asc(outboundEmails.id));
}

/** Makes the stored next check due again, as a duplicate event or a second sweep would find it. */
async function forceCheckDue(ticketId: number, when: Date) {
  await t.db.update(tickets).set({ slaNextCheckAt: when }).where(eq(tickets.id, ticketId));
}

describe("SLA warning", () => {
  it("warns the assignee once, in the app and by email, when the warning time comes", async () => {
    await createSlaPolicy(t.db, { actor: admin, ...policy(), now: start });
    const ticket = await openTicket({ assigneeId: agent.id });
    expect(ticket.slaNextCheckAt).toEqual(at(45));

    const early = await checkTicketSla(t.db, { ticketId: ticket.id, now: at(44), mail });
    expect(early.action).toBe("not_due");
    expect(await bell(ticket.id)).toEqual([]);

    const warned = await checkTicketSla(t.db, { ticketId: ticket.id, now: at(45), mail });
    expect(warned).toMatchObject({ action: "sla_warned" });
    expect(warned.outboundEmailIds).toHaveLength(1);
    expect(await ticketRow(ticket.id)).toMatchObject({
      slaState: "at_risk",
      slaNextCheckAt: at(60),
    });
    expect(await bell(ticket.id)).toEqual([
      {
        userId: agent.id,
        type: "sla_warning",
        title: `TKT-001 is about to breach its first response target`,
      },
    ]);
    const [email] = await slaEmails();
    expect(email).toMatchObject({ kind: "sla_warning", status: "queued" });
    expect(email!.to).toEqual([{ email: agent.email, name: "Alice Agent" }]);
    // The `sla_warning` template; as every ticket mail it belongs to the ticket (prefix, Reply-To).
    expect(email!.subject).toBe("[TKT-001] SLA warning: The checkout page is down");
    expect(email!.ticketId).toBe(ticket.id);
    expect(email!.textBody).toContain("First response is due");
    expect(email!.headers).toMatchObject({ "Auto-Submitted": "auto-replied" });

    // Running the check again — a duplicate event, the sweep racing the timer — says nothing new.
    await forceCheckDue(ticket.id, at(45));
    const again = await checkTicketSla(t.db, { ticketId: ticket.id, now: at(46), mail });
    expect(again.action).toBe("not_due");
    expect(await bell(ticket.id)).toHaveLength(1);
    expect(await slaEmails()).toHaveLength(1);
    expect((await ticketRow(ticket.id)).slaNextCheckAt).toEqual(at(60));
  });

  it("warns the team's leads when nobody is assigned, and the admins when there is no team", async () => {
    await createSlaPolicy(t.db, { actor: admin, ...policy(), now: start });
    const lead = await makeUser(t.db, { name: "Lee Lead" });
    const member = await makeUser(t.db, { name: "Mo Member" });
    const team = await makeTeam("Billing", [lead.id], [member.id]);
    const teamTicket = await openTicket({ teamId: team.id });
    const orphan = await openTicket({});

    await runTimerSweep(t.db, { now: at(45), mail });
    expect((await bell(teamTicket.id)).map((n) => n.userId)).toEqual([lead.id]);
    expect((await bell(orphan.id)).map((n) => n.userId)).toEqual([admin.id]);
    const recipients = (await slaEmails()).map((e) => e.to[0]!.email).sort();
    expect(recipients).toEqual([lead.email, admin.email].sort());
  });
});

describe("SLA breach", () => {
  it("marks the ticket breached, tells assignee and leads once, and escalates with an audit trail", async () => {
    const lead = await makeUser(t.db, { name: "Lee Lead" });
    const seniorLead = await makeUser(t.db, { name: "Sam Senior" });
    const firstLine = await makeTeam("First line", [lead.id]);
    const tier2 = await makeTeam("Tier 2", [seniorLead.id]);
    await createSlaPolicy(t.db, {
      actor: admin,
      ...policy({ escalation: { raisePriority: true, teamId: tier2.id } }),
      now: start,
    });
    const ticket = await openTicket({ assigneeId: agent.id, teamId: firstLine.id });

    // The warning first (at 45), then the breach at the due time.
    await checkTicketSla(t.db, { ticketId: ticket.id, now: at(45), mail });
    const breach = await checkTicketSla(t.db, { ticketId: ticket.id, now: at(60), mail });
    expect(breach.action).toBe("sla_breached");

    const row = await ticketRow(ticket.id);
    // One step up (High → Urgent) and handed to Tier 2; the assignee keeps the ticket.
    expect(row).toMatchObject({
      slaState: "breached",
      priority: "urgent",
      teamId: tier2.id,
      assigneeId: agent.id,
    });
    const breached = (await bell(ticket.id)).filter((n) => n.type === "sla_breached");
    expect(breached.map((n) => n.userId).sort()).toEqual([agent.id, lead.id, seniorLead.id].sort());
    expect(breached[0]!.title).toBe("TKT-001 breached its first response target");

    // Audited like any change, by the system, and said in the conversation.
    const events = await t.db
      .select({ type: ticketEvents.type, data: ticketEvents.data, actor: ticketEvents.actorUserId })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id))
      .orderBy(asc(ticketEvents.id));
    expect(events).toEqual(
      expect.arrayContaining([
        { type: "ticket.priority_changed", data: { from: "high", to: "urgent" }, actor: null },
        { type: "ticket.team_id_changed", data: { from: firstLine.id, to: tier2.id }, actor: null },
        expect.objectContaining({ type: "sla.warning", actor: null }),
        expect.objectContaining({ type: "sla.breached", actor: null }),
      ]),
    );
    const lines = (
      await t.db
        .select({ text: messages.bodyText })
        .from(messages)
        .where(and(eq(messages.ticketId, ticket.id), eq(messages.kind, "system")))
    ).map((m) => m.text);
    expect(lines).toEqual(
      expect.arrayContaining([
        "SLA escalation changed the priority from High to Urgent",
        "SLA escalation moved the ticket to team Tier 2",
      ]),
    );
    const breachEmails = (await slaEmails()).filter((e) => e.kind === "sla_breached");
    expect(breachEmails).toHaveLength(3);
    expect(breachEmails[0]!.textBody).toContain("The priority was raised from High to Urgent.");
    expect(breachEmails[0]!.textBody).toContain("The ticket was handed to Tier 2.");

    // Urgent's shorter target is part of the same breach: no second escalation, now or later.
    await forceCheckDue(ticket.id, at(61));
    const again = await checkTicketSla(t.db, { ticketId: ticket.id, now: at(62), mail });
    expect(again.action).toBe("not_due");
    await runTimerSweep(t.db, { now: at(63), mail });
    expect((await ticketRow(ticket.id)).priority).toBe("urgent");
    expect((await bell(ticket.id)).filter((n) => n.type === "sla_breached")).toHaveLength(3);
    expect((await slaEmails()).filter((e) => e.kind === "sla_breached")).toHaveLength(3);
  });

  it("does not escalate when the policy does not ask for it", async () => {
    await createSlaPolicy(t.db, { actor: admin, ...policy(), now: start });
    const ticket = await openTicket({ assigneeId: agent.id });
    const breach = await checkTicketSla(t.db, { ticketId: ticket.id, now: at(70), mail });
    expect(breach.action).toBe("sla_breached");
    const row = await ticketRow(ticket.id);
    expect(row).toMatchObject({ slaState: "breached", priority: "high", teamId: null });
    // A late check announces the breach only, not the warning it skipped past.
    expect((await bell(ticket.id)).map((n) => n.type)).toEqual(["sla_breached"]);
  });

  it("the reconciling sweep catches a breach whose timer was missed", async () => {
    await createSlaPolicy(t.db, { actor: admin, ...policy({ warn: {} }), now: start });
    const ticket = await openTicket({ assigneeId: agent.id });
    expect(ticket.slaNextCheckAt).toEqual(at(60));

    // Nobody ran the timer; the sweep an hour later finds the passed check and applies it.
    const first = await runTimerSweep(t.db, { now: at(120), mail });
    expect(first).toMatchObject({ tickets: 1, slaBreached: 1, failed: 0 });
    expect(first.outboundEmailIds).toHaveLength(1);
    expect((await ticketRow(ticket.id)).slaState).toBe("breached");
    expect((await bell(ticket.id)).map((n) => n.type)).toEqual(["sla_breached"]);

    const second = await runTimerSweep(t.db, { now: at(121), mail });
    expect(second.tickets).toBe(0);
    expect(await bell(ticket.id)).toHaveLength(1);
  });

  it("a change that puts a clock past due is checked at the next sweep", async () => {
    await createSlaPolicy(t.db, {
      actor: admin,
      ...policy({
        warn: {},
        targets: {
          low: { firstResponseMinutes: 600 },
          urgent: { firstResponseMinutes: 30 },
        },
      }),
      now: start,
    });
    const ticket = await openTicket({ assigneeId: agent.id, priority: "low" });
    // 50 minutes in, an agent raises the priority: the 30-minute target has already passed.
    const { ticket: changed } = await updateTicket(t.db, {
      actor: admin,
      ticket: { id: ticket.id },
      patch: { priority: "urgent" },
      now: at(50),
    });
    expect(changed).toMatchObject({ slaState: "breached", slaNextCheckAt: at(50) });
    const swept = await runTimerSweep(t.db, { now: at(51), mail });
    expect(swept.slaBreached).toBe(1);
    expect((await bell(ticket.id)).map((n) => n.type)).toEqual(["sla_breached"]);
  });
});

describe("escalation settings", () => {
  it("are validated: the team must exist", async () => {
    await expect(
      createSlaPolicy(t.db, {
        actor: admin,
        ...policy({ escalation: { raisePriority: true, teamId: 999_999 } }),
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { "escalation.teamId": ["That team does not exist."] },
    });
    const team = await makeTeam("Escalations");
    const saved = await createSlaPolicy(t.db, {
      actor: admin,
      ...policy({ escalation: { raisePriority: true, teamId: team.id } }),
    });
    expect(saved.escalation).toEqual({ raisePriority: true, teamId: team.id });
    const edited = await updateSlaPolicy(t.db, {
      actor: admin,
      policyId: saved.id,
      ...policy({ escalation: {} }),
    });
    expect(edited.escalation).toEqual({});
  });
});

describe("the sla-timer Inngest function", () => {
  const timer = () =>
    new InngestTestEngine({ function: createSlaTimerFunction(() => ({ db: t.db, mail })) });
  const sleeps = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `sleep-${i + 1}`, handler() {} }));

  it("sleeps until the stored check, re-checks the database and announces the breach", async () => {
    const created = new Date(Date.now() - 2 * 60 * MINUTE);
    await createSlaPolicy(t.db, {
      actor: admin,
      ...policy({
        targets: { high: { firstResponseMinutes: 60, resolutionMinutes: 60 * 24 * 7 } },
      }),
      now: created,
    });
    const ticket = await openTicket({ assigneeId: agent.id, now: created });
    const { result, ctx, error } = await timer().execute({
      events: [{ name: "ticket/sla.changed", data: { ticketId: ticket.id } }],
      steps: [...sleeps(7), { id: "dispatch-1", handler: () => ({ ids: ["sent"] }) }],
    });
    expect(error).toBeUndefined();
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("sleep-1", at(45, created));
    // Woken late (the mocked sleep returns at once, two hours after creation): the breach only.
    expect(result).toEqual({ ticketId: ticket.id, actions: ["sla_breached"] });
    expect((await ticketRow(ticket.id)).slaState).toBe("breached");
    expect((await bell(ticket.id)).map((n) => n.type)).toEqual(["sla_breached"]);
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);

    // The same event again (Inngest retried, or it was sent twice): nothing new is said.
    const { result: again } = await timer().execute({
      events: [{ name: "ticket/sla.changed", data: { ticketId: ticket.id } }],
      steps: sleeps(7),
    });
    expect(again).toEqual({ ticketId: ticket.id, actions: [] });
    expect(await bell(ticket.id)).toHaveLength(1);
  });

  it("acts only when due: a wake-up before the time changes nothing", async () => {
    await createSlaPolicy(t.db, { actor: admin, ...policy(), now: new Date() });
    const ticket = await openTicket({ assigneeId: agent.id, now: new Date() });
    const { result } = await timer().execute({
      events: [{ name: "ticket/sla.changed", data: { ticketId: ticket.id } }],
      steps: sleeps(7),
    });
    expect(result).toEqual({ ticketId: ticket.id, actions: [] });
    expect((await ticketRow(ticket.id)).slaState).toBe("ok");
    expect(await bell(ticket.id)).toEqual([]);
  });

  it("ends at once when no clock is running", async () => {
    const ticket = await openTicket({ assigneeId: agent.id });
    const { result, ctx } = await timer().execute({
      events: [{ name: "ticket/sla.changed", data: { ticketId: ticket.id } }],
    });
    expect(result).toEqual({ ticketId: ticket.id, actions: [] });
    expect(ctx.step.sleepUntil).not.toHaveBeenCalled();
  });

  it("is cancelled by a newer change of the same ticket", () => {
    const fn = createSlaTimerFunction(() => ({ db: t.db, mail }));
    expect(fn.opts.cancelOn).toEqual([
      expect.objectContaining({ if: "async.data.ticketId == event.data.ticketId" }),
    ]);
  });
});
