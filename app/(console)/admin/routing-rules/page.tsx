import type { Metadata } from "next";
import { AdminTableCard } from "@/components/admin/admin-table-card";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listActiveCategories, listTeams } from "@/lib/admin/lookups";
import { listRoutingRulesForAdmin } from "@/lib/admin/routing-rules";
import { listMailboxOptions } from "@/lib/admin/sla-policies";
import { requirePagePermission } from "@/lib/auth/session";
import { RoutingRuleForm } from "./routing-rule-form";
import { RoutingRulesTable } from "./routing-rules-table";

export const metadata: Metadata = { title: "Routing rules · Admin" };

export default async function RoutingRulesPage() {
  const actor = await requirePagePermission("admin.access", "/admin/routing-rules");
  const db = getDb();
  const [rules, teams, categories, mailboxes] = await Promise.all([
    listRoutingRulesForAdmin(db, actor),
    listTeams(db),
    listActiveCategories(db),
    listMailboxOptions(db),
  ]);
  const options = { teams, categories, mailboxes };

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Routing rules">
        New tickets from email and the web form get the first active rule, in the order shown, whose
        text the subject contains, is or starts with (upper and lower case alike); drag a rule by
        its grip to change the order. A rule sets a team, a category and/or a priority; the
        mailbox&apos;s defaults fill in the rest. Tickets already open are not changed.
      </AdminPageHeader>
      <AdminTableCard
        title={`Rules (${rules.length})`}
        empty={
          rules.length === 0 &&
          "No rules yet: new tickets get their mailbox's defaults. Add the first rule below."
        }
      >
        <RoutingRulesTable rules={rules} options={options} />
      </AdminTableCard>
      <Card>
        <CardHeader>
          <CardTitle>New rule</CardTitle>
        </CardHeader>
        <CardContent>
          <RoutingRuleForm options={options} />
        </CardContent>
      </Card>
    </div>
  );
}
