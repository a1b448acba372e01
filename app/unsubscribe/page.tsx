/**
 * Where `#Unsubscribe#` links land: says which ticket and address the link is about and asks for
 * one click before removing the address from the ticket's subscribers (mail scanners open links;
 * they do not press buttons). Public, like the portal's link page; the signed token is the key.
 */
import type { Metadata } from "next";
import { PortalShell } from "@/components/portal/portal-shell";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { isDomainError } from "@/lib/errors";
import { getMailSettings } from "@/lib/mail/settings";
import { describeUnsubscribe, type UnsubscribeTarget } from "@/lib/mail/unsubscribe";
import { getPortalBranding } from "@/lib/portal/branding";
import { unsubscribeAction } from "./actions";

export const metadata: Metadata = {
  title: "Unsubscribe",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[]; done?: string; failed?: string }>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const db = getDb();
  const key = getMailSettings().portal?.linkKey;
  let target: UnsubscribeTarget | null = null;
  let problem: string | null = null;
  try {
    if (!key) throw new Error("no portal key");
    target = await describeUnsubscribe(db, { key, token });
  } catch (error) {
    problem = isDomainError(error) ? error.message : "This unsubscribe link is not valid.";
  }
  const branding = await getPortalBranding(db, null);

  return (
    <PortalShell branding={branding}>
      <Card>
        <CardHeader>
          <CardTitle>Unsubscribe</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4 text-sm">
          {problem ? <Alert tone="error">{problem}</Alert> : null}
          {params.failed ? (
            <Alert tone="error">That did not work. Try the link again in a moment.</Alert>
          ) : null}
          {target && !target.isSubscribed ? (
            <p role="status">
              <strong>{target.email}</strong> no longer receives updates about {target.ticketRef} (
              {target.subject}).
            </p>
          ) : null}
          {target && target.isSubscribed ? (
            <form action={unsubscribeAction} className="flex flex-col gap-3">
              <p>
                Stop sending updates about <strong>{target.ticketRef}</strong> ({target.subject}) to{" "}
                <strong>{target.email}</strong>?
              </p>
              <input type="hidden" name="token" value={token} />
              <div>
                <Button type="submit">Unsubscribe</Button>
              </div>
            </form>
          ) : null}
        </CardContent>
      </Card>
    </PortalShell>
  );
}
