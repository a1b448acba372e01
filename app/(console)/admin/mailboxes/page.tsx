import type { Metadata } from "next";
import Link from "next/link";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { getDb } from "@/db";
import { listMailboxesForAdmin } from "@/lib/admin/mailboxes";
import { requirePagePermission } from "@/lib/auth/session";
import { priorityLabels } from "@/lib/tickets/labels";
import { PollingStatus } from "./polling-status";

export const metadata: Metadata = { title: "Mailboxes · Admin" };

export default async function MailboxesPage() {
  const actor = await requirePagePermission("admin.access", "/admin/mailboxes");
  const mailboxes = await listMailboxesForAdmin(getDb(), actor);

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Mailboxes">
        The support addresses mail arrives at. Each one sets the defaults of the tickets it opens;
        mail to an address that is not listed goes to the default mailbox.
      </AdminPageHeader>
      <Card>
        <CardHeader className="flex-row items-center justify-between gap-2">
          <CardTitle>Mailboxes ({mailboxes.length})</CardTitle>
          <Button asChild size="sm">
            <Link href="/admin/mailboxes/new">New mailbox</Link>
          </Button>
        </CardHeader>
        <CardContent>
          {mailboxes.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No mailboxes yet: inbound mail opens tickets without defaults. Create the first one.
            </p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Address</TableHead>
                  <TableHead>Ticket defaults</TableHead>
                  <TableHead>Web form</TableHead>
                  <TableHead>Polling</TableHead>
                  <TableHead>Tickets</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {mailboxes.map((mailbox) => (
                  <TableRow key={mailbox.id}>
                    <TableCell className="font-medium">
                      <Link
                        href={`/admin/mailboxes/${mailbox.id}`}
                        className="underline-offset-4 hover:underline"
                      >
                        {mailbox.name}
                      </Link>
                      {mailbox.isDefault ? <Badge className="ml-2">Default</Badge> : null}
                    </TableCell>
                    <TableCell>{mailbox.address}</TableCell>
                    <TableCell className="text-sm text-muted-foreground">
                      {[
                        mailbox.defaultTeam ? `Team ${mailbox.defaultTeam}` : "No team",
                        mailbox.defaultCategory ?? "No category",
                        priorityLabels[mailbox.defaultPriority],
                      ].join(" · ")}
                    </TableCell>
                    <TableCell className="text-sm">
                      {mailbox.webFormEnabled ? (
                        <span className="font-mono text-xs">/support/{mailbox.slug}</span>
                      ) : (
                        <span className="text-muted-foreground">Off</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <PollingStatus status={mailbox.polling} />
                    </TableCell>
                    <TableCell>{mailbox.tickets}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
