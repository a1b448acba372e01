"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/safe-action";
import { notificationSwitchKeys, updateNotificationSettings } from "@/lib/notifications/settings";

const switchesSchema = z
  .object(
    Object.fromEntries(
      Object.keys(notificationSwitchKeys).map((name) => [name, z.boolean()]),
    ) as Record<keyof typeof notificationSwitchKeys, z.ZodBoolean>,
  )
  .strict();

export const saveNotificationSettingsAction = action(
  { permission: "admin.access", schema: switchesSchema },
  async (values, { actor, db }) => {
    const saved = await updateNotificationSettings(db, { actor, values });
    revalidatePath("/admin/notifications");
    return saved;
  },
);
