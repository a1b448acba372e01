"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/safe-action";
import { createUserSchema } from "@/lib/users/create-user";
import {
  changeUserRole,
  changeUserRoleSchema,
  createUserAsAdmin,
  deactivateUser,
  reactivateUser,
  setUserActiveSchema,
} from "@/lib/users/manage-users";
import { setUserCategories, setUserCategoriesSchema } from "@/lib/users/user-categories";

function revalidatePeople() {
  revalidatePath("/admin/people");
  revalidatePath("/admin");
}

export const createUserAction = action(
  { permission: "admin.access", schema: createUserSchema },
  async (input, { actor, db }) => {
    const user = await createUserAsAdmin(db, { actor, ...input });
    revalidatePeople();
    return { id: user.id, name: user.name };
  },
);

export const changeUserRoleAction = action(
  { permission: "admin.access", schema: changeUserRoleSchema },
  async (input, { actor, db }) => {
    const user = await changeUserRole(db, { actor, ...input });
    revalidatePeople();
    return { id: user.id, role: user.role };
  },
);

export const deactivateUserAction = action(
  { permission: "admin.access", schema: setUserActiveSchema },
  async (input, { actor, db }) => {
    await deactivateUser(db, { actor, ...input });
    revalidatePeople();
    return null;
  },
);

export const reactivateUserAction = action(
  { permission: "admin.access", schema: setUserActiveSchema },
  async (input, { actor, db }) => {
    await reactivateUser(db, { actor, ...input });
    revalidatePeople();
    return null;
  },
);

export const setUserCategoriesAction = action(
  { permission: "admin.access", schema: setUserCategoriesSchema },
  async (input, { actor, db }) => {
    const categoryIds = await setUserCategories(db, { actor, ...input });
    revalidatePeople();
    return { categoryIds };
  },
);
