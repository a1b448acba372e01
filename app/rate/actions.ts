"use server";

/**
 * The comment form under a one-click rating. Public: the signed rating token in the form is the
 * authority (it names one ticket, its requester and the score); the comment is zod-validated by
 * lib/csat/ratings.ts and the page shows what went wrong.
 */
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { commentByToken, ratingCommentSchema } from "@/lib/csat/ratings";
import { isDomainError } from "@/lib/errors";
import { getMailSettings } from "@/lib/mail/settings";

export async function rateCommentAction(formData: FormData): Promise<void> {
  const token = typeof formData.get("token") === "string" ? String(formData.get("token")) : "";
  const back = `/rate?token=${encodeURIComponent(token)}`;
  const parsed = ratingCommentSchema.safeParse({
    token: formData.get("token"),
    comment: formData.get("comment"),
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Check the comment.";
    redirect(`${back}&error=${encodeURIComponent(message)}`);
  }
  const key = getMailSettings().portal?.linkKey;
  let outcome = "commented=1";
  try {
    if (!key) throw new Error("AUTH_SECRET is not configured");
    await commentByToken(getDb(), { key, token: parsed.data.token, comment: parsed.data.comment });
  } catch (error) {
    if (!isDomainError(error)) console.error("[rate] comment failed", error);
    const message = isDomainError(error)
      ? error.message
      : "That did not work. Try again in a moment.";
    outcome = `error=${encodeURIComponent(message)}`;
  }
  redirect(`${back}&${outcome}`);
}
