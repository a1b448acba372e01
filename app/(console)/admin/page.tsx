import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
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
import { getAdminOverview } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Admin" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

function ManageHeader({ title, href, label }: { title: ReactNode; href: string; label: string }) {
  return (
    <CardHeader className="flex-row items-center justify-between gap-2">
      <CardTitle>{title}</CardTitle>
      <Link href={href} className="text-sm text-primary underline-offset-4 hover:underline">
        {label}
      </Link>
    </CardHeader>
  );
}

export default async function AdminPage() {
  const actor = await requirePagePermission("admin.access", "/admin");
  const overview = await getAdminOverview(getDb(), actor);

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">Admin</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="lg:col-span-2">
          <ManageHeader title="People" href="/admin/people" label="Manage people" />
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead>Last sign-in</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.people.map((person) => (
                  <TableRow key={person.id}>
                    <TableCell className="font-medium">{person.name}</TableCell>
                    <TableCell>{person.email}</TableCell>
                    <TableCell className="capitalize">{person.role}</TableCell>
                    <TableCell>
                      {person.isActive ? (
                        <Badge>Active</Badge>
                      ) : (
                        <Badge className="text-muted-foreground">Deactivated</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {person.lastSignInAt ? dateFormat.format(person.lastSignInAt) : "Never"}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <ManageHeader title="Teams" href="/admin/teams" label="Manage teams" />
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Team</TableHead>
                  <TableHead>Members</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.teams.map((team) => (
                  <TableRow key={team.id}>
                    <TableCell className="font-medium">{team.name}</TableCell>
                    <TableCell>{team.members}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="flex-row items-center justify-between gap-2">
            <CardTitle>Mailboxes</CardTitle>
            <div className="flex gap-4">
              <Link
                href="/admin/routing-rules"
                className="text-sm text-primary underline-offset-4 hover:underline"
              >
                Routing rules
              </Link>
              <Link
                href="/admin/mailboxes"
                className="text-sm text-primary underline-offset-4 hover:underline"
              >
                Manage mailboxes
              </Link>
            </div>
          </CardHeader>
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Mailbox</TableHead>
                  <TableHead>Address</TableHead>
                  <TableHead>Default team</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.mailboxes.map((mailbox) => (
                  <TableRow key={mailbox.id}>
                    <TableCell className="font-medium">
                      {mailbox.name}{" "}
                      {mailbox.isDefault ? <Badge className="ml-1">Default</Badge> : null}
                    </TableCell>
                    <TableCell>{mailbox.address}</TableCell>
                    <TableCell>{mailbox.defaultTeam ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <ManageHeader title="Categories" href="/admin/categories" label="Manage categories" />
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Category</TableHead>
                  <TableHead>API value</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead>Tickets</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {overview.categories.map((category) => (
                  <TableRow key={category.id}>
                    <TableCell className="font-medium">{category.name}</TableCell>
                    <TableCell className="font-mono text-xs">{category.slug}</TableCell>
                    <TableCell>
                      {category.isActive ? (
                        <Badge>Active</Badge>
                      ) : (
                        <Badge className="text-muted-foreground">Inactive</Badge>
                      )}
                    </TableCell>
                    <TableCell>{category.tickets}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
