import { describe, expect, it } from "vitest";
import { ticketParticipants, ticketTags, tags } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { getTicketDetail, listTickets } from "@/lib/tickets/queries";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
const requesterActor: Actor = { type: "requester", contactId: 1, email: "c@example.test" };

describe("listTickets", () => {
  it("pages through every ticket exactly once, newest activity first, even with equal timestamps", async () => {
    const agent = actorFor(await makeUser(t.db));
    const requester = await makeContact(t.db);
    const sameInstant = new Date("2026-02-01T12:00:00Z");
    for (let i = 0; i < 23; i++) {
      await makeTicket(t.db, {
        requesterId: requester.id,
        // Groups of equal updatedAt values make the keyset tie-break on id matter.
        updatedAt: new Date(sameInstant.getTime() - Math.floor(i / 4) * 60_000),
      });
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTickets(t.db, { actor: agent, cursor, limit: 5 });
      expect(page.rows.length).toBeLessThanOrEqual(5);
      seen.push(...page.rows.map((r) => r.number));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it("filters by status and hides tickets merged into another", async () => {
    const agent = actorFor(await makeUser(t.db));
    const target = await makeTicket(t.db, { status: "open", subject: "Target" });
    await makeTicket(t.db, { status: "closed", subject: "Merged away", mergedIntoId: target.id });
    await makeTicket(t.db, { status: "pending", subject: "Waiting" });
    const open = await listTickets(t.db, { actor: agent, statuses: ["open", "closed"] });
    expect(open.rows.map((r) => r.subject)).toEqual(["Target"]);
    const all = await listTickets(t.db, { actor: agent });
    expect(all.rows.map((r) => r.subject).sort()).toEqual(["Target", "Waiting"]);
  });

  it("lists New (open and unassigned) and Mine (assigned to me or invited) tickets", async () => {
    const me = await makeUser(t.db);
    const other = await makeUser(t.db);
    await makeTicket(t.db, { subject: "Unclaimed", status: "open" });
    await makeTicket(t.db, { subject: "Claimed by other", status: "open", assigneeId: other.id });
    await makeTicket(t.db, { subject: "Mine", status: "in_progress", assigneeId: me.id });
    const invited = await makeTicket(t.db, {
      subject: "Invited",
      status: "pending",
      assigneeId: other.id,
    });
    await makeTicket(t.db, { subject: "Mine but closed", status: "closed", assigneeId: me.id });
    await t.db.insert(ticketParticipants).values({ ticketId: invited.id, userId: me.id });

    const fresh = await listTickets(t.db, {
      actor: actorFor(me),
      statuses: ["open"],
      assigneeId: null,
    });
    expect(fresh.rows.map((r) => r.subject)).toEqual(["Unclaimed"]);
    const mine = await listTickets(t.db, {
      actor: actorFor(me),
      statuses: ["open", "pending", "in_progress", "on_hold"],
      involvingUserId: me.id,
    });
    expect(mine.rows.map((r) => r.subject).sort()).toEqual(["Invited", "Mine"]);
  });

  it("refuses requesters and rejects a forged cursor", async () => {
    await expect(listTickets(t.db, { actor: requesterActor })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const agent = actorFor(await makeUser(t.db));
    await expect(listTickets(t.db, { actor: agent, cursor: "garbage" })).rejects.toMatchObject({
      code: "INVALID",
    });
  });

  it("caps the page size", async () => {
    const agent = actorFor(await makeUser(t.db));
    const requester = await makeContact(t.db);
    for (let i = 0; i < 3; i++) await makeTicket(t.db, { requesterId: requester.id });
    const page = await listTickets(t.db, { actor: agent, limit: 1_000_000 });
    expect(page.rows).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
  });
});

describe("getTicketDetail", () => {
  it("returns the ticket with its conversation in order, authors named, and tags", async () => {
    const agentUser = await makeUser(t.db, { name: "Alex Agent" });
    const requester = await makeContact(t.db, { name: "Casey Customer" });
    const ticket = await makeTicket(t.db, {
      requesterId: requester.id,
      subject: "Printer on fire",
      categorySlug: "technical",
    });
    const base = new Date("2026-02-01T09:00:00Z").getTime();
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "reply",
      authorContactId: requester.id,
      bodyText: "It is on fire.",
      createdAt: new Date(base),
    });
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "system",
      bodyText: "Alex Agent claimed the ticket",
      createdAt: new Date(base + 1000),
    });
    await addMessage(t.db, {
      ticketId: ticket.id,
      kind: "note",
      authorUserId: agentUser.id,
      bodyText: "Calling facilities.",
      createdAt: new Date(base + 2000),
    });
    const [tag] = await t.db.insert(tags).values({ name: "hardware" }).returning();
    await t.db.insert(ticketTags).values({ ticketId: ticket.id, tagId: tag!.id });

    const detail = await getTicketDetail(t.db, {
      actor: actorFor(agentUser),
      number: ticket.number,
    });
    expect(detail?.subject).toBe("Printer on fire");
    expect(detail?.category).toBe("Technical");
    expect(detail?.requester.name).toBe("Casey Customer");
    expect(detail?.tags).toEqual(["hardware"]);
    expect(detail?.messages.map((m) => [m.kind, m.authorUserName ?? m.authorContactName])).toEqual([
      ["reply", "Casey Customer"],
      ["system", null],
      ["note", "Alex Agent"],
    ]);
  });

  it("returns nothing for an unknown number and refuses requesters", async () => {
    const agent = actorFor(await makeUser(t.db));
    expect(await getTicketDetail(t.db, { actor: agent, number: 4242 })).toBeNull();
    const ticket = await makeTicket(t.db);
    await expect(
      getTicketDetail(t.db, { actor: requesterActor, number: ticket.number }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
