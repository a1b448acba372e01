import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { tickets, type Ticket } from "@/db/schema";
import {
  createSlaPolicy,
  listSlaPoliciesForAdmin,
  moveSlaPolicy,
  placeSlaPolicy,
  setSlaPolicyActive,
  updateSlaPolicy,
  type CreateSlaPolicyInput,
} from "@/lib/admin/sla-policies";
import type { Actor } from "@/lib/auth/permissions";
import { getTicketSla, loadSlaHistory } from "@/lib/sla/ticket-sla";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { createTicket } from "@/lib/tickets/create-ticket";
import { postMessage } from "@/lib/tickets/post-message";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

let admin: Actor;
let agent: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
  agent = actorFor(await makeUser(t.db, { role: "agent" }));
});

const weekdays9to17 = { start: "09:00", end: "17:00" };
const berlinOffice = {
  kind: "business" as const,
  timeZone: "Europe/Berlin",
  weekly: {
    0: [],
    1: [weekdays9to17],
    2: [weekdays9to17],
    3: [weekdays9to17],
    4: [weekdays9to17],
    5: [weekdays9to17],
    6: [],
  },
  holidays: [],
};
const urgentPolicy: CreateSlaPolicyInput = {
  name: "Urgent",
  conditions: { priorities: ["urgent"] },
  targets: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 } },
  calendar: berlinOffice,
  warn: {},
};

// Friday 2026-03-27 16:30 in Berlin (CET, UTC+1); Berlin moves to CEST (UTC+2) on the 29th.
const fridayAfternoon = new Date("2026-03-27T15:30:00Z");
const monday = (hhmm: string) => new Date(`2026-03-30T${hhmm}:00+02:00`);

async function stored(ticketId: number): Promise<Ticket> {
  const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticketId));
  return row!;
}

function openTicket(overrides: { priority?: "urgent" | "high" | "medium" | "low"; now?: Date }) {
  return createTicket(t.db, {
    actor: agent,
    subject: "The server is down",
    body: "Nothing loads.",
    requester: { email: "casey@example.test" },
    priority: overrides.priority ?? "urgent",
    now: overrides.now ?? fridayAfternoon,
  });
}

describe("SLA on tickets", () => {
  it("follows the acceptance case through reply, Pending and the resolution clock", async () => {
    const policy = await createSlaPolicy(t.db, { actor: admin, ...urgentPolicy });
    const { ticket } = await openTicket({});

    // First response: 30 minutes on Friday, 30 on Monday morning.
    expect(ticket).toMatchObject({
      slaPolicyId: policy.id,
      slaState: "ok",
      slaDueAt: monday("09:30"),
      slaNextCheckAt: monday("09:30"),
    });

    await postMessage(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "Looking into it.",
      mail: testMailSettings,
      now: monday("09:10"),
    });
    // Resolution: 30 minutes on Friday + 3.5 h on Monday.
    expect(await stored(ticket.id)).toMatchObject({
      slaState: "ok",
      slaDueAt: monday("12:30"),
    });

    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "pending" },
      now: monday("09:20"),
    });
    expect(await stored(ticket.id)).toMatchObject({
      slaState: "paused",
      slaDueAt: null,
      slaNextCheckAt: null,
    });

    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "open" },
      now: monday("11:20"),
    });
    expect(await stored(ticket.id)).toMatchObject({
      slaState: "ok",
      slaDueAt: monday("14:30"),
    });

    const sla = await getTicketSla(t.db, {
      actor: agent,
      ticketNumber: ticket.number,
      now: monday("11:30"),
    });
    expect(sla).toMatchObject({
      policyName: "Urgent",
      firstResponse: { state: "met", metAt: monday("09:10") },
      resolution: { state: "ok", pausedMinutes: 120, dueAt: monday("14:30") },
    });
    expect(sla?.timeline.map((e) => `${e.metric}:${e.event}`)).toEqual([
      "firstResponse:started",
      "resolution:started",
      "firstResponse:met",
      "resolution:paused",
      "resolution:resumed",
    ]);
  });

  it("re-applies the targets when the priority changes", async () => {
    await createSlaPolicy(t.db, {
      actor: admin,
      ...urgentPolicy,
      conditions: {},
      targets: { urgent: { firstResponseMinutes: 60 }, high: { firstResponseMinutes: 240 } },
    });
    const { ticket } = await openTicket({ priority: "high" });
    expect(ticket.slaDueAt).toEqual(monday("12:30"));

    const { ticket: changed } = await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { priority: "urgent" },
      now: monday("09:00"),
    });
    // Elapsed working time is kept: 30 minutes used on Friday, 30 left.
    expect(changed).toMatchObject({ slaState: "ok", slaDueAt: monday("09:30") });
  });

  it("leaves a ticket no policy matches without an SLA", async () => {
    await createSlaPolicy(t.db, { actor: admin, ...urgentPolicy });
    const { ticket } = await openTicket({ priority: "low" });
    expect(ticket).toMatchObject({
      slaPolicyId: null,
      slaState: null,
      slaDueAt: null,
      slaNextCheckAt: null,
    });
  });

  it("starts the next-response clock when a customer reply reopens a resolved ticket", async () => {
    await createSlaPolicy(t.db, {
      actor: admin,
      ...urgentPolicy,
      targets: { urgent: { firstResponseMinutes: 60, nextResponseMinutes: 30 } },
      calendar: { kind: "calendar" },
    });
    const start = new Date("2026-03-02T10:00:00Z");
    const later = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const { ticket } = await openTicket({ now: start });
    await postMessage(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "Fixed.",
      setStatus: "resolved",
      mail: testMailSettings,
      now: later(10),
    });
    expect(await stored(ticket.id)).toMatchObject({ slaState: "met", slaDueAt: null });

    const reply = await addCustomerReply(t.db, {
      contactId: ticket.requesterId,
      ticket: { id: ticket.id },
      body: "Still broken.",
      now: later(60),
    });
    expect(reply.outcome).toBe("reopened");
    expect(reply.ticket.slaState).toBe("ok");
    expect(reply.ticket.slaDueAt?.getTime()).toBe(later(90).getTime() + 1);

    const history = await loadSlaHistory(t.db, ticket.id);
    expect(history.map((e) => e.type)).toEqual([
      "created",
      "status",
      "status",
      "customer_message",
      "agent_reply",
      "customer_message",
    ]);
    // The reopen is applied at the message's instant, so the reply starts the clock running.
    expect(history[2]?.at).toEqual(history[5]?.at);
  });
});

