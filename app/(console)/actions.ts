"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { signOut } from "@/auth";
import {
  countUnreadNotifications,
  listNotifications,
  markNotificationsRead,
} from "@/lib/notifications/notifications";
import { action } from "@/lib/safe-action";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

export const listMyNotificationsAction = action(
  {
    permission: "console.access",
    schema: z.object({ limit: z.number().int().min(1).max(100).default(20) }),
  },
  async ({ limit }, { actor, db }) => {
    const [items, unread] = await Promise.all([
      listNotifications(db, { actor, limit }),
      countUnreadNotifications(db, actor),
    ]);
    return {
      unread,
      items: items.map((n) => ({
        ...n,
        readAt: n.readAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
      })),
    };
  },
);

export const markNotificationsReadAction = action(
  {
    permission: "console.access",
    schema: z.object({ ids: z.array(z.number().int().positive()).max(100).optional() }),
  },
  async ({ ids }, { actor, db }) => {
    const marked = await markNotificationsRead(db, { actor, ids });
    revalidatePath("/", "layout");
    return { marked };
  },
);
