import { InngestTestEngine } from "@inngest/test";
import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { messages, notifications, outboundEmails, tickets, type Ticket } from "@/db/schema";
import { createSweepTicketTimersFunction } from "@/inngest/functions/sweep-ticket-timers";
import { createTicketTimersFunction } from "@/inngest/functions/ticket-timers";
import type { UserActor } from "@/lib/auth/permissions";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { applyAutoSolve } from "@/lib/timers/auto-solve";
import { applyPendingReminder } from "@/lib/timers/pending-reminder";
import { wakeSnoozedTicket } from "@/lib/timers/snooze";
import { runTimerSweep } from "@/lib/timers/sweep";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

const MINUTE = 60_000;
const start = new Date("2030-01-01T09:00:00Z");
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

let agent: UserActor;
beforeEach(async () => {
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});

async function ticketRow(id: number): Promise<Ticket> {
  const [row] = await t.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

async function notificationsOf(ticketId: number) {
  return t.db.select().from(notifications).where(eq(notifications.ticketId, ticketId));
}

async function systemMessagesOf(ticketId: number) {
  return t.db
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.kind, "system")));
}

/** A ticket set to Pending with a reminder at `remindAt`, through the domain (as an agent would). */
async function pendingWithReminder(remindAt: Date) {
  const ticket = await makeTicket(t.db, { assigneeId: agent.id });
  await updateTicket(t.db, {
    actor: agent,
    ticket: { id: ticket.id },
    patch: { status: "pending", remindAt },
    now: start,
  });
  return ticket;
}

describe("pending reminder", () => {
  it("returns the ticket to Open and reminds the assignee once it is due", async () => {
    const ticket = await pendingWithReminder(at(60));

    const early = await applyPendingReminder(t.db, { ticketId: ticket.id, now: at(59), mail });
    expect(early.action).toBe("not_due");
    expect((await ticketRow(ticket.id)).status).toBe("pending");

    const due = await applyPendingReminder(t.db, { ticketId: ticket.id, now: at(60), mail });
    expect(due.action).toBe("reminded");
    expect(due.outboundEmailIds).toHaveLength(1);
    const row = await ticketRow(ticket.id);
    expect(row).toMatchObject({ status: "open", remindAt: null });
    const bell = await notificationsOf(ticket.id);
    expect(bell).toMatchObject([{ userId: agent.id, type: "reminder" }]);
    const [email] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, due.outboundEmailIds[0]!));
    expect(email).toMatchObject({ kind: "reminder", status: "queued" });
    expect(email!.to).toEqual([{ email: agent.email, name: agent.name }]);
    expect(email!.headers).toMatchObject({ "Auto-Submitted": "auto-replied" });

    // Running it again is harmless.
    const again = await applyPendingReminder(t.db, { ticketId: ticket.id, now: at(61), mail });
    expect(again.action).toBe("not_due");
    expect(await notificationsOf(ticket.id)).toHaveLength(1);
  });

  it("does nothing when the status changed meanwhile", async () => {
    const ticket = await pendingWithReminder(at(60));
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "on_hold" },
      now: at(10),
    });
    const result = await applyPendingReminder(t.db, { ticketId: ticket.id, now: at(90), mail });
    expect(result.action).toBe("not_due");
    expect((await ticketRow(ticket.id)).status).toBe("on_hold");
    expect(await notificationsOf(ticket.id)).toHaveLength(0);
  });

  it("reports a ticket that no longer exists as missing", async () => {
    const result = await applyPendingReminder(t.db, { ticketId: 987_654, now: at(1), mail });
    expect(result.action).toBe("missing");
  });
});

describe("snooze", () => {
  it("wakes the ticket at snoozed_until and tells the assignee", async () => {
    const ticket = await makeTicket(t.db, { assigneeId: agent.id });
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { snoozedUntil: at(30) },
      now: start,
    });
    expect((await wakeSnoozedTicket(t.db, { ticketId: ticket.id, now: at(29), mail })).action).toBe(
      "not_due",
    );
    expect((await wakeSnoozedTicket(t.db, { ticketId: ticket.id, now: at(30), mail })).action).toBe(
      "woken",
    );
    expect((await ticketRow(ticket.id)).snoozedUntil).toBeNull();
    expect(await notificationsOf(ticket.id)).toMatchObject([
      { userId: agent.id, type: "snooze_ended" },
    ]);
    expect((await wakeSnoozedTicket(t.db, { ticketId: ticket.id, now: at(31), mail })).action).toBe(
      "not_due",
    );
    expect(await notificationsOf(ticket.id)).toHaveLength(1);
  });
});

