import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { notifications, outboundEmails, type Ticket } from "@/db/schema";
import { createSlaPolicy } from "@/lib/admin/sla-policies";
import type { UserActor } from "@/lib/auth/permissions";
import { previewEmailTemplate } from "@/lib/mail/templates/preview";
import { listEmailTemplates, saveEmailTemplate } from "@/lib/mail/templates/store";
import { updateNotificationSettings } from "@/lib/notifications/settings";
import { createTicket } from "@/lib/tickets/create-ticket";
import { resolveWithSummary } from "@/lib/tickets/resolve-with-summary";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { applyAutoSolve } from "@/lib/timers/auto-solve";
import { applyPendingReminder } from "@/lib/timers/pending-reminder";
import { checkTicketSla } from "@/lib/timers/sla-check";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

const MINUTE = 60_000;
const start = new Date("2030-01-07T09:00:00Z");
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

let admin: UserActor;
let agent: UserActor;
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" })) as UserActor;
  agent = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" }),
  ) as UserActor;
});

const emailsOf = (kind: string) =>
  t.db
    .select()
    .from(outboundEmails)
    .where(eq(outboundEmails.kind, kind))
    .orderBy(asc(outboundEmails.id));

const bellOf = (ticketId: number, type: "reminder" | "sla_warning") =>
  t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.ticketId, ticketId), eq(notifications.type, type)));

const save = (event: string, subject: string, body: string) =>
  saveEmailTemplate(t.db, { actor: admin, event: event as "reminder", subject, body });

async function pendingWithReminder(subject = "Printer on fire"): Promise<Ticket> {
  const ticket = await makeTicket(t.db, { subject, assigneeId: agent.id });
  await updateTicket(t.db, {
    actor: agent,
    ticket: { id: ticket.id },
    patch: { status: "pending", remindAt: at(60) },
    now: start,
  });
  return ticket;
}

async function autoSolving(): Promise<Ticket> {
  const requester = await makeContact(t.db, {
    name: "Casey Customer",
    email: "casey@example.test",
  });
  const ticket = await makeTicket(t.db, {
    subject: "Printer on fire",
    requesterId: requester.id,
    assigneeId: agent.id,
  });
  await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "reply",
    authorContactId: requester.id,
    bodyText: "My printer is on fire.",
    createdAt: at(-20),
  });
  await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "note",
    authorUserId: agent.id,
    bodyText: "Internal: call the fire brigade",
    createdAt: at(-15),
  });
  await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "reply",
    authorUserId: agent.id,
    bodyText: "Please unplug it.",
    createdAt: at(-10),
  });
  await updateTicket(t.db, {
    actor: agent,
    ticket: { id: ticket.id },
    patch: { status: "pending", autoSolveAt: at(90), autoSolveSendSummary: true },
    now: start,
  });
  return ticket;
}

/** An assigned high-priority ticket under a 60-minute first-response target, warned at 45. */
async function underSla(): Promise<Ticket> {
  await createSlaPolicy(t.db, {
    actor: admin,
    name: "Standard",
    conditions: {},
    targets: { high: { firstResponseMinutes: 60, resolutionMinutes: 480 } },
    calendar: { kind: "calendar" },
    warn: { minutesBefore: 15 },
    now: start,
  });
  const { ticket } = await createTicket(t.db, {
    actor: admin,
    subject: "Checkout is down",
    body: "Customers cannot pay.",
    requester: { email: "casey@example.test" },
    priority: "high",
    assigneeId: agent.id,
    now: start,
  });
  return ticket;
}

