import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { tickets } from "@/db/schema";
import {
  createCategory,
  moveCategory,
  placeCategory,
  renameCategory,
  setCategoryActive,
} from "@/lib/admin/categories";
import { listActiveCategories } from "@/lib/admin/lookups";
import { listCategoriesForAdmin } from "@/lib/admin/queries";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

let admin: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
});

const names = async () => (await listCategoriesForAdmin(t.db, admin)).map((c) => c.name);

describe("createCategory", () => {
  it("derives a lower_snake_case slug and adds the category at the end of the list", async () => {
    const category = await createCategory(t.db, { actor: admin, name: "  Refunds & Returns! " });
    expect(category).toMatchObject({ name: "Refunds & Returns!", slug: "refunds_returns" });
    expect((await names()).at(-1)).toBe("Refunds & Returns!");
    expect((await listActiveCategories(t.db)).map((c) => c.slug)).toContain("refunds_returns");
  });

  it("folds accents into the slug", async () => {
    const category = await createCategory(t.db, { actor: admin, name: "Facturación Élite" });
    expect(category.slug).toBe("facturacion_elite");
  });

  it("refuses a name that differs from an existing one only in case", async () => {
    await expect(createCategory(t.db, { actor: admin, name: "BILLING" })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { name: [expect.stringContaining("already exists")] },
    });
  });

  it("refuses a name whose slug is already taken", async () => {
    await expect(
      createCategory(t.db, { actor: admin, name: "feature-request" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("feature_request"),
    });
  });

  it("refuses a blank name or one without letters or digits", async () => {
    await expect(createCategory(t.db, { actor: admin, name: "   " })).rejects.toMatchObject({
      code: "INVALID",
      details: { name: ["Enter a name."] },
    });
    await expect(createCategory(t.db, { actor: admin, name: "!!!" })).rejects.toMatchObject({
      code: "INVALID",
    });
  });

  it("is refused to agents", async () => {
    const agent = actorFor(await makeUser(t.db));
    await expect(createCategory(t.db, { actor: agent, name: "Sneaky" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await names()).not.toContain("Sneaky");
  });
});

describe("renameCategory", () => {
  it("changes the name but keeps the slug integrations use", async () => {
    const [billing] = (await listCategoriesForAdmin(t.db, admin)).filter(
      (c) => c.slug === "billing",
    );
    const renamed = await renameCategory(t.db, {
      actor: admin,
      categoryId: billing!.id,
      name: "Payments",
    });
    expect(renamed).toMatchObject({ name: "Payments", slug: "billing" });
  });

  it("allows a change of case of its own name but not another category's name", async () => {
    const [billing] = (await listCategoriesForAdmin(t.db, admin)).filter(
      (c) => c.slug === "billing",
    );
    await expect(
      renameCategory(t.db, { actor: admin, categoryId: billing!.id, name: "BILLING" }),
    ).resolves.toMatchObject({ name: "BILLING" });
    await expect(
      renameCategory(t.db, { actor: admin, categoryId: billing!.id, name: "general" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("answers NOT_FOUND for an unknown category", async () => {
    await expect(
      renameCategory(t.db, { actor: admin, categoryId: 999_999, name: "Nope" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("moveCategory", () => {
  it("moves a category up and down, and does nothing at either end", async () => {
    const before = await listCategoriesForAdmin(t.db, admin);
    expect(before.map((c) => c.slug)).toEqual([
      "general",
      "billing",
      "technical",
      "account",
      "feature_request",
      "bug_report",
      "other",
    ]);
    const technical = before.find((c) => c.slug === "technical")!;
    await moveCategory(t.db, { actor: admin, categoryId: technical.id, direction: "up" });
    await moveCategory(t.db, { actor: admin, categoryId: technical.id, direction: "up" });
    await moveCategory(t.db, { actor: admin, categoryId: technical.id, direction: "up" });
    const other = before.find((c) => c.slug === "other")!;
    await moveCategory(t.db, { actor: admin, categoryId: other.id, direction: "down" });
    const general = before.find((c) => c.slug === "general")!;
    await moveCategory(t.db, { actor: admin, categoryId: general.id, direction: "down" });
    const after = await listCategoriesForAdmin(t.db, admin);
    expect(after.map((c) => c.slug)).toEqual([
      "technical",
      "billing",
      "general",
      "account",
      "feature_request",
      "bug_report",
      "other",
    ]);
    expect(after.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await listActiveCategories(t.db)).map((c) => c.slug).slice(0, 3)).toEqual([
      "technical",
      "billing",
      "general",
    ]);
  });

  it("places a dragged category anywhere in the list; past the end is last", async () => {
    const before = await listCategoriesForAdmin(t.db, admin);
    const bySlug = (slug: string) => before.find((c) => c.slug === slug)!.id;
    await placeCategory(t.db, { actor: admin, categoryId: bySlug("other"), toIndex: 1 });
    await placeCategory(t.db, { actor: admin, categoryId: bySlug("general"), toIndex: 99 });
    const after = await listCategoriesForAdmin(t.db, admin);
    expect(after.map((c) => c.slug)).toEqual([
      "other",
      "billing",
      "technical",
      "account",
      "feature_request",
      "bug_report",
      "general",
    ]);
    expect(after.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(
      placeCategory(t.db, { actor: admin, categoryId: bySlug("billing"), toIndex: -1 }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      placeCategory(t.db, { actor: admin, categoryId: 999_999, toIndex: 0 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is refused to agents", async () => {
    const agent = actorFor(await makeUser(t.db));
    const [first] = await listCategoriesForAdmin(t.db, admin);
    await expect(
      moveCategory(t.db, { actor: agent, categoryId: first!.id, direction: "down" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("setCategoryActive", () => {
  it("hides an inactive category from pickers but leaves it on existing tickets", async () => {
    const ticket = await makeTicket(t.db, { categorySlug: "billing" });
    const billing = (await listCategoriesForAdmin(t.db, admin)).find((c) => c.slug === "billing")!;
    await setCategoryActive(t.db, { actor: admin, categoryId: billing.id, isActive: false });
    expect((await listActiveCategories(t.db)).map((c) => c.slug)).not.toContain("billing");
    const listed = (await listCategoriesForAdmin(t.db, admin)).find((c) => c.slug === "billing")!;
    expect(listed).toMatchObject({ isActive: false, tickets: 1 });
    const [stored] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored?.categoryId).toBe(billing.id);

    await setCategoryActive(t.db, { actor: admin, categoryId: billing.id, isActive: true });
    expect((await listActiveCategories(t.db)).map((c) => c.slug)).toContain("billing");
  });
});
