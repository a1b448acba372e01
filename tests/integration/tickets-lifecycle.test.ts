import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { categories, contacts, messages, notifications, ticketEvents, tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { systemActor } from "@/lib/tickets/actor";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { createTicket } from "@/lib/tickets/create-ticket";
import { getTicketDetail } from "@/lib/tickets/queries";
import { claimTicket, updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
const now = new Date("2026-03-02T10:00:00Z");
const hoursLater = (h: number) => new Date(now.getTime() + h * 3_600_000);

async function setup() {
  const alice = await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" });
  const bob = await makeUser(t.db, { name: "Bob Agent", email: "bob@example.test" });
  return { alice, bob, aliceActor: actorFor(alice), bobActor: actorFor(bob) };
}

async function newTicket(actor: Actor, extra: Partial<Parameters<typeof createTicket>[1]> = {}) {
  return createTicket(t.db, {
    actor,
    subject: "Printer on fire",
    body: "It started smoking after the update.",
    requester: { email: "Casey@Example.test", name: "Casey Customer" },
    channel: "phone",
    now,
    ...extra,
  });
}

async function systemLines(ticketId: number) {
  const rows = await t.db
    .select({ text: messages.bodyText })
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.kind, "system")))
    .orderBy(messages.createdAt, messages.id);
  return rows.map((r) => r.text);
}

describe("createTicket", () => {
  it("opens a numbered ticket for the requester, whose description is the first message", async () => {
    const { aliceActor } = await setup();
    const { ticket, message } = await newTicket(aliceActor, { tags: ["VIP", "Hardware Issue"] });
    expect(ticket.number).toBe(1);
    expect(ticket.status).toBe("open");
    expect(message.kind).toBe("reply");
    const [requester] = await t.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, ticket.requesterId));
    expect(requester).toMatchObject({ email: "Casey@Example.test", name: "Casey Customer" });
    expect(message.authorContactId).toBe(requester!.id);
    const detail = await getTicketDetail(t.db, { actor: aliceActor, number: 1 });
    expect(detail?.tags).toEqual(["hardware-issue", "vip"]);
    expect(await systemLines(ticket.id)).toEqual([
      "Alice Agent created the ticket on behalf of Casey Customer (Phone)",
    ]);
    const events = await t.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.map((e) => e.type)).toEqual(["ticket.created"]);
  });

  it("reuses the requester whatever the email's case, and numbers keep growing", async () => {
    const { aliceActor } = await setup();
    const first = await newTicket(aliceActor);
    const second = await newTicket(aliceActor, { requester: { email: "casey@example.TEST" } });
    expect(second.ticket.requesterId).toBe(first.ticket.requesterId);
    expect(second.ticket.number).toBe(2);
  });

  it("notifies the agent it is assigned to, but not an agent assigning to themselves", async () => {
    const { alice, bob, aliceActor } = await setup();
    await newTicket(aliceActor, { assigneeId: bob.id });
    await newTicket(aliceActor, { assigneeId: alice.id });
    const rows = await t.db.select().from(notifications);
    expect(rows.map((n) => [n.userId, n.type, n.title])).toEqual([
      [bob.id, "assigned", "Alice Agent assigned TKT-001 to you"],
    ]);
  });

  it("names every invalid field and refuses a deactivated assignee", async () => {
    const { aliceActor } = await setup();
    const invalid = await newTicket(aliceActor, {
      subject: " ",
      requester: { email: "nope" },
    }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(DomainError);
    expect(Object.keys((invalid as DomainError).details ?? {}).sort()).toEqual([
      "requester",
      "subject",
    ]);
    const gone = await makeUser(t.db, { isActive: false });
    await expect(newTicket(aliceActor, { assigneeId: gone.id })).rejects.toMatchObject({
      code: "INVALID",
      details: { assigneeId: ["That agent does not exist or is deactivated."] },
    });
    expect(await t.db.select().from(tickets)).toHaveLength(0);
  });

  it("refuses requesters and signed-out callers", async () => {
    await expect(
      newTicket({ type: "requester", contactId: 1, email: "x@example.test" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives distinct numbers to tickets created at the same moment", async () => {
    const { aliceActor } = await setup();
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        newTicket(aliceActor, {
          subject: `Burst ${i}`,
          requester: { email: `burst${i % 17}@example.test` },
        }),
      ),
    );
    const numbers = new Set(created.map((c) => c.ticket.number));
    expect(numbers.size).toBe(200);
    expect(Math.max(...numbers)).toBe(200);
  }, 120_000);
});

