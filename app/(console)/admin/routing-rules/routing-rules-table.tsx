"use client";

import { Trash2 } from "lucide-react";
import { AdminTable } from "@/components/admin/admin-table-card";
import { useDragReorder, type DragRowProps } from "@/components/admin/drag-reorder";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { EditDialog } from "@/components/admin/edit-dialog";
import { OrderedActiveRow } from "@/components/admin/ordered-active-row";
import { Alert } from "@/components/ui/alert";
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
  const { ordered, dragProps, failure } = useDragReorder(rules, ({ id, toIndex }) =>
    placeRoutingRuleAction({ ruleId: id, toIndex }),
  );
  return (
    <div className="flex flex-col gap-3">
      {failure ? <Alert>{failure.error}</Alert> : null}
      <AdminTable columns={columns}>
        {ordered.map((rule, index) => (
          <RuleRow
            key={rule.id}
            rule={rule}
            options={options}
            isFirst={index === 0}
            isLast={index === ordered.length - 1}
            drag={dragProps(rule.id)}
          />
        ))}
      </AdminTable>
    </div>
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
  drag,
}: {
  rule: AdminRoutingRule;
  options: RoutingRuleOptions;
  isFirst: boolean;
  isLast: boolean;
  drag: DragRowProps;
}) {
  const name = `“${rule.subjectText}”`;
  return (
    <OrderedActiveRow
      name={`the rule ${name}`}
      isActive={rule.isActive}
      isFirst={isFirst}
      isLast={isLast}
      colSpan={columns.length + 1}
      drag={drag}
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
