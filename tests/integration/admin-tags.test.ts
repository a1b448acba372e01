import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { tags, ticketTags } from "@/db/schema";
import { listTags } from "@/lib/admin/lookups";
import { listTagsForAdmin } from "@/lib/admin/queries";
import { createTag, deleteTag, renameTag } from "@/lib/admin/tags";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

let admin: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin" }));
});

async function tagTicket(tagId: number) {
  const ticket = await makeTicket(t.db);
  await t.db.insert(ticketTags).values({ ticketId: ticket.id, tagId });
  return ticket;
}

describe("tags", () => {
  it("creates tags normalised like ticket tags and lists them with usage counts", async () => {
    const vip = await createTag(t.db, { actor: admin, name: "  VIP Customer " });
    expect(vip.name).toBe("vip-customer");
    const refund = await createTag(t.db, { actor: admin, name: "refund" });
    await tagTicket(refund.id);
    await tagTicket(refund.id);
    const { rows, total } = await listTagsForAdmin(t.db, admin);
    expect(total).toBe(2);
    expect(rows.map((r) => [r.name, r.tickets])).toEqual([
      ["refund", 2],
      ["vip-customer", 0],
    ]);
    expect((await listTags(t.db)).map((r) => r.name)).toEqual(["refund", "vip-customer"]);
    const filtered = await listTagsForAdmin(t.db, admin, { search: "VIP" });
    expect(filtered.rows.map((r) => r.name)).toEqual(["vip-customer"]);
    // LIKE wildcards in the search are taken literally.
    expect((await listTagsForAdmin(t.db, admin, { search: "%" })).total).toBe(0);
  });

  it("refuses duplicates regardless of case, on create and rename", async () => {
    await t.db.insert(tags).values({ name: "Urgent" });
    await expect(createTag(t.db, { actor: admin, name: "urgent" })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { name: [expect.stringContaining("already exists")] },
    });
    const other = await createTag(t.db, { actor: admin, name: "later" });
    await expect(
      renameTag(t.db, { actor: admin, tagId: other.id, name: "URGENT" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("renames a tag everywhere it is used", async () => {
    const tag = await createTag(t.db, { actor: admin, name: "bug" });
    await tagTicket(tag.id);
    await renameTag(t.db, { actor: admin, tagId: tag.id, name: "Defect" });
    const { rows } = await listTagsForAdmin(t.db, admin);
    expect(rows).toEqual([{ id: tag.id, name: "defect", tickets: 1 }]);
  });

  it("refuses empty names and commas", async () => {
    await expect(createTag(t.db, { actor: admin, name: " " })).rejects.toMatchObject({
      code: "INVALID",
      details: { name: expect.arrayContaining([expect.stringMatching(/empty/)]) },
    });
    await expect(createTag(t.db, { actor: admin, name: "a,b" })).rejects.toMatchObject({
      code: "INVALID",
      details: { name: [expect.stringMatching(/comma/)] },
    });
    expect(await listTags(t.db)).toEqual([]);
  });

  it("deletes a tag and removes it from every ticket that had it", async () => {
    const doomed = await createTag(t.db, { actor: admin, name: "doomed" });
    const kept = await createTag(t.db, { actor: admin, name: "kept" });
    const ticket = await tagTicket(doomed.id);
    await t.db.insert(ticketTags).values({ ticketId: ticket.id, tagId: kept.id });
    await tagTicket(doomed.id);

    await expect(deleteTag(t.db, { actor: admin, tagId: doomed.id })).resolves.toEqual({
      ticketsUntagged: 2,
    });
    const remaining = await t.db
      .select({ tagId: ticketTags.tagId })
      .from(ticketTags)
      .where(eq(ticketTags.ticketId, ticket.id));
    expect(remaining).toEqual([{ tagId: kept.id }]);
    expect(await t.db.select().from(ticketTags).where(eq(ticketTags.tagId, doomed.id))).toEqual([]);
    expect((await listTags(t.db)).map((r) => r.name)).toEqual(["kept"]);
    await expect(deleteTag(t.db, { actor: admin, tagId: doomed.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("is refused to agents", async () => {
    const agent = actorFor(await makeUser(t.db));
    const tag = await createTag(t.db, { actor: admin, name: "mine" });
    await expect(createTag(t.db, { actor: agent, name: "theirs" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(deleteTag(t.db, { actor: agent, tagId: tag.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(listTagsForAdmin(t.db, agent)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listTags(t.db)).map((r) => r.name)).toEqual(["mine"]);
  });
});
