"use server";

/** Server actions of the API tokens admin page: create (the token comes back once) and revoke. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiToken, createApiTokenSchema, revokeApiToken } from "@/lib/api-tokens/api-tokens";
import { action } from "@/lib/safe-action";

export const createApiTokenAction = action(
  { permission: "admin.access", schema: createApiTokenSchema },
  async (input, { actor, db }) => {
    const { token, record } = await createApiToken(db, { actor, ...input });
    revalidatePath("/admin/api-tokens");
    return { token, name: record.name, tokenPrefix: record.tokenPrefix };
  },
);

export const revokeApiTokenAction = action(
  { permission: "admin.access", schema: z.object({ tokenId: z.number().int().positive() }) },
  async (input, { actor, db }) => {
    const record = await revokeApiToken(db, { actor, tokenId: input.tokenId });
    revalidatePath("/admin/api-tokens");
    return { id: record.id, revokedAt: record.revokedAt?.toISOString() ?? null };
  },
);
