"use server";

import { revalidatePath } from "next/cache";
import {
  createSharedCannedResponse,
  createSharedCannedResponseSchema,
  deleteSharedCannedResponse,
  deleteSharedCannedResponseSchema,
  updateSharedCannedResponse,
  updateSharedCannedResponseSchema,
} from "@/lib/admin/canned-responses";
import { action } from "@/lib/safe-action";

export const createCannedResponseAction = action(
  { permission: "admin.access", schema: createSharedCannedResponseSchema },
  async (input, { actor, db }) => {
    const response = await createSharedCannedResponse(db, { actor, ...input });
    revalidatePath("/admin/canned-responses");
    return { id: response.id, title: response.title };
  },
);

export const updateCannedResponseAction = action(
  { permission: "admin.access", schema: updateSharedCannedResponseSchema },
  async (input, { actor, db }) => {
    const response = await updateSharedCannedResponse(db, { actor, ...input });
    revalidatePath("/admin/canned-responses");
    return { id: response.id, title: response.title };
  },
);

export const deleteCannedResponseAction = action(
  { permission: "admin.access", schema: deleteSharedCannedResponseSchema },
  async (input, { actor, db }) => {
    await deleteSharedCannedResponse(db, { actor, ...input });
    revalidatePath("/admin/canned-responses");
    return null;
  },
);
