import { beforeEach, describe, expect, it } from "vitest";
import { cannedResponses } from "@/db/schema";
import {
  createSharedCannedResponse,
  deleteSharedCannedResponse,
  updateSharedCannedResponse,
} from "@/lib/admin/canned-responses";
import { listSharedCannedResponsesForAdmin } from "@/lib/admin/queries";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

let admin: Actor;
const t = setUpTestDatabase();
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" }));
});

describe("shared canned responses", () => {
  it("creates, lists by title, edits and deletes, keeping masks as written", async () => {
    const body = "Hi #FirstName#,\n\nThanks for writing in.\n";
    const thanks = await createSharedCannedResponse(t.db, { actor: admin, title: "Thanks", body });
    expect(thanks).toMatchObject({ title: "Thanks", body, ownerUserId: null });
    await createSharedCannedResponse(t.db, { actor: admin, title: "Apology", body: "Sorry!" });
    const listed = await listSharedCannedResponsesForAdmin(t.db, admin);
    expect(listed.map((r) => [r.title, r.createdByName])).toEqual([
      ["Apology", "Ada Admin"],
      ["Thanks", "Ada Admin"],
    ]);

    await updateSharedCannedResponse(t.db, {
      actor: admin,
      cannedResponseId: thanks.id,
      title: "Thank you",
      body: "Dear #FirstName#",
    });
    await deleteSharedCannedResponse(t.db, { actor: admin, cannedResponseId: listed[0]!.id });
    expect(await listSharedCannedResponsesForAdmin(t.db, admin)).toMatchObject([
      { title: "Thank you", body: "Dear #FirstName#" },
    ]);
  });

  it("requires a title and a body", async () => {
    await expect(
      createSharedCannedResponse(t.db, { actor: admin, title: " ", body: "  \n " }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { title: ["Enter a title."], body: ["Enter the response text."] },
    });
  });

  it("never touches someone's personal responses and is refused to agents", async () => {
    const agentUser = await makeUser(t.db);
    const [personal] = await t.db
      .insert(cannedResponses)
      .values({ title: "Mine", body: "Personal", ownerUserId: agentUser.id })
      .returning();
    expect(await listSharedCannedResponsesForAdmin(t.db, admin)).toEqual([]);
    await expect(
      updateSharedCannedResponse(t.db, {
        actor: admin,
        cannedResponseId: personal!.id,
        title: "Hijacked",
        body: "x",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      deleteSharedCannedResponse(t.db, { actor: admin, cannedResponseId: personal!.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const agent = actorFor(agentUser);
    await expect(
      createSharedCannedResponse(t.db, { actor: agent, title: "Shared", body: "x" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const rows = await t.db.select().from(cannedResponses);
    expect(rows.map((r) => r.title)).toEqual(["Mine"]);
  });
});
