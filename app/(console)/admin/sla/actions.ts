"use server";

import { revalidatePath } from "next/cache";
import {
  createSlaPolicy,
  createSlaPolicySchema,
  moveSlaPolicy,
  moveSlaPolicySchema,
  placeSlaPolicy,
  placeSlaPolicySchema,
  setSlaPolicyActive,
  setSlaPolicyActiveSchema,
  updateSlaPolicy,
  updateSlaPolicySchema,
} from "@/lib/admin/sla-policies";
import { action } from "@/lib/safe-action";

function revalidateSla() {
  revalidatePath("/admin/sla");
  // Stored SLA states and due times of open tickets were recomputed.
  revalidatePath("/tickets", "layout");
}

export const createSlaPolicyAction = action(
  { permission: "admin.access", schema: createSlaPolicySchema },
  async (input, { actor, db }) => {
    const policy = await createSlaPolicy(db, { actor, ...input });
    revalidateSla();
    return { id: policy.id, name: policy.name };
  },
);

export const updateSlaPolicyAction = action(
  { permission: "admin.access", schema: updateSlaPolicySchema },
  async (input, { actor, db }) => {
    const policy = await updateSlaPolicy(db, { actor, ...input });
    revalidateSla();
    return { id: policy.id, name: policy.name };
  },
);

export const moveSlaPolicyAction = action(
  { permission: "admin.access", schema: moveSlaPolicySchema },
  async (input, { actor, db }) => {
    await moveSlaPolicy(db, { actor, ...input });
    revalidateSla();
    return null;
  },
);

export const placeSlaPolicyAction = action(
  { permission: "admin.access", schema: placeSlaPolicySchema },
  async (input, { actor, db }) => {
    await placeSlaPolicy(db, { actor, ...input });
    revalidateSla();
    return null;
  },
);

export const setSlaPolicyActiveAction = action(
  { permission: "admin.access", schema: setSlaPolicyActiveSchema },
  async (input, { actor, db }) => {
    await setSlaPolicyActive(db, { actor, ...input });
    revalidateSla();
    return null;
  },
);
