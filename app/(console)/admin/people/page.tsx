import type { Metadata } from "next";
import { AdminTableCard } from "@/components/admin/admin-table-card";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listActiveCategories } from "@/lib/admin/lookups";
import { listPeopleForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { listUserCategoryIds } from "@/lib/users/user-categories";
import { CreateUserForm } from "./create-user-form";
import { PeopleTable } from "./people-table";

export const metadata: Metadata = { title: "People · Admin" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function PeoplePage() {
  const actor = await requirePagePermission("admin.access", "/admin/people");
  const db = getDb();
  const [found, followed, categories] = await Promise.all([
    listPeopleForAdmin(db, actor),
    listUserCategoryIds(db, actor),
    listActiveCategories(db),
  ]);
  const people = found.map((person) => ({
    ...person,
    lastSignInLabel: person.lastSignInAt ? dateFormat.format(person.lastSignInAt) : "Never",
    categoryIds: followed.get(person.id) ?? [],
  }));
  const activeAdmins = people.filter((p) => p.isActive && p.role === "admin").length;

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="People">
        Agents work tickets; admins also manage these settings. Deactivated people cannot sign in
        and are not offered as assignees; their past work stays on the tickets. Someone who follows
        a category hears of new tickets in it and of tickets moved into it, like their team&apos;s.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>Add a person</CardTitle>
        </CardHeader>
        <CardContent>
          <CreateUserForm />
        </CardContent>
      </Card>
      <AdminTableCard title={`Everyone (${people.length})`}>
        <PeopleTable
          people={people}
          categories={categories}
          currentUserId={actor.id}
          activeAdmins={activeAdmins}
        />
      </AdminTableCard>
    </div>
  );
}