describe("updateTicket and the status machine", () => {
  it("changes the status with a system message and an audit event", async () => {
    const { alice, aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor, { assigneeId: alice.id });
    const result = await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "pending", remindAt: hoursLater(24) },
      now: hoursLater(1),
    });
    expect(result.ticket).toMatchObject({ status: "pending", remindAt: hoursLater(24) });
    expect((await systemLines(ticket.id)).slice(1)).toEqual([
      "Alice Agent changed the status from Open to Pending",
      "Alice Agent set a reminder for 3 Mar 2026, 10:00 UTC",
    ]);
    const events = await t.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.map((e) => e.type).sort()).toEqual([
      "ticket.created",
      "ticket.remind_at_changed",
      "ticket.status_changed",
    ]);
  });

  it("claims: assigns to me and moves to In Progress in one step", async () => {
    const { alice, aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    const { ticket: claimed } = await claimTicket(t.db, {
      actor: aliceActor,
      ticket: { number: ticket.number },
      now: hoursLater(1),
    });
    expect(claimed).toMatchObject({ assigneeId: alice.id, status: "in_progress" });
    expect((await systemLines(ticket.id)).at(-1)).toBe("Alice Agent claimed the ticket");
  });

  it("refuses illegal changes with a clear message and changes nothing", async () => {
    const { alice, aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    await expect(
      updateTicket(t.db, {
        actor: aliceActor,
        ticket: { id: ticket.id },
        patch: { status: "in_progress" },
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { status: [expect.stringContaining("claim it or assign it")] },
    });
    await expect(
      updateTicket(t.db, {
        actor: aliceActor,
        ticket: { id: ticket.id },
        patch: { remindAt: hoursLater(5) },
        now,
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { remindAt: [expect.stringContaining("Pending")] },
    });
    await expect(
      updateTicket(t.db, {
        actor: aliceActor,
        ticket: { id: ticket.id },
        patch: { snoozedUntil: hoursLater(-1) },
        now,
      }),
    ).rejects.toMatchObject({ details: { snoozedUntil: ["Snooze until a time in the future."] } });
    await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { assigneeId: alice.id, status: "closed" },
      now,
    });
    await expect(
      updateTicket(t.db, {
        actor: aliceActor,
        ticket: { id: ticket.id },
        patch: { status: "open" },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("follow-up") });
    await expect(
      updateTicket(t.db, {
        actor: aliceActor,
        ticket: { id: ticket.id },
        patch: { snoozedUntil: hoursLater(3) },
        now,
      }),
    ).rejects.toMatchObject({ details: { snoozedUntil: ["A closed ticket cannot be snoozed."] } });
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row).toMatchObject({
      status: "closed",
      snoozedUntil: null,
      closedAt: now,
      resolvedAt: now,
    });
  });

  it("solving clears the timers; reopening clears the resolved time", async () => {
    const { aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: {
        status: "pending",
        remindAt: hoursLater(2),
        snoozedUntil: hoursLater(3),
        autoSolveAt: hoursLater(48),
      },
      now,
    });
    const { ticket: solved } = await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "resolved" },
      now: hoursLater(1),
    });
    expect(solved).toMatchObject({
      remindAt: null,
      snoozedUntil: null,
      autoSolveAt: null,
      resolvedAt: hoursLater(1),
    });
    const { ticket: reopened } = await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "open" },
      now: hoursLater(2),
    });
    expect(reopened.resolvedAt).toBeNull();
  });

  it("writes nothing for a change that changes nothing", async () => {
    const { aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    const result = await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { priority: "medium", status: "open", tags: [] },
    });
    expect(result.changes).toEqual([]);
    expect(
      await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)),
    ).toHaveLength(1);
  });

  it("keeps both of two concurrent edits of different fields, auditing each", async () => {
    const { aliceActor, bobActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    const [billing] = await t.db.select().from(categories).where(eq(categories.slug, "billing"));
    await Promise.all([
      updateTicket(t.db, {
        actor: aliceActor,
        ticket: { id: ticket.id },
        patch: { priority: "urgent" },
      }),
      updateTicket(t.db, {
        actor: bobActor,
        ticket: { id: ticket.id },
        patch: { categoryId: billing!.id },
      }),
      updateTicket(t.db, {
        actor: bobActor,
        ticket: { id: ticket.id },
        patch: { tags: ["refund"] },
      }),
    ]);
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row).toMatchObject({ priority: "urgent", categoryId: billing!.id });
    const events = await t.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.map((e) => e.type).sort()).toEqual([
      "ticket.category_id_changed",
      "ticket.created",
      "ticket.priority_changed",
      "ticket.tags_changed",
    ]);
  });

  it("lets the system act on timers without a user", async () => {
    const { aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "pending", remindAt: hoursLater(1) },
      now,
    });
    await updateTicket(t.db, {
      actor: systemActor("Reminder"),
      ticket: { id: ticket.id },
      patch: { status: "open" },
      now: hoursLater(1),
    });
    expect((await systemLines(ticket.id)).at(-1)).toBe(
      "Reminder changed the status from Pending to Open",
    );
  });
});

describe("addCustomerReply", () => {
  it("reopens a resolved ticket and brings a pending one back to Open", async () => {
    const { aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor);
    await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "resolved" },
      now,
    });
    const reply = await addCustomerReply(t.db, {
      contactId: ticket.requesterId,
      ticket: { id: ticket.id },
      body: "Still broken.",
      now: hoursLater(1),
    });
    expect(reply.outcome).toBe("reopened");
    expect(reply.ticket.status).toBe("open");
    expect((await systemLines(ticket.id)).at(-1)).toBe(
      "Reopened: the customer replied to the resolved ticket",
    );

    await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "pending" },
      now: hoursLater(2),
    });
    const again = await addCustomerReply(t.db, {
      contactId: ticket.requesterId,
      ticket: { id: ticket.id },
      body: "Here is the log.",
      now: hoursLater(3),
    });
    expect(again).toMatchObject({ outcome: "added", ticket: { status: "open" } });
  });

  it("starts a linked follow-up when the ticket is closed", async () => {
    const { alice, aliceActor } = await setup();
    const { ticket } = await newTicket(aliceActor, { priority: "high", assigneeId: alice.id });
    await updateTicket(t.db, {
      actor: aliceActor,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
      now,
    });
    const reply = await addCustomerReply(t.db, {
      contactId: ticket.requesterId,
      ticket: { id: ticket.id },
      body: "It happened again.",
      now: hoursLater(1),
    });
    expect(reply.outcome).toBe("follow_up");
    expect(reply.ticket).toMatchObject({
      number: 2,
      followUpOfId: ticket.id,
      status: "open",
      priority: "high",
      assigneeId: alice.id,
    });
    expect(reply.message.ticketId).toBe(reply.ticket.id);
    expect((await systemLines(ticket.id)).at(-1)).toBe(
      "The customer wrote again; the conversation continues in TKT-002",
    );
    const [closed] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(closed?.status).toBe("closed");
  });
});
