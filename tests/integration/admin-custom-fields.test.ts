import { beforeEach, describe, expect, it } from "vitest";
import { createCustomField, updateCustomField } from "@/lib/admin/custom-fields";
import { listActiveCustomFields } from "@/lib/admin/lookups";
import { listCustomFieldsForAdmin } from "@/lib/admin/queries";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

let admin: Actor;
let agent: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
  agent = actorFor(await makeUser(t.db, { role: "agent" }));
});

describe("createCustomField", () => {
  it("derives the key from the label and appends the field at the end", async () => {
    const first = await createCustomField(t.db, {
      actor: admin,
      label: "Order Number",
      type: "text",
    });
    expect(first).toMatchObject({
      key: "order_number",
      label: "Order Number",
      type: "text",
      options: [],
      visibility: "agents",
      position: 0,
      isActive: true,
    });
    const second = await createCustomField(t.db, {
      actor: admin,
      label: "Plan",
      type: "select",
      options: [" Free ", "Pro", "Enterprise"],
      visibility: "public",
    });
    expect(second).toMatchObject({
      key: "plan",
      options: ["Free", "Pro", "Enterprise"],
      position: 1,
    });
    expect((await listCustomFieldsForAdmin(t.db, admin)).map((f) => f.key)).toEqual([
      "order_number",
      "plan",
    ]);
  });

  it("accepts an explicit lower_snake_case key and refuses anything else", async () => {
    await expect(
      createCustomField(t.db, {
        actor: admin,
        label: "Renewal",
        key: "renewal_date",
        type: "date",
      }),
    ).resolves.toMatchObject({ key: "renewal_date" });
    await expect(
      createCustomField(t.db, {
        actor: admin,
        label: "Renewal",
        key: "Renewal Date",
        type: "date",
      }),
    ).rejects.toMatchObject({ code: "INVALID", details: { key: [expect.any(String)] } });
    await expect(
      createCustomField(t.db, { actor: admin, label: "???", type: "text" }),
    ).rejects.toMatchObject({ code: "INVALID", details: { key: [expect.any(String)] } });
  });

  it("refuses a key that is already used", async () => {
    await createCustomField(t.db, { actor: admin, label: "Order number", type: "text" });
    await expect(
      createCustomField(t.db, { actor: admin, label: "ORDER NUMBER", type: "number" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      details: { key: [expect.stringContaining("order_number")] },
    });
  });

  it("refuses a select field without options or with an option twice (any case)", async () => {
    await expect(
      createCustomField(t.db, { actor: admin, label: "Plan", type: "select", options: [] }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { options: ["A select field needs at least one option."] },
    });
    await expect(
      createCustomField(t.db, {
        actor: admin,
        label: "Plan",
        type: "select",
        options: ["Pro", "pro"],
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { options: [expect.stringMatching(/twice/)] },
    });
    await expect(
      createCustomField(t.db, {
        actor: admin,
        label: "Plan",
        type: "select",
        options: ["", "Pro"],
      }),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect(await listCustomFieldsForAdmin(t.db, admin)).toEqual([]);
  });

  it("drops options given to a field that is not a select", async () => {
    const field = await createCustomField(t.db, {
      actor: admin,
      label: "Notes",
      type: "text",
      options: ["ignored"],
    });
    expect(field.options).toEqual([]);
  });

  it("is refused to agents", async () => {
    await expect(
      createCustomField(t.db, { actor: agent, label: "Sneaky", type: "text" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("updateCustomField", () => {
  it("edits label, options, visibility and the active flag", async () => {
    const field = await createCustomField(t.db, {
      actor: admin,
      label: "Plan",
      type: "select",
      options: ["Free", "Pro"],
    });
    const updated = await updateCustomField(t.db, {
      actor: admin,
      fieldId: field.id,
      label: "Subscription plan",
      options: ["Free", "Pro", "Team"],
      visibility: "admins",
      isActive: false,
    });
    expect(updated).toMatchObject({
      key: "plan",
      type: "select",
      label: "Subscription plan",
      options: ["Free", "Pro", "Team"],
      visibility: "admins",
      isActive: false,
    });
  });

  it("keeps the key and type immutable", async () => {
    const field = await createCustomField(t.db, { actor: admin, label: "Order", type: "text" });
    const base = {
      actor: admin,
      fieldId: field.id,
      label: "Order",
      visibility: "agents" as const,
      isActive: true,
    };
    await expect(
      updateCustomField(t.db, { ...base, key: "order_ref" } as unknown as Parameters<
        typeof updateCustomField
      >[1]),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { key: ["The key cannot be changed once the field exists."] },
    });
    await expect(
      updateCustomField(t.db, { ...base, type: "number" } as unknown as Parameters<
        typeof updateCustomField
      >[1]),
    ).rejects.toMatchObject({ code: "INVALID", details: { type: [expect.any(String)] } });
    const [stored] = await listCustomFieldsForAdmin(t.db, admin);
    expect(stored).toMatchObject({ key: "order", type: "text" });
  });

  it("refuses to empty a select field's options", async () => {
    const field = await createCustomField(t.db, {
      actor: admin,
      label: "Plan",
      type: "select",
      options: ["Free"],
    });
    await expect(
      updateCustomField(t.db, {
        actor: admin,
        fieldId: field.id,
        label: "Plan",
        options: [],
        visibility: "agents",
        isActive: true,
      }),
    ).rejects.toMatchObject({ code: "INVALID", details: { options: [expect.any(String)] } });
  });

  it("answers NOT_FOUND for an unknown field and FORBIDDEN to agents", async () => {
    const input = { fieldId: 999_999, label: "X", visibility: "agents" as const, isActive: true };
    await expect(updateCustomField(t.db, { actor: admin, ...input })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(updateCustomField(t.db, { actor: agent, ...input })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("listActiveCustomFields", () => {
  it("shows agents public and agent fields, admins all, requesters public, and hides inactive ones", async () => {
    await createCustomField(t.db, {
      actor: admin,
      label: "Public",
      type: "text",
      visibility: "public",
    });
    await createCustomField(t.db, {
      actor: admin,
      label: "Agents",
      type: "text",
      visibility: "agents",
    });
    await createCustomField(t.db, {
      actor: admin,
      label: "Admins",
      type: "text",
      visibility: "admins",
    });
    const off = await createCustomField(t.db, {
      actor: admin,
      label: "Retired",
      type: "checkbox",
      visibility: "public",
    });
    await updateCustomField(t.db, {
      actor: admin,
      fieldId: off.id,
      label: "Retired",
      visibility: "public",
      isActive: false,
    });
    const keys = async (visibleTo: Actor) =>
      (await listActiveCustomFields(t.db, { visibleTo })).map((f) => f.key);
    expect(await keys(agent)).toEqual(["public", "agents"]);
    expect(await keys(admin)).toEqual(["public", "agents", "admins"]);
    expect(await keys({ type: "requester", contactId: 1, email: "customer@example.test" })).toEqual(
      ["public"],
    );
  });
});
