"use server";

import { revalidatePath } from "next/cache";
import {
  createCategory,
  createCategorySchema,
  moveCategory,
  moveCategorySchema,
  placeCategory,
  placeCategorySchema,
  renameCategory,
  renameCategorySchema,
  setCategoryActive,
  setCategoryActiveSchema,
} from "@/lib/admin/categories";
import { action } from "@/lib/safe-action";

function revalidateCategories() {
  revalidatePath("/admin/categories");
  revalidatePath("/admin");
}

export const createCategoryAction = action(
  { permission: "admin.access", schema: createCategorySchema },
  async (input, { actor, db }) => {
    const category = await createCategory(db, { actor, ...input });
    revalidateCategories();
    return { id: category.id, name: category.name, slug: category.slug };
  },
);

export const renameCategoryAction = action(
  { permission: "admin.access", schema: renameCategorySchema },
  async (input, { actor, db }) => {
    const category = await renameCategory(db, { actor, ...input });
    revalidateCategories();
    return { id: category.id, name: category.name };
  },
);

export const moveCategoryAction = action(
  { permission: "admin.access", schema: moveCategorySchema },
  async (input, { actor, db }) => {
    await moveCategory(db, { actor, ...input });
    revalidateCategories();
    return null;
  },
);

export const placeCategoryAction = action(
  { permission: "admin.access", schema: placeCategorySchema },
  async (input, { actor, db }) => {
    await placeCategory(db, { actor, ...input });
    revalidateCategories();
    return null;
  },
);

export const setCategoryActiveAction = action(
  { permission: "admin.access", schema: setCategoryActiveSchema },
  async (input, { actor, db }) => {
    const category = await setCategoryActive(db, { actor, ...input });
    revalidateCategories();
    return { id: category.id, isActive: category.isActive };
  },
);
