import type { Metadata } from "next";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listAssignableUsers } from "@/lib/admin/lookups";
import { listTeamsForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { TeamCard } from "./team-card";
import { TeamForm } from "./team-form";

export const metadata: Metadata = { title: "Teams · Admin" };

export default async function TeamsPage() {
  const actor = await requirePagePermission("admin.access", "/admin/teams");
  const db = getDb();
  const [teams, people] = await Promise.all([
    listTeamsForAdmin(db, actor),
    listAssignableUsers(db),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Teams">
        Tickets are routed to a team and worked by its members. Deleting a team leaves its tickets
        without a team; nothing else is lost.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>New team</CardTitle>
        </CardHeader>
        <CardContent>
          <TeamForm />
        </CardContent>
      </Card>
      {teams.length === 0 ? (
        <p className="text-sm text-muted-foreground">No teams yet. Create the first one above.</p>
      ) : (
        teams.map((team) => <TeamCard key={team.id} team={team} people={people} />)
      )}
    </div>
  );
}
