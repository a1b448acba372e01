import { describe, expect, it } from "vitest";
import { teamMembers, teams } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { allViews, getInboxViews } from "@/lib/tickets/inbox-views";
import { createSavedView } from "@/lib/tickets/saved-views";
import { resolveQuery } from "@/lib/tickets/search/resolve";
import { countTickets, listTickets } from "@/lib/tickets/search/query";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
async function subjectsIn(actor: UserActor, query: string) {
  const search = await resolveQuery(t.db, actor, query);
  expect(search.problems).toEqual([]);
  const page = await listTickets(t.db, { actor, search, sort: "number" });
  expect(await countTickets(t.db, { actor, search })).toBe(page.rows.length);
  return page.rows.map((r) => r.subject);
}

describe("inbox views", () => {
  it("offers the presets, Unassigned, Mine, each teammate and my team, plus saved views", async () => {
    const ana = await makeUser(t.db, { name: "Ana" });
    const ben = await makeUser(t.db, { name: "Ben" });
    const cy = await makeUser(t.db, { name: "Cy" });
    await makeUser(t.db, { name: "Outsider" });
    const [support] = await t.db.insert(teams).values({ name: "Support" }).returning();
    await t.db.insert(teamMembers).values([
      { teamId: support!.id, userId: ana.id },
      { teamId: support!.id, userId: ben.id },
      { teamId: support!.id, userId: cy.id },
    ]);
    const actor = actorFor(ana) as UserActor;
    await createSavedView(t.db, { actor, name: "Urgent ones", query: "priority:urgent" });

    const views = await getInboxViews(t.db, actor);
    expect(views.presets.map((v) => v.label)).toEqual([
      "Open tickets",
      "My open tickets",
      "Urgent unassigned",
      "SLA breaching",
      "All tickets",
    ]);
    expect(views.queues.map((q) => q.label)).toEqual([
      "Unassigned",
      "Mine",
      "Ben",
      "Cy",
      "My team",
    ]);
    expect(views.queues[0]!.tabs.map((tab) => [tab.label, tab.query])).toEqual([
      ["Open", "assignee:none status:active -is:snoozed"],
      ["Snoozed", "assignee:none is:snoozed"],
      ["Closed", "assignee:none status:resolved,closed"],
    ]);
    expect(views.saved.map((v) => [v.key.startsWith("saved-"), v.label, v.query])).toEqual([
      [true, "Urgent ones", "priority:urgent"],
    ]);
    // Every built-in view is a query the search language accepts as it is.
    for (const view of allViews(views)) {
      expect((await resolveQuery(t.db, actor, view.query)).problems, view.key).toEqual([]);
    }

    // An agent in no team gets neither teammates nor a team queue.
    const loner = actorFor(await makeUser(t.db, { name: "Loner" })) as UserActor;
    expect((await getInboxViews(t.db, loner)).queues.map((q) => q.label)).toEqual([
      "Unassigned",
      "Mine",
    ]);
  });

  it("lists what each view promises", async () => {
    const ana = await makeUser(t.db, { name: "Ana" });
    const ben = await makeUser(t.db, { name: "Ben" });
    const [support] = await t.db.insert(teams).values({ name: "Support" }).returning();
    await t.db.insert(teamMembers).values([
      { teamId: support!.id, userId: ana.id },
      { teamId: support!.id, userId: ben.id },
    ]);
    const actor = actorFor(ana) as UserActor;
    const later = new Date(Date.now() + 86_400_000);
    await makeTicket(t.db, { subject: "unassigned urgent", priority: "urgent" });
    await makeTicket(t.db, {
      subject: "unassigned snoozed",
      status: "pending",
      snoozedUntil: later,
    });
    await makeTicket(t.db, { subject: "mine open", assigneeId: ana.id, teamId: support!.id });
    await makeTicket(t.db, { subject: "mine resolved", assigneeId: ana.id, status: "resolved" });
    await makeTicket(t.db, { subject: "ben's", assigneeId: ben.id, status: "in_progress" });
    await makeTicket(t.db, {
      subject: "breaching",
      assigneeId: ben.id,
      status: "open",
      slaState: "breached",
    });

    const views = Object.fromEntries(
      allViews(await getInboxViews(t.db, actor)).map((v) => [v.key, v.query]),
    );
    const benKey = `agent-${ben.id}`;
    expect(await subjectsIn(actor, views["my-open"]!)).toEqual(["mine open"]);
    expect(await subjectsIn(actor, views["urgent-unassigned"]!)).toEqual(["unassigned urgent"]);
    expect(await subjectsIn(actor, views["sla-breaching"]!)).toEqual(["breaching"]);
    expect(await subjectsIn(actor, views["unassigned.open"]!)).toEqual(["unassigned urgent"]);
    expect(await subjectsIn(actor, views["unassigned.snoozed"]!)).toEqual(["unassigned snoozed"]);
    expect(await subjectsIn(actor, views["mine.closed"]!)).toEqual(["mine resolved"]);
    expect(await subjectsIn(actor, views[`${benKey}.open`]!)).toEqual(["ben's", "breaching"]);
    expect(await subjectsIn(actor, views["team.open"]!)).toEqual(["mine open"]);
    expect(await subjectsIn(actor, views.all!)).toHaveLength(6);
  });
});
