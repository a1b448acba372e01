import { describe, expect, it } from "vitest";
import { workspaceSettings } from "@/db/schema";
import { getSetting, isAllowedType, updateSetting } from "@/lib/settings";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
describe("workspace settings", () => {
  it("starts the composer on an internal note until an admin flips it", async () => {
    expect(await getSetting(t.db, "composer.defaultKind")).toBe("note");
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    await updateSetting(t.db, { actor: admin, key: "composer.defaultKind", value: "reply" });
    expect(await getSetting(t.db, "composer.defaultKind")).toBe("reply");
  });

  it("lets only admins change settings and refuses invalid values", async () => {
    const agent = actorFor(await makeUser(t.db));
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    await expect(
      updateSetting(t.db, { actor: agent, key: "composer.defaultKind", value: "reply" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      updateSetting(t.db, { actor: admin, key: "attachments.allowedTypes", value: ["not a type"] }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await updateSetting(t.db, {
      actor: admin,
      key: "attachments.allowedTypes",
      value: ["image/*", "application/pdf"],
    });
    const allowed = await getSetting(t.db, "attachments.allowedTypes");
    expect(isAllowedType(allowed, "image/png")).toBe(true);
    expect(isAllowedType(allowed, "application/pdf; charset=binary")).toBe(true);
    expect(isAllowedType(allowed, "text/plain")).toBe(false);
  });

  it("falls back to the default when a stored value no longer validates", async () => {
    await t.db.insert(workspaceSettings).values({ key: "composer.defaultKind", value: "shout" });
    expect(await getSetting(t.db, "composer.defaultKind")).toBe("note");
  });
});
