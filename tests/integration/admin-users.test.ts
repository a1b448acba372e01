import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { listAssignableUsers } from "@/lib/admin/lookups";
import { listPeopleForAdmin } from "@/lib/admin/queries";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import {
  changeUserRole,
  createUserAsAdmin,
  deactivateUser,
  reactivateUser,
} from "@/lib/users/manage-users";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
describe("createUserAsAdmin", () => {
  it("creates a person who appears in the people list and can sign in", async () => {
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    const created = await createUserAsAdmin(t.db, {
      actor: admin,
      name: "Robin Agent",
      email: "Robin@Example.test",
      role: "agent",
      password: "a long enough secret",
    });
    expect(created).toEqual({
      id: expect.any(Number),
      name: "Robin Agent",
      email: "robin@example.test",
      role: "agent",
      isActive: true,
    });
    expect(created).not.toHaveProperty("passwordHash");
    const people = await listPeopleForAdmin(t.db, admin);
    expect(people.map((p) => p.email)).toContain("robin@example.test");
    const signIn = await verifyCredentials(
      { email: "robin@example.test", password: "a long enough secret", ip: null },
      t.db,
    );
    expect(signIn.ok).toBe(true);
  });

  it("puts a duplicate email (any case) on the email field as a conflict", async () => {
    const admin = actorFor(await makeUser(t.db, { role: "admin", email: "taken@example.test" }));
    await expect(
      createUserAsAdmin(t.db, {
        actor: admin,
        name: "Copy",
        email: "TAKEN@example.test",
        role: "agent",
        password: "a long enough secret",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { email: [expect.any(String)] } });
  });

  it("refuses passwords under 10 characters, naming the field", async () => {
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    await expect(
      createUserAsAdmin(t.db, {
        actor: admin,
        name: "Short",
        email: "short@example.test",
        role: "agent",
        password: "123456789",
      }),
    ).rejects.toMatchObject({ code: "INVALID", details: { password: [expect.any(String)] } });
  });

  it("is refused to agents", async () => {
    const agent = actorFor(await makeUser(t.db, { role: "agent" }));
    await expect(
      createUserAsAdmin(t.db, {
        actor: agent,
        name: "Sneaky",
        email: "sneaky@example.test",
        role: "admin",
        password: "a long enough secret",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.select().from(users).where(eq(users.email, "sneaky@example.test"))).toEqual(
      [],
    );
  });
});

describe("changeUserRole", () => {
  it("promotes an agent and demotes an admin while another admin remains", async () => {
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    const other = await makeUser(t.db, { role: "agent" });
    expect(
      (await changeUserRole(t.db, { actor: admin, userId: other.id, role: "admin" })).role,
    ).toBe("admin");
    expect(
      (await changeUserRole(t.db, { actor: admin, userId: other.id, role: "agent" })).role,
    ).toBe("agent");
  });

  it("refuses to let admins demote themselves", async () => {
    const me = await makeUser(t.db, { role: "admin" });
    await makeUser(t.db, { role: "admin" });
    await expect(
      changeUserRole(t.db, { actor: actorFor(me), userId: me.id, role: "agent" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/your own/) });
    const [row] = await t.db.select().from(users).where(eq(users.id, me.id));
    expect(row?.role).toBe("admin");
  });

  it("never demotes the last active admin, even when another admin is deactivated", async () => {
    const last = await makeUser(t.db, { role: "admin", name: "Last Admin" });
    await makeUser(t.db, { role: "admin", isActive: false });
    // An actor that is an admin in the session but not (any more) counted as an active admin row.
    const actor = actorFor(await makeUser(t.db, { role: "admin", isActive: false }));
    await expect(
      changeUserRole(t.db, { actor, userId: last.id, role: "agent" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Last Admin is the last active admin"),
    });
  });

  it("is refused to agents", async () => {
    const agent = await makeUser(t.db);
    await expect(
      changeUserRole(t.db, { actor: actorFor(agent), userId: agent.id, role: "admin" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers NOT_FOUND for a person who does not exist", async () => {
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    await expect(
      changeUserRole(t.db, { actor: admin, userId: 999_999, role: "agent" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("deactivateUser / reactivateUser", () => {
  it("stops a deactivated person signing in and being offered as assignee, until reactivated", async () => {
    const admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" }));
    const agent = await makeUser(t.db, { name: "Bea Agent" });
    expect((await listAssignableUsers(t.db)).map((u) => u.name)).toEqual([
      "Ada Admin",
      "Bea Agent",
    ]);

    const deactivated = await deactivateUser(t.db, { actor: admin, userId: agent.id });
    expect(deactivated.isActive).toBe(false);
    expect((await listAssignableUsers(t.db)).map((u) => u.name)).toEqual(["Ada Admin"]);
    const refused = await verifyCredentials(
      { email: agent.email, password: agent.password, ip: null },
      t.db,
    );
    expect(refused.ok).toBe(false);

    await reactivateUser(t.db, { actor: admin, userId: agent.id });
    expect((await listAssignableUsers(t.db)).map((u) => u.name)).toEqual([
      "Ada Admin",
      "Bea Agent",
    ]);
    const allowed = await verifyCredentials(
      { email: agent.email, password: agent.password, ip: null },
      t.db,
    );
    expect(allowed.ok).toBe(true);
  });

  it("refuses to let admins deactivate themselves", async () => {
    const me = await makeUser(t.db, { role: "admin" });
    await makeUser(t.db, { role: "admin" });
    await expect(
      deactivateUser(t.db, { actor: actorFor(me), userId: me.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/your own/) });
  });

  it("never deactivates the last active admin", async () => {
    const last = await makeUser(t.db, { role: "admin" });
    const actor = actorFor(await makeUser(t.db, { role: "admin", isActive: false }));
    await expect(deactivateUser(t.db, { actor, userId: last.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const [row] = await t.db.select().from(users).where(eq(users.id, last.id));
    expect(row?.isActive).toBe(true);
  });

  it("lets one of two admins deactivate the other, after which the survivor is protected", async () => {
    const a = await makeUser(t.db, { role: "admin" });
    const b = await makeUser(t.db, { role: "admin" });
    await deactivateUser(t.db, { actor: actorFor(a), userId: b.id });
    await expect(
      changeUserRole(t.db, { actor: actorFor(b), userId: a.id, role: "agent" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps at least one admin when two admins demote each other at the same time", async () => {
    const a = await makeUser(t.db, { role: "admin" });
    const b = await makeUser(t.db, { role: "admin" });
    const demoteEachOther = () =>
      Promise.allSettled([
        changeUserRole(t.db, { actor: actorFor(a), userId: b.id, role: "agent" }),
        changeUserRole(t.db, { actor: actorFor(b), userId: a.id, role: "agent" }),
      ]);
    let race: ReturnType<typeof demoteEachOther>;
    if (t.kind === "postgres") {
      // Hold both rows so that each demotion has read the admin count before either can write:
      // without serialisation in the domain function both would then succeed.
      await t.db.transaction(async (tx) => {
        await tx
          .select({ id: users.id })
          .from(users)
          .where(inArray(users.id, [a.id, b.id]))
          .for("update");
        race = demoteEachOther();
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
    } else {
      // PGlite runs one statement at a time; the outcome must still be the same.
      race = demoteEachOther();
    }
    const results = await race!;
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await t.db.select().from(users).where(eq(users.role, "admin"));
    expect(admins).toHaveLength(1);
  });

  it("is refused to agents", async () => {
    const agent = actorFor(await makeUser(t.db));
    const other = await makeUser(t.db);
    await expect(deactivateUser(t.db, { actor: agent, userId: other.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(reactivateUser(t.db, { actor: agent, userId: other.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
