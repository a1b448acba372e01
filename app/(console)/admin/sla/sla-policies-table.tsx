"use client";

import { MoveButtons } from "@/components/admin/move-buttons";
import { Pencil } from "lucide-react";
import { Fragment, useState } from "react";
import { useAdminAction } from "@/components/admin/action-form";
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
import { ticketPriorities } from "@/db/schema/enum-values";
import type { AdminSlaPolicy } from "@/lib/admin/sla-policies";
import { formatDuration } from "@/lib/sla/policy-input";
import { priorityLabels } from "@/lib/tickets/labels";
import { moveSlaPolicyAction, setSlaPolicyActiveAction } from "./actions";
import { SlaPolicyForm, type SlaFormOptions } from "./sla-policy-form";

function describeTargets(policy: AdminSlaPolicy): string {
  const parts = ticketPriorities.flatMap((priority) => {
    const t = policy.targets[priority];
    if (!t) return [];
    const bits = [
      t.firstResponseMinutes ? `first ${formatDuration(t.firstResponseMinutes)}` : null,
      t.nextResponseMinutes ? `next ${formatDuration(t.nextResponseMinutes)}` : null,
      t.resolutionMinutes ? `resolve ${formatDuration(t.resolutionMinutes)}` : null,
    ].filter(Boolean);
    return bits.length > 0 ? [`${priorityLabels[priority]}: ${bits.join(", ")}`] : [];
  });
  return parts.join(" · ") || "—";
}

/** "On breach: raise priority, hand to Tier 2", or null without escalation. */
function describeEscalation(policy: AdminSlaPolicy, options: SlaFormOptions): string | null {
  const team = options.teams.find((t) => t.id === policy.escalation.teamId);
  const parts = [
    policy.escalation.raisePriority ? "raise priority" : null,
    team ? `hand to ${team.name}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? `On breach: ${parts.join(", ")}` : null;
}

function describeCalendar(policy: AdminSlaPolicy): string {
  return policy.calendar.kind === "calendar"
    ? "Calendar hours"
    : `Business hours, ${policy.calendar.timeZone}`;
}

export function SlaPoliciesTable({
  policies,
  options,
}: {
  policies: AdminSlaPolicy[];
  options: SlaFormOptions;
}) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Order</TableHead>
          <TableHead>Name</TableHead>
          <TableHead>Targets</TableHead>
          <TableHead>Calendar</TableHead>
          <TableHead>Tickets</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {policies.map((policy, index) => (
          <PolicyRow
            key={policy.id}
            policy={policy}
            options={options}
            isFirst={index === 0}
            isLast={index === policies.length - 1}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function PolicyRow({
  policy,
  options,
  isFirst,
  isLast,
}: {
  policy: AdminSlaPolicy;
  options: SlaFormOptions;
  isFirst: boolean;
  isLast: boolean;
}) {
  const move = useAdminAction(moveSlaPolicyAction);
  const toggle = useAdminAction(setSlaPolicyActiveAction);
  const [editing, setEditing] = useState(false);
  const failure = move.failure ?? toggle.failure;

  return (
    <Fragment>
      <TableRow className={policy.isActive ? undefined : "text-muted-foreground"}>
        <TableCell>
          <MoveButtons
            name={policy.name}
            isFirst={isFirst}
            isLast={isLast}
            disabled={move.isPending}
            onMove={(direction) => move.run({ policyId: policy.id, direction })}
          />
        </TableCell>
        <TableCell className="font-medium">{policy.name}</TableCell>
        <TableCell className="max-w-sm text-xs">
          {describeTargets(policy)}
          {describeEscalation(policy, options) ? (
            <span className="mt-1 block text-muted-foreground">
              {describeEscalation(policy, options)}
            </span>
          ) : null}
        </TableCell>
        <TableCell className="text-xs">{describeCalendar(policy)}</TableCell>
        <TableCell>{policy.tickets}</TableCell>
        <TableCell>
          {policy.isActive ? (
            <Badge>Active</Badge>
          ) : (
            <Badge className="text-muted-foreground">Inactive</Badge>
          )}
        </TableCell>
        <TableCell>
          <div className="flex justify-end gap-2">
            <Dialog open={editing} onOpenChange={setEditing}>
              <DialogTrigger asChild>
                <Button
                  type="button"
                  size="sm"
                  variant="outline"
                  aria-label={`Edit ${policy.name}`}
                >
                  <Pencil className="size-4" aria-hidden /> Edit
                </Button>
              </DialogTrigger>
              <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-3xl">
                <DialogHeader>
                  <DialogTitle>Edit SLA policy</DialogTitle>
                  <DialogDescription>
                    Open tickets are recomputed with the new rules from their original start.
                  </DialogDescription>
                </DialogHeader>
                <SlaPolicyForm
                  policy={policy}
                  options={options}
                  onSaved={() => setEditing(false)}
                />
              </DialogContent>
            </Dialog>
            <Button
              type="button"
              size="sm"
              variant="outline"
              aria-label={`${policy.isActive ? "Deactivate" : "Activate"} ${policy.name}`}
              disabled={toggle.isPending}
              onClick={() => toggle.run({ policyId: policy.id, isActive: !policy.isActive })}
            >
              {policy.isActive ? "Deactivate" : "Activate"}
            </Button>
          </div>
        </TableCell>
      </TableRow>
      {failure ? (
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={7}>
            <Alert>{failure.error}</Alert>
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}
