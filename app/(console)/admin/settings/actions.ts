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

const wholeNumber = (
  what: string,
  min: number,
  max: number,
  minMessage: string,
  maxMessage: string,
) =>
  z
    .number({ error: `Enter a number of ${what}.` })
    .int({ error: `Enter a whole number of ${what}.` })
    .min(min, { error: minMessage })
    .max(max, { error: maxMessage });

/** The mail safety limits (the "Incoming email" card): the loop stop and the acknowledgement allowance. */
export const saveMailLimitsAction = action(
  {
    permission: "admin.access",
    schema: z.object({
      loopMessagesPerHour: wholeNumber(
        "messages",
        2,
        1000,
        "Allow at least 2 messages an hour, or every reply would be held.",
        "Allow at most 1,000 messages an hour.",
      ),
      acknowledgementsPerDay: wholeNumber(
        "acknowledgements",
        1,
        100,
        "Allow at least 1 acknowledgement a day; to send none, turn acknowledgements off.",
        "Allow at most 100 acknowledgements a day.",
      ),
    }),
  },
  async (input, { actor, db }) => {
    await db.transaction(async (tx) => {
      await updateSetting(tx, {
        actor,
        key: "mail.loopMessagesPerHour",
        value: input.loopMessagesPerHour,
      });
      await updateSetting(tx, {
        actor,
        key: "mail.acknowledgementsPerDay",
        value: input.acknowledgementsPerDay,
      });
    });
    revalidatePath("/admin/settings");
    return null;
  },
);
