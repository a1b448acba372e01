/**
 * The People screen's "Follows" action (/admin/people) with the session and the app database pointed
 * at the test ones: a deactivated person is never notified, so the action refuses to change the
 * categories they follow, and keeps the ones they had for when they are reactivated.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { categories } from "@/db/schema";
import type { Actor, UserActor } from "@/lib/auth/permissions";
import { deactivateUser, reactivateUser } from "@/lib/users/manage-users";
import { listUserCategoryIds, setUserCategories } from "@/lib/users/user-categories";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

const state = vi.hoisted(() => ({
  actor: null as Actor | null,
  db: undefined as Database | undefined,
}));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => state.actor }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
// Outside a Next.js request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { setUserCategoriesAction } = await import("@/app/(console)/admin/people/actions");

let admin: UserActor;
let agent: UserActor;
let billing: number;
let technical: number;
const t = setUpTestDatabase({
  opened: (database) => {
    state.db = database.db;
  },
});
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" })) as UserActor;
  agent = actorFor(await makeUser(t.db, { name: "Dee Parted" })) as UserActor;
  state.actor = admin;
  // The seeded reference categories.
  const seeded = await t.db.select().from(categories);
  billing = seeded.find((c) => c.slug === "billing")!.id;
  technical = seeded.find((c) => c.slug === "technical")!.id;
});

const followed = async (userId: number) =>
  (await listUserCategoryIds(t.db, admin)).get(userId) ?? [];

describe("following categories on the People screen", () => {
  it("refuses a deactivated person and keeps what they followed", async () => {
    expect(await setUserCategoriesAction({ userId: agent.id, categoryIds: [billing] })).toEqual({
      ok: true,
      data: { categoryIds: [billing] },
    });
    await deactivateUser(t.db, { actor: admin, userId: agent.id });

    for (const categoryIds of [[billing, technical], []]) {
      expect(await setUserCategoriesAction({ userId: agent.id, categoryIds })).toEqual({
        ok: false,
        code: "CONFLICT",
        error:
          "Dee Parted is deactivated and receives no notifications. Reactivate them to change the categories they follow.",
      });
    }
    // The domain function refuses too, whoever calls it.
    await expect(
      setUserCategories(t.db, { actor: admin, userId: agent.id, categoryIds: [technical] }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await followed(agent.id)).toEqual([billing]);

    await reactivateUser(t.db, { actor: admin, userId: agent.id });
    expect(await setUserCategoriesAction({ userId: agent.id, categoryIds: [technical] })).toEqual({
      ok: true,
      data: { categoryIds: [technical] },
    });
    expect(await followed(agent.id)).toEqual([technical]);
  });

  it("still checks the permission and the input before the person's state", async () => {
    await deactivateUser(t.db, { actor: admin, userId: agent.id });
    state.actor = agent;
    expect(await setUserCategoriesAction({ userId: agent.id, categoryIds: [] })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    state.actor = admin;
    expect(
      await setUserCategoriesAction({ userId: agent.id, categoryIds: ["x" as unknown as number] }),
    ).toMatchObject({ ok: false, code: "INVALID" });
  });
});
