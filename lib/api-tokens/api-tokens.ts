/**
 * REST API tokens: issuing, listing, revoking, and turning a bearer token back into the user it acts
 * as. A token is `hd_` + 32 random bytes (base64url); only its SHA-256 and an 8-character display
 * prefix are stored, so the token itself is shown once and can never be read back.
 */
import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database } from "@/db/client";
import { apiTokens, users, type ApiToken } from "@/db/schema";
import { assertUserCan, type Actor, type UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export const API_TOKEN_PREFIX = "hd_";
/** How many leading characters of a token are kept to tell tokens apart in the console. */
export const DISPLAY_PREFIX_LENGTH = 8;
/** lastUsedAt is written at most this often per token: a busy integration must not write per call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const TOKEN_PATTERN = /^hd_[A-Za-z0-9_-]{43}$/;

/** A token as the console and the CLI see it: never the hash. */
export type ApiTokenRecord = Omit<ApiToken, "tokenHash">;
export type ApiTokenListItem = ApiTokenRecord & {
  userName: string | null;
  userEmail: string | null;
  createdByName: string | null;
};

export const createApiTokenSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, { error: "Enter a name." })
    .max(100, { error: "Keep the name to 100 characters or fewer." }),
  userId: z.number().int().positive().optional(),
});

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

function withoutHash(row: ApiToken): ApiTokenRecord {
  const { tokenHash: _hash, ...record } = row;
  return record;
}

/** Issues a token acting as `userId` (default: the admin creating it). The token is returned once. */
export async function createApiToken(
  db: Database,
  input: { actor: Actor; name: string; userId?: number; now?: Date },
): Promise<{ token: string; record: ApiTokenRecord }> {
  const actor = assertUserCan(input.actor, "admin.access");
  const parsed = createApiTokenSchema.safeParse({ name: input.name, userId: input.userId });
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid token.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const userId = parsed.data.userId ?? actor.id;
  const [user] = await db
    .select({ isActive: users.isActive })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.isActive) {
    const message = "That user does not exist or is deactivated.";
    throw new DomainError("INVALID", message, { userId: [message] });
  }

  const token = generateApiToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      name: parsed.data.name,
      tokenHash: hashApiToken(token),
      tokenPrefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      userId,
      createdByUserId: actor.id,
      createdAt: input.now ?? new Date(),
    })
    .returning();
  if (!row) throw new Error("api token insert returned no row");
  return { token, record: withoutHash(row) };
}

/** Revokes a token at once; revoking a revoked token keeps its first revocation time. */
export async function revokeApiToken(
  db: Database,
  input: { actor: Actor; tokenId: number; now?: Date },
): Promise<ApiTokenRecord> {
  assertUserCan(input.actor, "admin.access");
  const [revoked] = await db
    .update(apiTokens)
    .set({ revokedAt: input.now ?? new Date() })
    .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt)))
    .returning();
  if (revoked) return withoutHash(revoked);
  const [existing] = await db.select().from(apiTokens).where(eq(apiTokens.id, input.tokenId));
  if (!existing) throw new DomainError("NOT_FOUND", "API token not found.");
  return withoutHash(existing);
}

/** Every token, newest first, with the user it acts as. */
export async function listApiTokens(
  db: Database,
  input: { actor: Actor },
): Promise<ApiTokenListItem[]> {
  assertUserCan(input.actor, "admin.access");
  const creator = alias(users, "creator");
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenPrefix: apiTokens.tokenPrefix,
      userId: apiTokens.userId,
      createdByUserId: apiTokens.createdByUserId,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
      userName: users.name,
      userEmail: users.email,
      createdByName: creator.name,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(creator, eq(creator.id, apiTokens.createdByUserId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/**
 * The user a bearer token acts as, or null when the token is malformed, unknown, revoked, or its user
 * is deactivated. The user is read fresh on every call, so a role change applies at once.
 */
export async function authenticateApiToken(
  db: Database,
  bearer: string | null | undefined,
  options: { now?: Date } = {},
): Promise<(UserActor & { tokenId: number }) | null> {
  const token = bearer?.trim() ?? "";
  // Cheap refusal of anything that cannot be a token, before touching the database.
  if (!TOKEN_PATTERN.test(token)) return null;
  const [found] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      isActive: users.isActive,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!found?.isActive) return null;

  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!found.lastUsedAt || found.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests with the same token write once between them.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, found.tokenId),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore)),
        ),
      );
  }
  return {
    type: "user",
    id: found.id,
    role: found.role,
    name: found.name,
    email: found.email,
    tokenId: found.tokenId,
  };
}
