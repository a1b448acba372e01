import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { tickets, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { listTickets } from "@/lib/tickets/search/query";
import { markTicketRead } from "@/lib/tickets/read-markers";
import { getUserPreferences, updateUserPreferences } from "@/lib/users/preferences";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

let alice: Actor & { type: "user" };
let bob: Actor & { type: "user" };
const t = setUpTestDatabase();
beforeEach(async () => {
  alice = actorFor(await makeUser(t.db)) as typeof alice;
  bob = actorFor(await makeUser(t.db)) as typeof bob;
});

const unreadOf = async (actor: Actor) =>
  Object.fromEntries(
    (await listTickets(t.db, { actor, sort: "number" })).rows.map((r) => [r.subject, r.unread]),
  );

describe("read markers", () => {
  it("shows a ticket unread until the agent opens it, and again once it changes", async () => {
    const first = await makeTicket(t.db, { subject: "First" });
    await makeTicket(t.db, { subject: "Second" });
    expect(await unreadOf(alice)).toEqual({ First: true, Second: true });

    await markTicketRead(t.db, { actor: alice, ticketId: first.id });
    expect(await unreadOf(alice)).toEqual({ First: false, Second: true });
    // Each agent has their own marker.
    expect(await unreadOf(bob)).toEqual({ First: true, Second: true });

    // An update after the read (a customer reply, a colleague's change) makes it unread again.
    await t.db
      .update(tickets)
      .set({ updatedAt: new Date(Date.now() + 60_000) })
      .where(eq(tickets.id, first.id));
    expect(await unreadOf(alice)).toEqual({ First: true, Second: true });
    await markTicketRead(t.db, { actor: alice, ticketId: first.id });
    expect(await unreadOf(alice)).toEqual({ First: false, Second: true });
  });

  it("ignores a missing ticket and refuses requesters", async () => {
    await expect(markTicketRead(t.db, { actor: alice, ticketId: 999_999 })).resolves.toBe(
      undefined,
    );
    await expect(
      markTicketRead(t.db, {
        actor: { type: "requester", contactId: 1, email: "x@example.test" },
        ticketId: 1,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("inbox column preferences", () => {
  it("saves an agent's visible columns without touching other preferences", async () => {
    expect(await getUserPreferences(t.db, alice.id)).toEqual({});
    await t.db
      .update(users)
      .set({ preferences: { theme: "dark" } })
      .where(eq(users.id, alice.id));
    const saved = await updateUserPreferences(t.db, {
      actor: alice,
      patch: { inboxColumns: ["number", "subject", "tags", "due"] },
    });
    expect(saved).toEqual({ inboxColumns: ["number", "subject", "tags", "due"] });
    const [row] = await t.db.select().from(users).where(eq(users.id, alice.id));
    expect(row!.preferences).toEqual({
      theme: "dark",
      inboxColumns: ["number", "subject", "tags", "due"],
    });
    expect(await getUserPreferences(t.db, bob.id)).toEqual({});
  });

  it("refuses unknown columns and hiding the subject; drops stale stored values on read", async () => {
    await expect(
      updateUserPreferences(t.db, { actor: alice, patch: { inboxColumns: ["subject", "nope"] } }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      updateUserPreferences(t.db, { actor: alice, patch: { inboxColumns: ["number"] } }),
    ).rejects.toMatchObject({ code: "INVALID", message: "The subject column cannot be hidden." });
    await t.db
      .update(users)
      .set({ preferences: { inboxColumns: ["subject", "removed-column"] } })
      .where(eq(users.id, alice.id));
    expect(await getUserPreferences(t.db, alice.id)).toEqual({});
  });
});
