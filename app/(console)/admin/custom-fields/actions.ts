"use server";

import { revalidatePath } from "next/cache";
import {
  createCustomField,
  createCustomFieldSchema,
  updateCustomField,
  updateCustomFieldSchema,
} from "@/lib/admin/custom-fields";
import { action } from "@/lib/safe-action";

export const createCustomFieldAction = action(
  { permission: "admin.access", schema: createCustomFieldSchema },
  async (input, { actor, db }) => {
    const field = await createCustomField(db, { actor, ...input });
    revalidatePath("/admin/custom-fields");
    return { id: field.id, key: field.key, label: field.label };
  },
);

export const updateCustomFieldAction = action(
  { permission: "admin.access", schema: updateCustomFieldSchema },
  async (input, { actor, db }) => {
    const field = await updateCustomField(db, { actor, ...input });
    revalidatePath("/admin/custom-fields");
    return { id: field.id, label: field.label };
  },
);
