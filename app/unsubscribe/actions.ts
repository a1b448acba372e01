"use server";

/**
 * The unsubscribe button. Public: the signed token in the form is the authority (it names one ticket
 * and one address), validated by zod and verified by lib/mail/unsubscribe.ts.
 */
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { isDomainError } from "@/lib/errors";
import { getMailSettings } from "@/lib/mail/settings";
import { unsubscribeByToken, unsubscribeTokenSchema } from "@/lib/mail/unsubscribe";

const formSchema = z.object({ token: unsubscribeTokenSchema });

export async function unsubscribeAction(formData: FormData): Promise<void> {
  const parsed = formSchema.safeParse({ token: formData.get("token") });
  const token = parsed.success ? parsed.data.token : "";
  const key = getMailSettings().portal?.linkKey;
  let outcome = "done";
  try {
    if (!parsed.success || !key) throw new Error("invalid");
    await unsubscribeByToken(getDb(), { key, token });
  } catch (error) {
    if (!isDomainError(error) && !(error instanceof Error && error.message === "invalid")) {
      console.error("[unsubscribe] failed", error);
    }
    outcome = "failed";
  }
  redirect(`/unsubscribe?token=${encodeURIComponent(token)}&${outcome}=1`);
}
