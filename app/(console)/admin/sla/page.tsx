import type { Metadata } from "next";
import { AdminTableCard } from "@/components/admin/admin-table-card";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listActiveCategories, listTeams } from "@/lib/admin/lookups";
import { listMailboxOptions, listSlaPoliciesForAdmin } from "@/lib/admin/sla-policies";
import { requirePagePermission } from "@/lib/auth/session";
import { SlaPoliciesTable } from "./sla-policies-table";
import { SlaPolicyForm, type SlaFormOptions } from "./sla-policy-form";

export const metadata: Metadata = { title: "SLA policies · Admin" };

function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export default async function SlaPoliciesPage() {
  const actor = await requirePagePermission("admin.access", "/admin/sla");
  const db = getDb();
  const [policies, categories, teams, mailboxes] = await Promise.all([
    listSlaPoliciesForAdmin(db, actor),
    listActiveCategories(db),
    listTeams(db),
    listMailboxOptions(db),
  ]);
  const options: SlaFormOptions = { categories, teams, mailboxes, timeZones: timeZones() };

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="SLA policies">
        Each ticket gets the first active policy, in the order shown, whose conditions it meets. The
        clocks run on the policy&apos;s calendar; Pending and On Hold pause next response and
        resolution. Saving a change recomputes the SLA of every open ticket.
      </AdminPageHeader>
      <AdminTableCard
        title={`Policies (${policies.length})`}
        empty={
          policies.length === 0 &&
          "No policies yet: tickets have no SLA. Create the first one below."
        }
      >
        <SlaPoliciesTable policies={policies} options={options} />
      </AdminTableCard>
      <Card>
        <CardHeader>
          <CardTitle>New policy</CardTitle>
        </CardHeader>
        <CardContent>
          <SlaPolicyForm options={options} />
        </CardContent>
      </Card>
    </div>
  );
}
