import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  messages,
  notifications,
  outboundEmails,
  ticketEvents,
  tickets,
  type Ticket,
} from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { saveEmailTemplate } from "@/lib/mail/templates/store";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { applyDueTimers } from "@/lib/timers/apply-due";
import { runTimerSweep } from "@/lib/timers/sweep";
import { resetDatabase, setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

const MINUTE = 60_000;
const start = new Date("2030-01-01T09:00:00Z");
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

let agent: UserActor;
beforeEach(async () => {
  agent = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" }),
  ) as UserActor;
});

/**
 * One ticket of each kind the sweep meets, set up through the domain as agents would: a pending
 * reminder, a snooze, auto-solve with a summary, auto-solve the customer answered, and a ticket
 * with two timers due at once (the per-ticket path inside the batch).
 */
async function scenario(): Promise<Ticket[]> {
  const made: Ticket[] = [];
  const patch = async (ticket: Ticket, body: Parameters<typeof updateTicket>[1]["patch"]) =>
    updateTicket(t.db, { actor: agent, ticket: { id: ticket.id }, patch: body, now: start });

  const reminder = await makeTicket(t.db, { subject: "Reminder", assigneeId: agent.id });
  await patch(reminder, { status: "pending", remindAt: at(60) });
  made.push(reminder);

  const snoozed = await makeTicket(t.db, { subject: "Snoozed", assigneeId: agent.id });
  await patch(snoozed, { snoozedUntil: at(30) });
  made.push(snoozed);

  const requester = await makeContact(t.db, {
    name: "Casey Customer",
    email: "casey@example.test",
  });
  for (const [subject, replies] of [
    ["Solved", false],
    ["Answered", true],
  ] as const) {
    const ticket = await makeTicket(t.db, {
      subject,
      requesterId: requester.id,
      assigneeId: agent.id,
    });
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "reply",
      authorContactId: requester.id,
      bodyText: "My printer is on fire.",
      createdAt: at(-10),
    });
    await patch(ticket, {
      status: "pending",
      remindAt: at(24 * 60),
      autoSolveAt: at(90),
      autoSolveSendSummary: true,
    });
    if (replies) {
      await addCustomerReply(t.db, {
        contactId: requester.id,
        ticket: { id: ticket.id },
        body: "Still smoking.",
        now: at(10),
      });
    }
    made.push(ticket);
  }

  const both = await makeTicket(t.db, { subject: "Both", assigneeId: agent.id });
  await patch(both, { status: "pending", remindAt: at(40), snoozedUntil: at(50) });
  made.push(both);
  return made;
}

/** Everything a person could see of what the timers did, with ticket numbers left out. */
async function trail(ticketIds: number[]) {
  const anon = (text: string) => text.replace(/TKT-\d+/g, "TKT-#");
  const out = [];
  for (const id of ticketIds) {
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, id));
    const events = await t.db
      .select({ type: ticketEvents.type, data: ticketEvents.data, actor: ticketEvents.actorUserId })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, id))
      .orderBy(asc(ticketEvents.id));
    const lines = await t.db
      .select({ kind: messages.kind, text: messages.bodyText, at: messages.createdAt })
      .from(messages)
      .where(eq(messages.ticketId, id))
      .orderBy(asc(messages.id));
    const bell = await t.db
      .select({
        type: notifications.type,
        title: notifications.title,
        userId: notifications.userId,
      })
      .from(notifications)
      .where(eq(notifications.ticketId, id))
      .orderBy(asc(notifications.id));
    const mails = await t.db
      .select({
        kind: outboundEmails.kind,
        to: outboundEmails.to,
        subject: outboundEmails.subject,
        text: outboundEmails.textBody,
      })
      .from(outboundEmails)
      .where(eq(outboundEmails.ticketId, id))
      .orderBy(asc(outboundEmails.id));
    out.push({
      ticket: {
        subject: row!.subject,
        status: row!.status,
        remindAt: row!.remindAt,
        snoozedUntil: row!.snoozedUntil,
        autoSolveAt: row!.autoSolveAt,
        resolvedAt: row!.resolvedAt,
        updatedAt: row!.updatedAt,
        slaState: row!.slaState,
      },
      events,
      lines,
      bell: bell.map((n) => ({ ...n, title: anon(n.title) })),
      mails: mails.map((m) => ({ ...m, subject: anon(m.subject), text: anon(m.text) })),
    });
  }
  return out;
}

