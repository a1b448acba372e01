"use server";

/** Server actions of the inbox page: column preference and personal saved views. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/safe-action";
import {
  createSavedView,
  createSavedViewSchema,
  deleteSavedView,
  deleteSavedViewSchema,
  renameSavedView,
  renameSavedViewSchema,
  reorderSavedViews,
  reorderSavedViewsSchema,
} from "@/lib/tickets/saved-views";
import { updateUserPreferences, userPreferencesSchema } from "@/lib/users/preferences";

export const saveInboxColumnsAction = action(
  {
    permission: "console.access",
    schema: z.object({ inboxColumns: userPreferencesSchema.shape.inboxColumns.unwrap() }),
  },
  async ({ inboxColumns }, { actor, db }) => {
    const saved = await updateUserPreferences(db, { actor, patch: { inboxColumns } });
    return { inboxColumns: saved.inboxColumns ?? [] };
  },
);

export const createSavedViewAction = action(
  { permission: "tickets.view", schema: createSavedViewSchema },
  async (input, { actor, db }) => {
    const view = await createSavedView(db, { actor, ...input });
    revalidatePath("/tickets");
    return { id: view.id, name: view.name };
  },
);

export const renameSavedViewAction = action(
  { permission: "tickets.view", schema: renameSavedViewSchema },
  async (input, { actor, db }) => {
    const view = await renameSavedView(db, { actor, ...input });
    revalidatePath("/tickets");
    return { id: view.id, name: view.name };
  },
);

export const deleteSavedViewAction = action(
  { permission: "tickets.view", schema: deleteSavedViewSchema },
  async (input, { actor, db }) => {
    await deleteSavedView(db, { actor, ...input });
    revalidatePath("/tickets");
    return null;
  },
);

export const reorderSavedViewsAction = action(
  { permission: "tickets.view", schema: reorderSavedViewsSchema },
  async (input, { actor, db }) => {
    const views = await reorderSavedViews(db, { actor, ...input });
    revalidatePath("/tickets");
    return { ids: views.map((v) => v.id) };
  },
);
