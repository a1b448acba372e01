import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  categories,
  notifications,
  outboundEmails,
  teamMembers,
  teams,
  userCategories,
  users,
  type Category,
} from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { updateNotificationSettings } from "@/lib/notifications/settings";
import { createTicket } from "@/lib/tickets/create-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { listUserCategoryIds, setUserCategories } from "@/lib/users/user-categories";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

let admin: UserActor;
let billingAgent: UserActor;
let otherAgent: UserActor;
let billing: Category;
let technical: Category;
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" })) as UserActor;
  billingAgent = actorFor(
    await makeUser(t.db, { name: "Bo Billing", email: "bo@example.test" }),
  ) as UserActor;
  otherAgent = actorFor(
    await makeUser(t.db, { name: "Olly Other", email: "olly@example.test" }),
  ) as UserActor;
  // The seeded reference categories.
  const seeded = await t.db.select().from(categories);
  billing = seeded.find((c) => c.slug === "billing")!;
  technical = seeded.find((c) => c.slug === "technical")!;
  await setUserCategories(t.db, {
    actor: admin,
    userId: billingAgent.id,
    categoryIds: [billing!.id],
  });
});

const open = (options: { categoryId?: number; teamId?: number; actor?: UserActor } = {}) =>
  createTicket(t.db, {
    actor: options.actor ?? admin,
    subject: "Invoice is wrong",
    body: "I was charged twice.",
    requester: { email: "casey@example.test" },
    categoryId: options.categoryId,
    teamId: options.teamId,
    mail,
  }).then((r) => r.ticket);

const bellOf = (userId: number) =>
  t.db
    .select({ type: notifications.type, title: notifications.title })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(asc(notifications.id));

const mailTo = async (email: string) =>
  (await t.db.select().from(outboundEmails).orderBy(asc(outboundEmails.id))).filter((row) =>
    row.to.some((to) => to.email === email),
  );

