import { beforeEach, describe, expect, it } from "vitest";
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  MAX_SAVED_VIEWS,
  renameSavedView,
  reorderSavedViews,
} from "@/lib/tickets/saved-views";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

let alice: Actor;
let bob: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  alice = actorFor(await makeUser(t.db));
  bob = actorFor(await makeUser(t.db));
});

describe("saved views", () => {
  it("saves the current query and sort, listed in the order they were saved", async () => {
    await createSavedView(t.db, {
      actor: alice,
      name: "  VIP refunds ",
      query: "tag:vip tag:refund status:active",
      sort: "-priority",
    });
    await createSavedView(t.db, { actor: alice, name: "Everything", query: "" });
    const views = await listSavedViews(t.db, alice);
    expect(views.map((v) => [v.name, v.query, v.sort])).toEqual([
      ["VIP refunds", "tag:vip tag:refund status:active", "-priority"],
      ["Everything", "", "-updated"],
    ]);
    // Views are personal.
    expect(await listSavedViews(t.db, bob)).toEqual([]);
  });

  it("refuses a duplicate name, an empty name and an unknown sort with a message", async () => {
    await createSavedView(t.db, { actor: alice, name: "Mine", query: "assignee:me" });
    await expect(
      createSavedView(t.db, { actor: alice, name: "Mine", query: "status:open" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      details: { name: ['You already have a view named "Mine".'] },
    });
    // Another agent may use the same name.
    await createSavedView(t.db, { actor: bob, name: "Mine", query: "assignee:me" });
    await expect(
      createSavedView(t.db, { actor: alice, name: "   ", query: "" }),
    ).rejects.toMatchObject({ code: "INVALID", message: "Give the view a name." });
    await expect(
      createSavedView(t.db, {
        actor: alice,
        name: "Sorted",
        query: "",
        sort: "subject" as never,
      }),
    ).rejects.toMatchObject({ code: "INVALID", message: "Unknown sort order." });
  });

  it("renames, reorders and deletes only the owner's views", async () => {
    const a = await createSavedView(t.db, { actor: alice, name: "A", query: "status:open" });
    const b = await createSavedView(t.db, { actor: alice, name: "B", query: "status:pending" });
    const c = await createSavedView(t.db, { actor: alice, name: "C", query: "is:snoozed" });

    await renameSavedView(t.db, { actor: alice, viewId: b.id, name: "Waiting on customer" });
    await expect(
      renameSavedView(t.db, { actor: alice, viewId: c.id, name: "A" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      renameSavedView(t.db, { actor: bob, viewId: a.id, name: "Stolen" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const reordered = await reorderSavedViews(t.db, {
      actor: alice,
      viewIds: [c.id, a.id, b.id],
    });
    expect(reordered.map((v) => v.name)).toEqual(["C", "A", "Waiting on customer"]);
    // A stale order (missing a view, or naming someone else's) is refused, not half-applied.
    await expect(
      reorderSavedViews(t.db, { actor: alice, viewIds: [a.id, b.id] }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(reorderSavedViews(t.db, { actor: bob, viewIds: [a.id] })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await listSavedViews(t.db, alice)).map((v) => v.name)).toEqual([
      "C",
      "A",
      "Waiting on customer",
    ]);

    await expect(deleteSavedView(t.db, { actor: bob, viewId: a.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deleteSavedView(t.db, { actor: alice, viewId: a.id });
    expect((await listSavedViews(t.db, alice)).map((v) => v.name)).toEqual([
      "C",
      "Waiting on customer",
    ]);
    // A new view goes to the end.
    await createSavedView(t.db, { actor: alice, name: "D", query: "" });
    expect((await listSavedViews(t.db, alice)).map((v) => v.name)).toEqual([
      "C",
      "Waiting on customer",
      "D",
    ]);
  });

  it(`keeps at most ${MAX_SAVED_VIEWS} views per agent`, async () => {
    for (let i = 0; i < MAX_SAVED_VIEWS; i++) {
      await createSavedView(t.db, { actor: alice, name: `View ${i}`, query: "" });
    }
    await expect(
      createSavedView(t.db, { actor: alice, name: "One too many", query: "" }),
    ).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("at most") });
  });

  it("refuses requesters", async () => {
    const requester: Actor = { type: "requester", contactId: 1, email: "x@example.test" };
    await expect(listSavedViews(t.db, requester)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
