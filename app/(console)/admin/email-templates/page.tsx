import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { emailEvents } from "@/lib/mail/templates/events";
import { listEmailTemplates } from "@/lib/mail/templates/store";

export const metadata: Metadata = { title: "Email templates" };

export default async function EmailTemplatesPage() {
  const actor = await requirePagePermission("admin.access", "/admin/email-templates");
  const templates = await listEmailTemplates(getDb(), actor);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Email templates</h1>
      <p className="text-sm text-muted-foreground">
        The subject and body of every email the helpdesk sends, with #masks# filled in per ticket
        and recipient. Empty the subject or body to stop sending that email.
      </p>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead>Goes to</TableHead>
            <TableHead>Subject</TableHead>
            <TableHead>State</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {templates.map((template) => {
            const definition = emailEvents[template.event];
            const isOff = !template.subject.trim() || !template.body.trim();
            return (
              <TableRow key={template.event}>
                <TableCell>
                  <Link
                    href={`/admin/email-templates/${template.event}`}
                    className="font-medium text-primary underline-offset-4 hover:underline"
                  >
                    {definition.label}
                  </Link>
                  <p className="text-xs text-muted-foreground">{definition.description}</p>
                </TableCell>
                <TableCell>{definition.audience === "agent" ? "Agents" : "Requesters"}</TableCell>
                <TableCell className="font-mono text-xs break-all">{template.subject}</TableCell>
                <TableCell>
                  {isOff ? (
                    <Badge className="text-muted-foreground">Not sent</Badge>
                  ) : template.isDefault ? (
                    <Badge className="text-muted-foreground">Default</Badge>
                  ) : (
                    <Badge>Customised</Badge>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