describe("auto-solve", () => {
  async function scheduled(options: { sendSummary: boolean }) {
    const requester = await makeContact(t.db, { name: "Casey Customer" });
    const ticket = await makeTicket(t.db, { requesterId: requester.id, assigneeId: agent.id });
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "reply",
      authorContactId: requester.id,
      bodyText: "My printer is on fire.",
      createdAt: at(-10),
    });
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "reply",
      authorUserId: agent.id,
      bodyText: "Please unplug it.",
      createdAt: at(-5),
    });
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "note",
      authorUserId: agent.id,
      bodyText: "Internal: probably the fuser.",
      createdAt: at(-4),
    });
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: {
        status: "pending",
        autoSolveAt: at(60 * 24),
        autoSolveSendSummary: options.sendSummary,
      },
      now: start,
    });
    return { ticket, requester };
  }

  it("resolves the ticket when the customer has not replied, without a summary unless asked", async () => {
    const { ticket } = await scheduled({ sendSummary: false });
    expect((await applyAutoSolve(t.db, { ticketId: ticket.id, now: at(60), mail })).action).toBe(
      "not_due",
    );
    const result = await applyAutoSolve(t.db, { ticketId: ticket.id, now: at(60 * 24), mail });
    expect(result).toMatchObject({ action: "solved", outboundEmailIds: [] });
    expect(await ticketRow(ticket.id)).toMatchObject({ status: "resolved", autoSolveAt: null });
    const lines = (await systemMessagesOf(ticket.id)).map((m) => m.bodyText);
    expect(lines.some((line) => line.startsWith("Resolved automatically"))).toBe(true);
    expect(await t.db.select().from(outboundEmails)).toHaveLength(0);

    const again = await applyAutoSolve(t.db, { ticketId: ticket.id, now: at(60 * 25), mail });
    expect(again.action).toBe("not_due");
  });

  it("queues the public conversation to the requester when a summary was asked for", async () => {
    const { ticket, requester } = await scheduled({ sendSummary: true });
    const result = await applyAutoSolve(t.db, { ticketId: ticket.id, now: at(60 * 24), mail });
    expect(result.action).toBe("solved");
    expect(result.outboundEmailIds).toHaveLength(1);
    const [email] = await t.db.select().from(outboundEmails);
    expect(email).toMatchObject({ kind: "auto_solve_summary", ticketId: ticket.id });
    expect(email!.to).toEqual([{ email: requester.email, name: "Casey Customer" }]);
    expect(email!.textBody).toContain("My printer is on fire.");
    expect(email!.textBody).toContain("Please unplug it.");
    expect(email!.textBody).not.toContain("Internal");
  });

  it("is cancelled, with the reason recorded, when the customer replied after it was set", async () => {
    const { ticket, requester } = await scheduled({ sendSummary: true });
    await addCustomerReply(t.db, {
      contactId: requester.id,
      ticket: { id: ticket.id },
      body: "It is still smoking!",
      now: at(60),
    });
    const result = await applyAutoSolve(t.db, { ticketId: ticket.id, now: at(60 * 24), mail });
    expect(result).toMatchObject({ action: "auto_solve_cancelled", outboundEmailIds: [] });
    const row = await ticketRow(ticket.id);
    expect(row.status).toBe("open");
    expect(row.autoSolveAt).toBeNull();
    const lines = (await systemMessagesOf(ticket.id)).map((m) => m.bodyText);
    expect(lines).toContain("Auto-solve cancelled: the customer replied after it was scheduled");
    expect(await t.db.select().from(outboundEmails)).toHaveLength(0);
  });
});

