/** Creates an agent or admin account (used by the CLI now, by the admin screens later). */
import { z } from "zod";
import type { Database } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { userRoles, users, type User } from "@/db/schema";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";

export const createUserSchema = z.object({
  email: z.email({ error: "must be a valid email address" }).max(320),
  name: z.string().trim().min(1, { error: "is required" }).max(200),
  role: z.enum(userRoles, { error: `must be one of ${userRoles.join(", ")}` }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(1024),
});

export type CreateUserInput = z.infer<typeof createUserSchema>;

export async function createUser(db: Database, input: CreateUserInput): Promise<User> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "),
      z.flattenError(parsed.error).fieldErrors,
    );
  }
  const { password, ...fields } = parsed.data;
  try {
    const [user] = await db
      .insert(users)
      .values({
        ...fields,
        email: fields.email.toLowerCase(),
        passwordHash: await hashPassword(password),
      })
      .returning();
    if (!user) throw new Error("insert returned no row");
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", `A user with the email ${fields.email} already exists.`);
    }
    throw error;
  }
}
