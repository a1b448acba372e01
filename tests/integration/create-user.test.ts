import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { DomainError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { setUpTestDatabase } from "../helpers/db";

const t = setUpTestDatabase();
describe("createUser", () => {
  it("creates an account that can sign in, storing only a hash of the password", async () => {
    const user = await createUser(t.db, {
      email: "New.Admin@Example.test",
      name: "New Admin",
      role: "admin",
      password: "correct horse battery",
    });
    expect(user.email).toBe("new.admin@example.test");
    expect(user.passwordHash).not.toContain("correct horse");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const result = await verifyCredentials(
      { email: "new.admin@example.test", password: "correct horse battery", ip: null },
      t.db,
    );
    expect(result.ok).toBe(true);
  });

  it("refuses a second account with the same email in another case", async () => {
    await createUser(t.db, {
      email: "sam@example.test",
      name: "Sam",
      role: "agent",
      password: "long enough password",
    });
    await expect(
      createUser(t.db, {
        email: "SAM@example.test",
        name: "Sam 2",
        role: "agent",
        password: "long enough password",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("names each invalid field", async () => {
    const error = await createUser(t.db, {
      email: "not-an-email",
      name: " ",
      role: "owner" as "admin",
      password: "short",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("INVALID");
    expect(Object.keys((error as DomainError).details ?? {}).sort()).toEqual([
      "email",
      "name",
      "password",
      "role",
    ]);
  });
});
