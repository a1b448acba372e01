"use client";

import { Trash2 } from "lucide-react";
import { AdminTable } from "@/components/admin/admin-table-card";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { EditDialog } from "@/components/admin/edit-dialog";
import { OrderedActiveRow } from "@/components/admin/ordered-active-row";
import { TableCell } from "@/components/ui/table";
import type { AdminRoutingRule } from "@/lib/admin/routing-rules";
import { priorityLabels } from "@/lib/tickets/labels";
import {
  deleteRoutingRuleAction,
  moveRoutingRuleAction,
  setRoutingRuleActiveAction,
} from "./actions";
import { RoutingRuleForm, type RoutingRuleOptions } from "./routing-rule-form";

const columns = ["Order", "Subject contains", "Mailbox", "Sets", "Status"] as const;

export function RoutingRulesTable({
  rules,
  options,
}: {
  rules: AdminRoutingRule[];
  options: RoutingRuleOptions;
}) {
  return (
    <AdminTable columns={columns}>
      {rules.map((rule, index) => (
        <RuleRow
          key={rule.id}
          rule={rule}
          options={options}
          isFirst={index === 0}
          isLast={index === rules.length - 1}
        />
      ))}
    </AdminTable>
  );
}

function describeSets(rule: AdminRoutingRule): string {
  const parts = [
    rule.team ? `Team ${rule.team}` : null,
    rule.category
      ? `Category ${rule.category}${rule.categoryActive === false ? " (inactive, skipped)" : ""}`
      : null,
    rule.priority ? `Priority ${priorityLabels[rule.priority]}` : null,
  ].filter(Boolean);
  return parts.join(" · ");
}

function RuleRow({
  rule,
  options,
  isFirst,
  isLast,
}: {
  rule: AdminRoutingRule;
  options: RoutingRuleOptions;
  isFirst: boolean;
  isLast: boolean;
}) {
  const name = `“${rule.subjectContains}”`;
  return (
    <OrderedActiveRow
      name={`the rule ${name}`}
      isActive={rule.isActive}
      isFirst={isFirst}
      isLast={isLast}
      colSpan={columns.length + 1}
      move={(direction) => moveRoutingRuleAction({ ruleId: rule.id, direction })}
      setActive={(isActive) => setRoutingRuleActiveAction({ ruleId: rule.id, isActive })}
      actions={
        <EditDialog
          triggerLabel={`Edit the rule ${name}`}
          title="Edit routing rule"
          description="Changes apply to tickets created from now on."
          className="sm:max-w-2xl"
        >
          {(close) => <RoutingRuleForm rule={rule} options={options} onSaved={close} />}
        </EditDialog>
      }
      trailingActions={
        <ConfirmAction
          trigger={<Trash2 className="size-4" aria-hidden />}
          triggerLabel={`Delete the rule ${name}`}
          title="Delete this rule?"
          description={`New tickets whose subject contains ${name} will no longer be routed by it. Tickets it already routed keep their team, category and priority.`}
          confirmLabel="Delete rule"
          pendingLabel="Deleting…"
          perform={() => deleteRoutingRuleAction({ ruleId: rule.id })}
        />
      }
    >
      <TableCell className="font-medium">{rule.subjectContains}</TableCell>
      <TableCell>{rule.mailbox ?? "Any"}</TableCell>
      <TableCell className="text-sm">{describeSets(rule)}</TableCell>
    </OrderedActiveRow>
  );
}
