import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { mailboxes, tickets } from "@/db/schema";
import { listTeams } from "@/lib/admin/lookups";
import { listTeamsForAdmin } from "@/lib/admin/queries";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  removeTeamMember,
  setTeamLead,
  updateTeam,
} from "@/lib/admin/teams";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

let admin: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
});

describe("createTeam / updateTeam", () => {
  it("creates and renames teams, listed by name", async () => {
    const support = await createTeam(t.db, { actor: admin, name: " Support " });
    await createTeam(t.db, { actor: admin, name: "Billing", description: "Invoices" });
    expect((await listTeams(t.db)).map((team) => team.name)).toEqual(["Billing", "Support"]);
    await updateTeam(t.db, { actor: admin, teamId: support.id, name: "Customer Care" });
    expect((await listTeams(t.db)).map((team) => team.name)).toEqual(["Billing", "Customer Care"]);
    const [billing] = await listTeamsForAdmin(t.db, admin);
    expect(billing).toMatchObject({ name: "Billing", description: "Invoices", members: [] });
  });

  it("refuses a second team with the same name in another case", async () => {
    const support = await createTeam(t.db, { actor: admin, name: "Support" });
    await expect(createTeam(t.db, { actor: admin, name: "SUPPORT" })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { name: [expect.stringContaining("already exists")] },
    });
    const other = await createTeam(t.db, { actor: admin, name: "Other" });
    await expect(
      updateTeam(t.db, { actor: admin, teamId: other.id, name: "support" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      updateTeam(t.db, { actor: admin, teamId: support.id, name: "SUPPORT" }),
    ).resolves.toMatchObject({ name: "SUPPORT" });
  });

  it("refuses a blank name", async () => {
    await expect(createTeam(t.db, { actor: admin, name: "  " })).rejects.toMatchObject({
      code: "INVALID",
      details: { name: ["Enter a name."] },
    });
  });

  it("is refused to agents", async () => {
    const agent = actorFor(await makeUser(t.db));
    await expect(createTeam(t.db, { actor: agent, name: "Rogue" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await listTeams(t.db)).toEqual([]);
  });
});

describe("deleteTeam", () => {
  it("deletes a team, leaving its tickets and mailboxes without a team, and says how many", async () => {
    const team = await createTeam(t.db, { actor: admin, name: "Doomed" });
    const ticket = await makeTicket(t.db, { teamId: team.id });
    await makeTicket(t.db, { teamId: team.id });
    await t.db
      .insert(mailboxes)
      .values({ name: "Support", address: "support@example.test", defaultTeamId: team.id });
    expect((await listTeamsForAdmin(t.db, admin))[0]).toMatchObject({ tickets: 2, mailboxes: 1 });

    await expect(deleteTeam(t.db, { actor: admin, teamId: team.id })).resolves.toEqual({
      ticketsUnassigned: 2,
      mailboxesUnassigned: 1,
    });
    expect(await listTeams(t.db)).toEqual([]);
    const [stored] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored?.teamId).toBeNull();
  });

  it("answers NOT_FOUND for an unknown team and FORBIDDEN to agents", async () => {
    await expect(deleteTeam(t.db, { actor: admin, teamId: 999_999 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const team = await createTeam(t.db, { actor: admin, name: "Kept" });
    const agent = actorFor(await makeUser(t.db));
    await expect(deleteTeam(t.db, { actor: agent, teamId: team.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await listTeams(t.db)).toHaveLength(1);
  });
});

describe("team members", () => {
  it("adds members, marks a lead (listed first) and removes members", async () => {
    const team = await createTeam(t.db, { actor: admin, name: "Support" });
    const ann = await makeUser(t.db, { name: "Ann" });
    const zed = await makeUser(t.db, { name: "Zed" });
    await addTeamMember(t.db, { actor: admin, teamId: team.id, userId: ann.id });
    await addTeamMember(t.db, { actor: admin, teamId: team.id, userId: zed.id });
    await setTeamLead(t.db, { actor: admin, teamId: team.id, userId: zed.id, isLead: true });
    const [listed] = await listTeamsForAdmin(t.db, admin);
    expect(listed?.members.map((m) => [m.name, m.isLead])).toEqual([
      ["Zed", true],
      ["Ann", false],
    ]);

    await removeTeamMember(t.db, { actor: admin, teamId: team.id, userId: zed.id });
    const [after] = await listTeamsForAdmin(t.db, admin);
    expect(after?.members.map((m) => m.name)).toEqual(["Ann"]);
  });

  it("refuses a person twice, a deactivated person, and strangers", async () => {
    const team = await createTeam(t.db, { actor: admin, name: "Support" });
    const ann = await makeUser(t.db, { name: "Ann" });
    await addTeamMember(t.db, { actor: admin, teamId: team.id, userId: ann.id });
    await expect(
      addTeamMember(t.db, { actor: admin, teamId: team.id, userId: ann.id }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "Ann is already a member of this team." });

    const gone = await makeUser(t.db, { name: "Gone", isActive: false });
    await expect(
      addTeamMember(t.db, { actor: admin, teamId: team.id, userId: gone.id }),
    ).rejects.toMatchObject({ code: "INVALID", details: { userId: [expect.any(String)] } });

    await expect(
      removeTeamMember(t.db, { actor: admin, teamId: team.id, userId: gone.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      setTeamLead(t.db, { actor: admin, teamId: team.id, userId: gone.id, isLead: true }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is refused to agents", async () => {
    const team = await createTeam(t.db, { actor: admin, name: "Support" });
    const agentUser = await makeUser(t.db);
    const agent = actorFor(agentUser);
    await expect(
      addTeamMember(t.db, { actor: agent, teamId: team.id, userId: agentUser.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listTeamsForAdmin(t.db, admin))[0]?.members).toEqual([]);
  });
});
