"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/safe-action";
import { settingSchemas, updateSetting } from "@/lib/settings";

export const saveWorkspaceSettingsAction = action(
  {
    permission: "admin.access",
    schema: z.object({
      composerDefaultKind: settingSchemas["composer.defaultKind"],
      allowedTypes: z
        .array(z.string().trim().min(1))
        .min(1, { error: "Allow at least one type, or uploads are impossible." }),
      deletedRetentionDays: z
        .number({ error: "Enter a number of days." })
        .int({ error: "Enter a whole number of days." })
        .min(1, { error: "Keep deleted tickets at least 1 day." })
        .max(3650, { error: "Keep deleted tickets at most 3,650 days (ten years)." }),
    }),
  },
  async (input, { actor, db }) => {
    // All or nothing: a refused value leaves every setting as it was.
    await db.transaction(async (tx) => {
      await updateSetting(tx, {
        actor,
        key: "composer.defaultKind",
        value: input.composerDefaultKind,
      });
      await updateSetting(tx, {
        actor,
        key: "attachments.allowedTypes",
        value: input.allowedTypes,
      });
      await updateSetting(tx, {
        actor,
        key: "tickets.deletedRetentionDays",
        value: input.deletedRetentionDays,
      });
    });
    revalidatePath("/admin/settings");
    return null;
  },
);
