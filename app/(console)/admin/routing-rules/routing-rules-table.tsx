"use client";

import { Trash2 } from "lucide-react";
import { OrderedAdminTable, type OrderedRow } from "@/components/admin/ordered-admin-table";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { EditDialog } from "@/components/admin/edit-dialog";
import { OrderedActiveRow } from "@/components/admin/ordered-active-row";
import { TableCell } from "@/components/ui/table";
import type { AdminRoutingRule } from "@/lib/admin/routing-rules";
import { priorityLabels, routingMatchLabels } from "@/lib/tickets/labels";
import {
  deleteRoutingRuleAction,
  moveRoutingRuleAction,
  placeRoutingRuleAction,
  setRoutingRuleActiveAction,
} from "./actions";
import { RoutingRuleForm, type RoutingRuleOptions } from "./routing-rule-form";

const columns = ["Order", "When the subject", "Text", "Mailbox", "Sets", "Status"] as const;

export function RoutingRulesTable({
  rules,
  options,
}: {
  rules: AdminRoutingRule[];
  options: RoutingRuleOptions;
}) {
  return (
    <OrderedAdminTable
      columns={columns}
      items={rules}
      place={(ruleId, toIndex) => placeRoutingRuleAction({ ruleId, toIndex })}
    >
      {(rule, row) => <RuleRow key={rule.id} rule={rule} options={options} row={row} />}
    </OrderedAdminTable>
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
  row,
}: {
  rule: AdminRoutingRule;
  options: RoutingRuleOptions;
  row: OrderedRow;
}) {
  const name = `“${rule.subjectText}”`;
  return (
    <OrderedActiveRow
      name={`the rule ${name}`}
      isActive={rule.isActive}
      {...row}
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
          description={`New tickets whose subject ${routingMatchLabels[rule.subjectMatch]} ${name} will no longer be routed by it. Tickets it already routed keep their team, category and priority.`}
          confirmLabel="Delete rule"
          pendingLabel="Deleting…"
          perform={() => deleteRoutingRuleAction({ ruleId: rule.id })}
        />
      }
    >
      <TableCell className="text-muted-foreground">
        {routingMatchLabels[rule.subjectMatch]}
      </TableCell>
      <TableCell className="font-medium">{rule.subjectText}</TableCell>
      <TableCell>{rule.mailbox ?? "Any"}</TableCell>
      <TableCell className="text-sm">{describeSets(rule)}</TableCell>
    </OrderedActiveRow>
  );
}
