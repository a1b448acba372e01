/**
 * Where the Good / OK / Bad links of the "ticket closed" email land (`/rate?token=…`). The signed
 * token names the ticket, its requester and the score, so opening the link records the rating (a
 * second click, or another of the three links, replaces it) and the page thanks the customer and
 * offers a comment box that posts the same token. A tampered or expired link records nothing and
 * says so. Public, like /unsubscribe: no session is needed.
 */
import type { Metadata } from "next";
import { PortalShell } from "@/components/portal/portal-shell";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { getDb } from "@/db";
import { rateByToken, type RecordedRating } from "@/lib/csat/ratings";
import { isDomainError } from "@/lib/errors";
import { getMailSettings } from "@/lib/mail/settings";
import { getPortalBranding } from "@/lib/portal/branding";
import { rateCommentAction } from "./actions";

export const metadata: Metadata = {
  title: "Rate our support",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export const dynamic = "force-dynamic";

export default async function RatePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[]; commented?: string; error?: string }>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const db = getDb();
  const key = getMailSettings().portal?.linkKey;
  let rating: RecordedRating | null = null;
  let problem: string | null = null;
  try {
    if (!key) throw new Error("AUTH_SECRET is not configured");
    rating = await rateByToken(db, { key, token });
  } catch (error) {
    if (!isDomainError(error)) console.error("[rate] rating failed", error);
    problem = isDomainError(error) ? error.message : "This rating link is not valid.";
  }
  const branding = await getPortalBranding(db, null);
  const formError = typeof params.error === "string" ? params.error.slice(0, 300) : null;

  return (
    <PortalShell branding={branding}>
      <Card>
        <CardHeader>
          <CardTitle>{rating ? "Thank you for your rating" : "Rate our support"}</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4 text-sm">
          {problem ? <Alert tone="error">{problem}</Alert> : null}
          {rating ? (
            <p role="status">
              You rated <strong>{rating.ticketRef}</strong> ({rating.subject}):{" "}
              <strong>{rating.label}</strong>.
            </p>
          ) : null}
          {rating && params.commented ? (
            <Alert tone="info">Thanks, we saved your comment.</Alert>
          ) : null}
          {rating && formError ? <Alert tone="error">{formError}</Alert> : null}
          {rating ? (
            <form action={rateCommentAction} className="flex flex-col gap-3">
              <input type="hidden" name="token" value={token} />
              <Label htmlFor="rating-comment">Anything you would like to add?</Label>
              <Textarea
                id="rating-comment"
                name="comment"
                rows={4}
                maxLength={5000}
                required
                defaultValue={rating.comment}
              />
              <div>
                <Button type="submit">{rating.comment ? "Update comment" : "Send comment"}</Button>
              </div>
            </form>
          ) : null}
        </CardContent>
      </Card>
    </PortalShell>
  );
}