describe("the reconciling sweep", () => {
  it("applies 50 due tickets exactly once even when two sweeps run at the same time", async () => {
    const due = at(-1);
    const rows = [];
    for (let i = 0; i < 50; i++) {
      const kind = i % 3;
      rows.push(
        await makeTicket(t.db, {
          assigneeId: agent.id,
          status: kind === 1 ? "open" : "pending",
          remindAt: kind === 0 ? due : null,
          snoozedUntil: kind === 1 ? due : null,
          autoSolveAt: kind === 2 ? due : null,
        }),
      );
    }
    // Not due yet: left alone.
    const later = await makeTicket(t.db, {
      status: "pending",
      remindAt: at(30),
      assigneeId: agent.id,
    });

    const [a, b] = await Promise.all([
      runTimerSweep(t.db, { now: start, mail, batchSize: 7 }),
      runTimerSweep(t.db, { now: start, mail, batchSize: 7 }),
    ]);
    expect(a.tickets + b.tickets).toBe(50);
    expect(a.reminded + b.reminded).toBe(17);
    expect(a.woken + b.woken).toBe(17);
    expect(a.solved + b.solved).toBe(16);
    expect(a.failed + b.failed).toBe(0);

    const [bell] = await t.db.select({ n: count() }).from(notifications);
    expect(bell!.n).toBe(17 + 17);
    const perTicket = await t.db
      .select({ ticketId: messages.ticketId, n: count() })
      .from(messages)
      .where(eq(messages.kind, "system"))
      .groupBy(messages.ticketId);
    expect(perTicket).toHaveLength(50);
    expect(perTicket.every((row) => row.n === 1)).toBe(true);
    expect(await t.db.select().from(outboundEmails)).toHaveLength(17);
    expect((await ticketRow(later.id)).status).toBe("pending");

    // A later run finds nothing left.
    const again = await runTimerSweep(t.db, { now: at(1), mail });
    expect(again.tickets).toBe(0);
  });

  it("stops at the limit and leaves the rest for the next run", async () => {
    for (let i = 0; i < 5; i++) await makeTicket(t.db, { snoozedUntil: at(-1) });
    const first = await runTimerSweep(t.db, { now: start, mail, limit: 3, batchSize: 2 });
    expect(first.woken).toBe(3);
    const second = await runTimerSweep(t.db, { now: start, mail });
    expect(second.woken).toBe(2);
  });
});

describe("Inngest functions", () => {
  const timers = () =>
    new InngestTestEngine({ function: createTicketTimersFunction(() => ({ db: t.db, mail })) });
  const sleeps = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `sleep-${i + 1}`, handler() {} }));

  it("sleeps until the ticket's earliest timer, then applies it through the worker", async () => {
    // Stored directly: the reminder is already due when the (mocked) sleep ends.
    const ticket = await makeTicket(t.db, {
      status: "pending",
      assigneeId: agent.id,
      remindAt: new Date(Date.now() - MINUTE),
      snoozedUntil: new Date(Date.now() + 60 * MINUTE),
    });
    const { result, ctx, error } = await timers().execute({
      events: [{ name: "ticket/timers.changed", data: { ticketId: ticket.id } }],
      steps: [...sleeps(4), { id: "dispatch-1", handler: () => ({ ids: ["sent"] }) }],
    });
    expect(error).toBeUndefined();
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("sleep-1", ticket.remindAt);
    expect(result).toMatchObject({ ticketId: ticket.id, actions: ["reminded"] });
    expect(await ticketRow(ticket.id)).toMatchObject({ status: "open", remindAt: null });
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
  });

  it("acts only when due: a wake-up before the date changes nothing", async () => {
    const remindAt = new Date(Date.now() + 60 * MINUTE);
    const ticket = await makeTicket(t.db, { status: "pending", assigneeId: agent.id, remindAt });
    const { result } = await timers().execute({
      events: [{ name: "ticket/timers.changed", data: { ticketId: ticket.id } }],
      steps: sleeps(4),
    });
    expect(result).toMatchObject({ actions: [] });
    expect(await ticketRow(ticket.id)).toMatchObject({ status: "pending", remindAt });
    expect(await notificationsOf(ticket.id)).toHaveLength(0);
  });

  it("ends at once when the ticket has no timer", async () => {
    const ticket = await makeTicket(t.db);
    const { result, ctx } = await timers().execute({
      events: [{ name: "ticket/timers.changed", data: { ticketId: ticket.id } }],
    });
    expect(result).toEqual({ ticketId: ticket.id, actions: [] });
    expect(ctx.step.sleepUntil).not.toHaveBeenCalled();
  });

  it("the cron function runs the reconciling sweep", async () => {
    const ticket = await makeTicket(t.db, {
      assigneeId: agent.id,
      snoozedUntil: new Date(Date.now() - MINUTE),
    });
    const { result } = await new InngestTestEngine({
      function: createSweepTicketTimersFunction(() => ({ db: t.db, mail })),
    }).execute();
    expect(result).toMatchObject({ tickets: 1, woken: 1, emails: 0 });
    expect((await ticketRow(ticket.id)).snoozedUntil).toBeNull();
  });
});
