import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { emailEvents, isEmailEventKey, maskReference } from "@/lib/mail/templates/events";
import { getEmailTemplate } from "@/lib/mail/templates/store";
import { TemplateEditor } from "./template-editor";

export const metadata: Metadata = { title: "Edit email template" };

export default async function EditEmailTemplatePage({
  params,
}: {
  params: Promise<{ event: string }>;
}) {
  const { event } = await params;
  await requirePagePermission("admin.access", `/admin/email-templates/${event}`);
  if (!isEmailEventKey(event)) notFound();
  const template = await getEmailTemplate(getDb(), event);
  const definition = emailEvents[event];
  return (
    <div className="flex flex-col gap-4">
      <div>
        <Link
          href="/admin/email-templates"
          className="text-sm text-muted-foreground underline-offset-4 hover:underline"
        >
          ← Email templates
        </Link>
        <h1 className="text-xl font-semibold">{definition.label}</h1>
        <p className="text-sm text-muted-foreground">{definition.description}</p>
      </div>
      <TemplateEditor
        event={event}
        subject={template.subject}
        body={template.body}
        isDefault={template.isDefault}
        masks={maskReference}
      />
    </div>
  );
}