describe("agents' categories", () => {
  it("are set by admins only, replace the set, and refuse unknown categories", async () => {
    await setUserCategories(t.db, {
      actor: admin,
      userId: billingAgent.id,
      categoryIds: [technical!.id, billing!.id, technical!.id],
    });
    expect((await listUserCategoryIds(t.db, admin)).get(billingAgent.id)).toEqual([
      billing!.id,
      technical!.id,
    ]);
    await setUserCategories(t.db, {
      actor: admin,
      userId: billingAgent.id,
      categoryIds: [technical!.id],
    });
    expect((await listUserCategoryIds(t.db, admin)).get(billingAgent.id)).toEqual([technical!.id]);

    await expect(
      setUserCategories(t.db, {
        actor: billingAgent,
        userId: billingAgent.id,
        categoryIds: [billing!.id],
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      setUserCategories(t.db, { actor: admin, userId: billingAgent.id, categoryIds: [999_999] }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      setUserCategories(t.db, {
        actor: admin,
        userId: billingAgent.id,
        categoryIds: ["x" as unknown as number],
      }),
    ).rejects.toMatchObject({ code: "INVALID" });
    // The refused calls changed nothing.
    expect((await listUserCategoryIds(t.db, admin)).get(billingAgent.id)).toEqual([technical!.id]);
  });

  it("are one row per agent and category, and go with the category or the agent", async () => {
    await expect(
      t.db.insert(userCategories).values({ userId: billingAgent.id, categoryId: billing!.id }),
    ).rejects.toThrow();
    await t.db.delete(categories).where(eq(categories.id, billing!.id));
    expect(await t.db.select().from(userCategories)).toEqual([]);
  });
});

describe("category notifications", () => {
  it("tells the agents who follow a category of a new ticket in it, in the app and by email", async () => {
    const ticket = await open({ categoryId: billing!.id });
    expect(await bellOf(billingAgent.id)).toEqual([
      { type: "ticket_created", title: `New ticket TKT-001: ${ticket.subject}` },
    ]);
    const [email] = await mailTo("bo@example.test");
    expect(email).toMatchObject({ kind: "agent_new_ticket", status: "queued" });
    expect(email!.textBody).toContain("Category: Billing");
    expect(await bellOf(otherAgent.id)).toEqual([]);
    expect(await mailTo("olly@example.test")).toEqual([]);

    // Another category: nobody who follows Billing hears of it.
    await open({ categoryId: technical!.id });
    expect(await bellOf(billingAgent.id)).toHaveLength(1);
  });

  it("tells them when a ticket is moved into the category, never the agent who moved it", async () => {
    const ticket = await open({ categoryId: technical!.id });
    await updateTicket(t.db, {
      actor: otherAgent,
      ticket: { id: ticket.id },
      patch: { categoryId: billing!.id },
      mail,
    });
    expect(await bellOf(billingAgent.id)).toEqual([
      { type: "ticket_moved", title: "Olly Other moved TKT-001 to Billing" },
    ]);
    const [email] = await mailTo("bo@example.test");
    expect(email).toMatchObject({ kind: "agent_category_ticket_moved" });
    expect(email!.subject).toBe("[TKT-001] Moved to Billing: Invoice is wrong");

    // Bo moves another ticket into Billing himself: he is not told of his own change.
    const second = await open({ categoryId: technical!.id });
    await updateTicket(t.db, {
      actor: billingAgent,
      ticket: { id: second.id },
      patch: { categoryId: billing!.id },
      mail,
    });
    expect(await bellOf(billingAgent.id)).toHaveLength(1);
    expect(await mailTo("bo@example.test")).toHaveLength(1);

    // Nor does Bo hear of a new ticket he opened in his category.
    await open({ categoryId: billing!.id, actor: billingAgent });
    expect(await bellOf(billingAgent.id)).toHaveLength(1);
  });

  it("tells an agent in both the team and the category once", async () => {
    const [team] = await t.db.insert(teams).values({ name: "Finance" }).returning();
    await t.db.insert(teamMembers).values({ teamId: team!.id, userId: billingAgent.id });

    await open({ categoryId: billing!.id, teamId: team!.id });
    expect(await bellOf(billingAgent.id)).toHaveLength(1);
    expect(await mailTo("bo@example.test")).toHaveLength(1);

    const moved = await open({});
    await updateTicket(t.db, {
      actor: otherAgent,
      ticket: { id: moved.id },
      patch: { categoryId: billing!.id, teamId: team!.id },
      mail,
    });
    const bell = await bellOf(billingAgent.id);
    expect(bell).toHaveLength(2);
    expect(bell[1]).toEqual({
      type: "ticket_moved",
      title: "Olly Other moved TKT-002 to your team",
    });
    expect(await mailTo("bo@example.test")).toHaveLength(2);
  });

  it("follows the team switch: off, nobody hears; email off, only the bell rings", async () => {
    await updateNotificationSettings(t.db, { actor: admin, values: { newTicketTeam: false } });
    const ticket = await open({ categoryId: billing!.id });
    await updateTicket(t.db, {
      actor: otherAgent,
      ticket: { id: ticket.id },
      patch: { categoryId: technical!.id },
      mail,
    });
    await updateTicket(t.db, {
      actor: otherAgent,
      ticket: { id: ticket.id },
      patch: { categoryId: billing!.id },
      mail,
    });
    expect(await bellOf(billingAgent.id)).toEqual([]);

    await updateNotificationSettings(t.db, {
      actor: admin,
      values: { newTicketTeam: true, emailEnabled: false },
    });
    await open({ categoryId: billing!.id });
    expect(await bellOf(billingAgent.id)).toHaveLength(1);
    expect(await mailTo("bo@example.test")).toEqual([]);
  });

  it("skips deactivated followers", async () => {
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, billingAgent.id));
    await open({ categoryId: billing!.id });
    expect(await bellOf(billingAgent.id)).toEqual([]);
  });
});
