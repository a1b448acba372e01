/** The public request form of a mailbox (only while its web form is switched on). */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { WebForm } from "@/components/portal/web-form";
import { Card, CardContent } from "@/components/ui/card";
import { getDb } from "@/db";
import { signFormStamp } from "@/lib/portal/form-stamp";
import { getPortalKeys } from "@/lib/portal/session";
import { getWebForm } from "@/lib/portal/web-form";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Contact support", referrer: "no-referrer" };
// The time stamp is signed per visit.
export const dynamic = "force-dynamic";

export default async function SupportFormPage({ params }: Props) {
  const form = await getWebForm(getDb(), (await params).slug);
  if (!form) notFound();
  return (
    <PortalShell branding={form.branding}>
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">Contact {form.branding.name}</h1>
        <p className="text-sm text-muted-foreground">
          Tell us what you need. We will answer by email, and you can follow your request online.
        </p>
      </div>
      <Card>
        <CardContent>
          <WebForm
            slug={form.slug}
            stamp={signFormStamp(getPortalKeys().formStampKey)}
            categories={form.categories}
          />
        </CardContent>
      </Card>
    </PortalShell>
  );
}
