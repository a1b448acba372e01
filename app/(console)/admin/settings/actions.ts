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
    }),
  },
  async (input, { actor, db }) => {
    await updateSetting(db, {
      actor,
      key: "composer.defaultKind",
      value: input.composerDefaultKind,
    });
    await updateSetting(db, { actor, key: "attachments.allowedTypes", value: input.allowedTypes });
    revalidatePath("/admin/settings");
    return null;
  },
);
