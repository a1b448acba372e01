"use server";

import { revalidatePath } from "next/cache";
import {
  createTag,
  createTagSchema,
  deleteTag,
  deleteTagSchema,
  renameTag,
  renameTagSchema,
} from "@/lib/admin/tags";
import { action } from "@/lib/safe-action";

export const createTagAction = action(
  { permission: "admin.access", schema: createTagSchema },
  async (input, { actor, db }) => {
    const tag = await createTag(db, { actor, ...input });
    revalidatePath("/admin/tags");
    return { id: tag.id, name: tag.name };
  },
);

export const renameTagAction = action(
  { permission: "admin.access", schema: renameTagSchema },
  async (input, { actor, db }) => {
    const tag = await renameTag(db, { actor, ...input });
    revalidatePath("/admin/tags");
    return { id: tag.id, name: tag.name };
  },
);

export const deleteTagAction = action(
  { permission: "admin.access", schema: deleteTagSchema },
  async (input, { actor, db }) => {
    const outcome = await deleteTag(db, { actor, ...input });
    revalidatePath("/admin/tags");
    return outcome;
  },
);