describe("SLA policy administration", () => {
  it("refuses an unknown zone and overlapping periods, with the field named", async () => {
    await expect(
      createSlaPolicy(t.db, {
        actor: admin,
        ...urgentPolicy,
        calendar: { ...berlinOffice, timeZone: "Europe/Atlantis" },
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { "calendar.timeZone": ["Unknown time zone."] },
    });
    await expect(
      createSlaPolicy(t.db, {
        actor: admin,
        ...urgentPolicy,
        calendar: {
          ...berlinOffice,
          weekly: {
            ...berlinOffice.weekly,
            2: [
              { start: "09:00", end: "13:00" },
              { start: "12:00", end: "17:00" },
            ],
          },
        },
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { "calendar.weekly.2": ["Periods on the same day must not overlap."] },
    });
    expect(await listSlaPoliciesForAdmin(t.db, admin)).toEqual([]);
  });

  it("lets only admins manage policies", async () => {
    await expect(createSlaPolicy(t.db, { actor: agent, ...urgentPolicy })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("recomputes open tickets when a policy is edited, reordered or deactivated", async () => {
    const urgent = await createSlaPolicy(t.db, { actor: admin, ...urgentPolicy });
    const { ticket } = await openTicket({});
    expect(ticket.slaDueAt).toEqual(monday("09:30"));

    await updateSlaPolicy(t.db, {
      actor: admin,
      policyId: urgent.id,
      ...urgentPolicy,
      targets: { urgent: { firstResponseMinutes: 120, resolutionMinutes: 240 } },
      now: fridayAfternoon,
    });
    expect(await stored(ticket.id)).toMatchObject({
      slaPolicyId: urgent.id,
      slaDueAt: monday("10:30"),
    });

    const roundTheClock = await createSlaPolicy(t.db, {
      actor: admin,
      ...urgentPolicy,
      name: "Everything, round the clock",
      conditions: {},
      calendar: { kind: "calendar" },
      now: fridayAfternoon,
    });
    // Tried after "Urgent", so nothing changes until it moves up.
    expect((await stored(ticket.id)).slaPolicyId).toBe(urgent.id);
    await moveSlaPolicy(t.db, {
      actor: admin,
      policyId: roundTheClock.id,
      direction: "up",
      now: fridayAfternoon,
    });
    expect(await stored(ticket.id)).toMatchObject({
      slaPolicyId: roundTheClock.id,
      slaDueAt: new Date("2026-03-27T16:30:00Z"),
    });
    expect((await listSlaPoliciesForAdmin(t.db, admin)).map((p) => [p.name, p.tickets])).toEqual([
      ["Everything, round the clock", 1],
      ["Urgent", 0],
    ]);
    // Dragged back to the top, "Urgent" matches the ticket first again.
    await placeSlaPolicy(t.db, {
      actor: admin,
      policyId: urgent.id,
      toIndex: 0,
      now: fridayAfternoon,
    });
    expect((await stored(ticket.id)).slaPolicyId).toBe(urgent.id);
    expect((await listSlaPoliciesForAdmin(t.db, admin)).map((p) => p.name)).toEqual([
      "Urgent",
      "Everything, round the clock",
    ]);
    await placeSlaPolicy(t.db, {
      actor: admin,
      policyId: roundTheClock.id,
      toIndex: 0,
      now: fridayAfternoon,
    });

    await setSlaPolicyActive(t.db, {
      actor: admin,
      policyId: roundTheClock.id,
      isActive: false,
      now: fridayAfternoon,
    });
    await setSlaPolicyActive(t.db, {
      actor: admin,
      policyId: urgent.id,
      isActive: false,
      now: fridayAfternoon,
    });
    expect(await stored(ticket.id)).toMatchObject({ slaPolicyId: null, slaState: null });
  });
});