/** Every reminder email, by recipient and text. */
async function reminderMails() {
  const rows = await t.db
    .select({
      to: outboundEmails.to,
      subject: outboundEmails.subject,
      text: outboundEmails.textBody,
    })
    .from(outboundEmails)
    .where(eq(outboundEmails.kind, "reminder"))
    .orderBy(asc(outboundEmails.id));
  return rows.map((r) => ({
    ...r,
    subject: r.subject.replace(/TKT-\d+/g, "TKT-#"),
    text: r.text.replace(/TKT-\d+/g, "TKT-#"),
  }));
}

/** Runs `scenario` through the per-ticket workers, then again through the sweep; both trails. */
async function bothPaths(prepare: () => Promise<void> = async () => {}) {
  const now = at(120);
  await prepare();
  const one = await scenario();
  for (const ticket of one) await applyDueTimers(t.db, { ticketId: ticket.id, now, mail });
  const perTicket = await trail(one.map((x) => x.id));
  const perTicketReminders = await reminderMails();

  await resetDatabase(t.db);
  agent = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" }),
  ) as UserActor;
  await prepare();
  const two = await scenario();
  const swept = await runTimerSweep(t.db, { now, mail });
  expect(swept).toMatchObject({
    tickets: 5,
    reminded: 2,
    woken: 2,
    solved: 1,
    autoSolveCancelled: 1,
    failed: 0,
  });
  return {
    perTicket,
    perTicketReminders,
    swept: await trail(two.map((x) => x.id)),
    sweptReminders: await reminderMails(),
  };
}

describe("the batched sweep", () => {
  it("leaves exactly the trail the per-ticket workers leave", async () => {
    const { perTicket, perTicketReminders, swept, sweptReminders } = await bothPaths();
    // `resetDatabase` restarts identities: the agent has the same id in both runs.
    expect(swept).toEqual(perTicket);
    expect(sweptReminders).toEqual(perTicketReminders);
    expect(perTicket.map((x) => x.ticket.status)).toEqual([
      "open",
      "open",
      "resolved",
      "open",
      "open",
    ]);
  });

  it("renders the admin's templates exactly as the per-ticket workers do", async () => {
    const { perTicket, perTicketReminders, swept, sweptReminders } = await bothPaths(async () => {
      const admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" }));
      await saveEmailTemplate(t.db, {
        actor: admin,
        event: "reminder",
        subject: "Nudge: #Subject#",
        body: "<p>#FirstName#, #What_Happened#</p><p>#URL#</p>",
      });
      await saveEmailTemplate(t.db, {
        actor: admin,
        event: "auto_solve_summary",
        subject: "Closed out: #Subject#",
        body: "#What_Happened#\n\n#Body#\n\n#RatingLinks#",
      });
    });
    expect(swept).toEqual(perTicket);
    expect(sweptReminders).toEqual(perTicketReminders);
    expect(sweptReminders.map((m) => m.subject)).toEqual([
      "[TKT-#] Nudge: Reminder",
      "[TKT-#] Nudge: Both",
    ]);
    expect(sweptReminders[0]!.text).toContain("Alice, The reminder you set on TKT-# for");
    const summary = swept[2]!.mails.find((m) => m.kind === "auto_solve_summary");
    expect(summary?.subject).toBe("[TKT-#] Closed out: Solved");
    expect(summary?.text).toContain("My printer is on fire.");
  });
});
