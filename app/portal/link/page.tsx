/**
 * Where a requester without a working link lands: a tampered, expired or revoked link, an ended
 * session, or a mail sent with autologin links switched off. Explains which, and offers a new link.
 */
import type { Metadata } from "next";
import { LinkRequestForm } from "@/components/portal/link-request-form";
import { PortalShell } from "@/components/portal/portal-shell";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { getPortalBranding } from "@/lib/portal/branding";

export const metadata: Metadata = { title: "Get a link" };

const reasons: Record<string, string> = {
  expired: "This link has expired. Links work for three days.",
  revoked: "This link is no longer valid: access with earlier links was withdrawn.",
  invalid: "This link is not valid. It may have been cut off or changed.",
  "signed-out": "You are signed out of the support portal.",
};

export default async function PortalLinkPage({
  searchParams,
}: {
  searchParams: Promise<{ reason?: string | string[] }>;
}) {
  const { reason } = await searchParams;
  const explanation = typeof reason === "string" ? reasons[reason] : undefined;
  const branding = await getPortalBranding(getDb(), null);
  return (
    <PortalShell branding={branding}>
      {explanation ? <Alert tone="info">{explanation}</Alert> : null}
      <Card>
        <CardHeader>
          <CardTitle>Get a link to your requests</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <p className="text-sm text-muted-foreground">
            Enter the email address you wrote to us from. We will email you a link that signs you in
            to the support portal for three days.
          </p>
          <LinkRequestForm />
        </CardContent>
      </Card>
    </PortalShell>
  );
}