describe("the timers' emails are templates", () => {
  it("the pending reminder uses the admin's `reminder` template", async () => {
    await save(
      "reminder",
      "Wake up: #Subject# (#Status#)",
      "Hi #FirstName#, #What_Happened#\nLink: #URL#",
    );
    const ticket = await pendingWithReminder();
    const done = await applyPendingReminder(t.db, { ticketId: ticket.id, now: at(60), mail });
    expect(done.action).toBe("reminded");
    const [email] = await emailsOf("reminder");
    expect(email).toMatchObject({ ticketId: ticket.id, status: "queued" });
    expect(email!.subject).toBe(`[TKT-001] Wake up: Printer on fire (Open)`);
    expect(email!.textBody).toContain("Hi Alice, The reminder you set on TKT-001 for");
    expect(email!.textBody).toContain("Link: http://helpdesk.test/tickets/TKT-001");
    expect(email!.htmlBody).toContain("Hi Alice");
  });

  it("the auto-solve summary uses `auto_solve_summary` with the public conversation as #Body#", async () => {
    await save(
      "auto_solve_summary",
      "All done: #Subject#",
      "Dear #FirstName#,\n#What_Happened#.\n\n#Body#\n\nBye",
    );
    const ticket = await autoSolving();
    const done = await applyAutoSolve(t.db, { ticketId: ticket.id, now: at(90), mail });
    expect(done.action).toBe("solved");
    const [email] = await emailsOf("auto_solve_summary");
    expect(email!.to).toEqual([{ email: "casey@example.test", name: "Casey Customer" }]);
    expect(email!.subject).toBe("[TKT-001] All done: Printer on fire");
    expect(email!.textBody).toMatch(
      /^Dear Casey,\nYour request TKT-001 \(“Printer on fire”\) was resolved on /,
    );
    // The conversation the way "Resolve and send summary" writes it: one shared builder.
    expect(email!.textBody).toMatch(
      /— Casey Customer, [^\n]+\n\nMy printer is on fire\.\n\n— Alice Agent, [^\n]+\n\nPlease unplug it\./,
    );
    expect(email!.textBody).not.toContain("Internal");
  });

  it("the summary's #Body# is the same text for auto-solve and for Resolve and send summary", async () => {
    await save("auto_solve_summary", "S", "#Body#");
    await save("ticket_summary", "S", "#Body#");
    const solved = await autoSolving();
    await applyAutoSolve(t.db, { ticketId: solved.id, now: at(90), mail });
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: solved.id },
      patch: { status: "open" },
      now: at(91),
    });
    await resolveWithSummary(t.db, { actor: agent, ticket: { id: solved.id }, mail, now: at(92) });
    const [auto] = await emailsOf("auto_solve_summary");
    const [manual] = await emailsOf("ticket_summary");
    expect(auto!.textBody).toContain("Please unplug it.");
    expect(manual!.textBody).toBe(auto!.textBody);
  });

  it("the SLA warning and breach use `sla_warning` / `sla_breached`", async () => {
    await save("sla_warning", "Hurry: #Subject#", "#What_Happened#\n#Body#\nTech: #Technician#");
    await save("sla_breached", "Too late: #Subject#", "#What_Happened#\n#Body#");
    const ticket = await underSla();
    await checkTicketSla(t.db, { ticketId: ticket.id, now: at(45), mail });
    await checkTicketSla(t.db, { ticketId: ticket.id, now: at(60), mail });
    const [warning] = await emailsOf("sla_warning");
    expect(warning).toMatchObject({
      ticketId: ticket.id,
      subject: "[TKT-001] Hurry: Checkout is down",
    });
    expect(warning!.textBody).toContain(
      "TKT-001 is about to breach its first response target\nFirst response is due",
    );
    expect(warning!.textBody).toContain("Tech: Alice Agent");
    const [breach] = await emailsOf("sla_breached");
    expect(breach!.subject).toBe("[TKT-001] Too late: Checkout is down");
    expect(breach!.textBody).toContain(
      "TKT-001 breached its first response target\nFirst response was due",
    );
  });

  it("an empty template skips that email; the bell still rings", async () => {
    await save("reminder", "", "");
    await save("sla_warning", "Hurry", "");
    const reminded = await pendingWithReminder();
    await applyPendingReminder(t.db, { ticketId: reminded.id, now: at(60), mail });
    expect(await emailsOf("reminder")).toEqual([]);
    expect(await bellOf(reminded.id, "reminder")).toHaveLength(1);

    const sla = await underSla();
    const warned = await checkTicketSla(t.db, { ticketId: sla.id, now: at(45), mail });
    expect(warned).toMatchObject({ action: "sla_warned", outboundEmailIds: [] });
    expect(await emailsOf("sla_warning")).toEqual([]);
    expect(await bellOf(sla.id, "sla_warning")).toHaveLength(1);
  });

  it("the master switch silences them like the other notification mail", async () => {
    await updateNotificationSettings(t.db, { actor: admin, values: { emailEnabled: false } });
    const reminded = await pendingWithReminder();
    const solving = await autoSolving();
    const sla = await underSla();
    await applyPendingReminder(t.db, { ticketId: reminded.id, now: at(60), mail });
    await applyAutoSolve(t.db, { ticketId: solving.id, now: at(90), mail });
    await checkTicketSla(t.db, { ticketId: sla.id, now: at(45), mail });
    await checkTicketSla(t.db, { ticketId: sla.id, now: at(60), mail });
    expect(await t.db.select().from(outboundEmails)).toEqual([]);
    expect(await bellOf(reminded.id, "reminder")).toHaveLength(1);
    expect(await bellOf(sla.id, "sla_warning")).toHaveLength(1);
  });

  it("are listed and previewable in the template editor with their defaults", async () => {
    const listed = await listEmailTemplates(t.db, admin);
    for (const event of ["reminder", "auto_solve_summary", "sla_warning", "sla_breached"]) {
      expect(listed.find((x) => x.event === event)).toMatchObject({ isDefault: true });
    }
    const ticket = await pendingWithReminder("Toner low");
    const preview = await previewEmailTemplate(t.db, {
      actor: admin,
      event: "reminder",
      subject: "Reminder: #Subject#",
      body: "#What_Happened#",
      ticketNumber: ticket.number,
      mail,
    });
    expect(preview).toMatchObject({ subject: "[TKT-001] Reminder: Toner low", unknown: [] });
  });
});
