"use client";

import { Pencil, Trash2 } from "lucide-react";
import { Fragment, useState } from "react";
import { useAdminAction } from "@/components/admin/action-form";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { MoveButtons } from "@/components/admin/move-buttons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { AdminRoutingRule } from "@/lib/admin/routing-rules";
import { priorityLabels } from "@/lib/tickets/labels";
import {
  deleteRoutingRuleAction,
  moveRoutingRuleAction,
  setRoutingRuleActiveAction,
} from "./actions";
import { RoutingRuleForm, type RoutingRuleOptions } from "./routing-rule-form";

export function RoutingRulesTable({
  rules,
  options,
}: {
  rules: AdminRoutingRule[];
  options: RoutingRuleOptions;
}) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Order</TableHead>
          <TableHead>Subject contains</TableHead>
          <TableHead>Mailbox</TableHead>
          <TableHead>Sets</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((rule, index) => (
          <RuleRow
            key={rule.id}
            rule={rule}
            options={options}
            isFirst={index === 0}
            isLast={index === rules.length - 1}
          />
        ))}
      </TableBody>
    </Table>
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
  const move = useAdminAction(moveRoutingRuleAction);
  const toggle = useAdminAction(setRoutingRuleActiveAction);
  const failure = move.failure ?? toggle.failure;
  const name = `“${rule.subjectContains}”`;

  return (
    <Fragment>
      <TableRow className={rule.isActive ? undefined : "text-muted-foreground"}>
        <TableCell>
          <MoveButtons
            name={`the rule ${name}`}
            isFirst={isFirst}
            isLast={isLast}
            disabled={move.isPending}
            onMove={(direction) => move.run({ ruleId: rule.id, direction })}
          />
        </TableCell>
        <TableCell className="font-medium">{rule.subjectContains}</TableCell>
        <TableCell>{rule.mailbox ?? "Any"}</TableCell>
        <TableCell className="text-sm">{describeSets(rule)}</TableCell>
        <TableCell>
          {rule.isActive ? (
            <Badge>Active</Badge>
          ) : (
            <Badge className="text-muted-foreground">Inactive</Badge>
          )}
        </TableCell>
        <TableCell>
          <div className="flex justify-end gap-2">
            <EditRuleDialog rule={rule} options={options} />
            <Button
              type="button"
              size="sm"
              variant="outline"
              aria-label={`${rule.isActive ? "Deactivate" : "Activate"} the rule ${name}`}
              disabled={toggle.isPending}
              onClick={() => toggle.run({ ruleId: rule.id, isActive: !rule.isActive })}
            >
              {rule.isActive ? "Deactivate" : "Activate"}
            </Button>
            <ConfirmAction
              trigger={<Trash2 className="size-4" aria-hidden />}
              triggerLabel={`Delete the rule ${name}`}
              title="Delete this rule?"
              description={`New tickets whose subject contains ${name} will no longer be routed by it. Tickets it already routed keep their team, category and priority.`}
              confirmLabel="Delete rule"
              pendingLabel="Deleting…"
              perform={() => deleteRoutingRuleAction({ ruleId: rule.id })}
            />
          </div>
        </TableCell>
      </TableRow>
      {failure ? (
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={6}>
            <Alert>{failure.error}</Alert>
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}

function EditRuleDialog({
  rule,
  options,
}: {
  rule: AdminRoutingRule;
  options: RoutingRuleOptions;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button
          type="button"
          size="sm"
          variant="outline"
          aria-label={`Edit the rule “${rule.subjectContains}”`}
        >
          <Pencil className="size-4" aria-hidden /> Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit routing rule</DialogTitle>
          <DialogDescription>Changes apply to tickets created from now on.</DialogDescription>
        </DialogHeader>
        <RoutingRuleForm rule={rule} options={options} onSaved={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
