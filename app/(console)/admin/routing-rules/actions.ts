"use server";

import { revalidatePath } from "next/cache";
import {
  createRoutingRule,
  createRoutingRuleSchema,
  deleteRoutingRule,
  deleteRoutingRuleSchema,
  moveRoutingRule,
  moveRoutingRuleSchema,
  placeRoutingRule,
  placeRoutingRuleSchema,
  setRoutingRuleActive,
  setRoutingRuleActiveSchema,
  updateRoutingRule,
  updateRoutingRuleSchema,
} from "@/lib/admin/routing-rules";
import { action } from "@/lib/safe-action";

function revalidateRules() {
  revalidatePath("/admin/routing-rules");
}

export const createRoutingRuleAction = action(
  { permission: "admin.access", schema: createRoutingRuleSchema },
  async (input, { actor, db }) => {
    const rule = await createRoutingRule(db, { actor, ...input });
    revalidateRules();
    return { id: rule.id };
  },
);

export const updateRoutingRuleAction = action(
  { permission: "admin.access", schema: updateRoutingRuleSchema },
  async (input, { actor, db }) => {
    const rule = await updateRoutingRule(db, { actor, ...input });
    revalidateRules();
    return { id: rule.id };
  },
);

export const deleteRoutingRuleAction = action(
  { permission: "admin.access", schema: deleteRoutingRuleSchema },
  async (input, { actor, db }) => {
    await deleteRoutingRule(db, { actor, ...input });
    revalidateRules();
    return null;
  },
);

export const moveRoutingRuleAction = action(
  { permission: "admin.access", schema: moveRoutingRuleSchema },
  async (input, { actor, db }) => {
    await moveRoutingRule(db, { actor, ...input });
    revalidateRules();
    return null;
  },
);

export const placeRoutingRuleAction = action(
  { permission: "admin.access", schema: placeRoutingRuleSchema },
  async (input, { actor, db }) => {
    await placeRoutingRule(db, { actor, ...input });
    revalidateRules();
    return null;
  },
);

export const setRoutingRuleActiveAction = action(
  { permission: "admin.access", schema: setRoutingRuleActiveSchema },
  async (input, { actor, db }) => {
    const rule = await setRoutingRuleActive(db, { actor, ...input });
    revalidateRules();
    return { id: rule.id, isActive: rule.isActive };
  },
);
