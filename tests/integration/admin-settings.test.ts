/**
 * The workspace settings screen's action (/admin/settings) with the session and the app database
 * pointed at the test ones: admins save every setting at once, including how long deleted tickets
 * stay restorable, which the purge then honours; and the incoming-email limits (loop stop,
 * acknowledgements per day). Agents and bad values are refused.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { tickets } from "@/db/schema";
import type { Actor, UserActor } from "@/lib/auth/permissions";
import { getSetting } from "@/lib/settings";
import { sweepDeletedTickets } from "@/lib/tickets/delete-tickets";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

const state = vi.hoisted(() => ({
  actor: null as Actor | null,
  db: undefined as Database | undefined,
}));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => state.actor }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
// Outside a Next.js request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { saveMailLimitsAction, saveWorkspaceSettingsAction } =
  await import("@/app/(console)/admin/settings/actions");

let admin: UserActor;
let agent: UserActor;
const t = setUpTestDatabase({
  opened: (database) => {
    state.db = database.db;
  },
});
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" })) as UserActor;
  agent = actorFor(await makeUser(t.db)) as UserActor;
  state.actor = admin;
});

const valid = {
  composerDefaultKind: "reply" as const,
  allowedTypes: ["image/*", "application/pdf"],
  deletedRetentionDays: 7,
};

describe("workspace settings screen", () => {
  it("saves the retention of deleted tickets, and the sweep purges by it", async () => {
    expect(await getSetting(t.db, "tickets.deletedRetentionDays")).toBe(30);
    expect(await saveWorkspaceSettingsAction(valid)).toEqual({ ok: true, data: null });
    expect(await getSetting(t.db, "tickets.deletedRetentionDays")).toBe(7);
    expect(await getSetting(t.db, "composer.defaultKind")).toBe("reply");

    const now = new Date("2026-06-01T12:00:00Z");
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    await makeTicket(t.db, { subject: "Deleted 8 days ago", deletedAt: daysAgo(8) });
    await makeTicket(t.db, { subject: "Deleted 6 days ago", deletedAt: daysAgo(6) });
    expect(await sweepDeletedTickets(t.db, { now })).toBe(1);
    const left = await t.db.select({ subject: tickets.subject }).from(tickets);
    expect(left.map((r) => r.subject)).toEqual(["Deleted 6 days ago"]);
  });

  it("refuses a retention outside 1–3,650 whole days and changes nothing", async () => {
    for (const days of [0, -5, 3651, 2.5, Number.NaN]) {
      const result = await saveWorkspaceSettingsAction({ ...valid, deletedRetentionDays: days });
      expect(result).toMatchObject({
        ok: false,
        code: "INVALID",
        fieldErrors: { deletedRetentionDays: [expect.any(String)] },
      });
    }
    expect(await saveWorkspaceSettingsAction({ ...valid, deletedRetentionDays: 3650 })).toEqual({
      ok: true,
      data: null,
    });
    expect(await getSetting(t.db, "tickets.deletedRetentionDays")).toBe(3650);
  });

  it("is for admins only", async () => {
    state.actor = agent;
    expect(await saveWorkspaceSettingsAction(valid)).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await getSetting(t.db, "tickets.deletedRetentionDays")).toBe(30);
    expect(await getSetting(t.db, "composer.defaultKind")).toBe("note");
  });
});

describe("incoming email limits", () => {
  it("saves the loop stop and the daily acknowledgements", async () => {
    expect(await getSetting(t.db, "mail.loopMessagesPerHour")).toBe(10);
    expect(await getSetting(t.db, "mail.acknowledgementsPerDay")).toBe(3);
    expect(
      await saveMailLimitsAction({ loopMessagesPerHour: 25, acknowledgementsPerDay: 1 }),
    ).toEqual({ ok: true, data: null });
    expect(await getSetting(t.db, "mail.loopMessagesPerHour")).toBe(25);
    expect(await getSetting(t.db, "mail.acknowledgementsPerDay")).toBe(1);
  });

  it("refuses values out of range, naming the field, and changes nothing", async () => {
    const cases = [
      [{ loopMessagesPerHour: 1, acknowledgementsPerDay: 3 }, "loopMessagesPerHour"],
      [{ loopMessagesPerHour: 1001, acknowledgementsPerDay: 3 }, "loopMessagesPerHour"],
      [{ loopMessagesPerHour: 2.5, acknowledgementsPerDay: 3 }, "loopMessagesPerHour"],
      [{ loopMessagesPerHour: 10, acknowledgementsPerDay: 0 }, "acknowledgementsPerDay"],
      [{ loopMessagesPerHour: 10, acknowledgementsPerDay: 101 }, "acknowledgementsPerDay"],
      [{ loopMessagesPerHour: 10, acknowledgementsPerDay: Number.NaN }, "acknowledgementsPerDay"],
    ] as const;
    for (const [input, field] of cases) {
      const result = await saveMailLimitsAction(input);
      expect(result).toMatchObject({
        ok: false,
        code: "INVALID",
        fieldErrors: { [field]: [expect.any(String)] },
      });
    }
    expect(await getSetting(t.db, "mail.loopMessagesPerHour")).toBe(10);
    expect(await getSetting(t.db, "mail.acknowledgementsPerDay")).toBe(3);
  });

  it("is for admins only", async () => {
    state.actor = agent;
    expect(
      await saveMailLimitsAction({ loopMessagesPerHour: 25, acknowledgementsPerDay: 1 }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await getSetting(t.db, "mail.loopMessagesPerHour")).toBe(10);
  });
});
