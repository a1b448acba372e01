"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  cannedResponseSchema,
  createPersonalCannedResponse,
  deletePersonalCannedResponse,
  updatePersonalCannedResponse,
} from "@/lib/canned-responses/canned-responses";
import { action } from "@/lib/safe-action";

const path = "/me/canned-responses";

export const saveCannedResponseAction = action(
  {
    permission: "tickets.work",
    schema: cannedResponseSchema.extend({ id: z.number().int().positive().optional() }),
  },
  async ({ id, title, body }, { actor, db }) => {
    const row = id
      ? await updatePersonalCannedResponse(db, { actor, id, title, body })
      : await createPersonalCannedResponse(db, { actor, title, body });
    revalidatePath(path);
    return { id: row.id };
  },
);

export const deleteCannedResponseAction = action(
  { permission: "tickets.work", schema: z.object({ id: z.number().int().positive() }) },
  async ({ id }, { actor, db }) => {
    await deletePersonalCannedResponse(db, { actor, id });
    revalidatePath(path);
    return null;
  },
);
