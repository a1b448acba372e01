import type { Metadata } from "next";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listPeopleForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { CreateUserForm } from "./create-user-form";
import { PeopleTable } from "./people-table";

export const metadata: Metadata = { title: "People · Admin" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function PeoplePage() {
  const actor = await requirePagePermission("admin.access", "/admin/people");
  const people = (await listPeopleForAdmin(getDb(), actor)).map((person) => ({
    ...person,
    lastSignInLabel: person.lastSignInAt ? dateFormat.format(person.lastSignInAt) : "Never",
  }));
  const activeAdmins = people.filter((p) => p.isActive && p.role === "admin").length;

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="People">
        Agents work tickets; admins also manage these settings. Deactivated people cannot sign in
        and are not offered as assignees; their past work stays on the tickets.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>Add a person</CardTitle>
        </CardHeader>
        <CardContent>
          <CreateUserForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Everyone ({people.length})</CardTitle>
        </CardHeader>
        <CardContent>
          <PeopleTable people={people} currentUserId={actor.id} activeAdmins={activeAdmins} />
        </CardContent>
      </Card>
    </div>
  );
}
