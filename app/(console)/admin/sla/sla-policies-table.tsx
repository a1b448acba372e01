"use client";

import { OrderedAdminTable } from "@/components/admin/ordered-admin-table";
import { EditDialog } from "@/components/admin/edit-dialog";
import { OrderedActiveRow } from "@/components/admin/ordered-active-row";
import { TableCell } from "@/components/ui/table";
import { ticketPriorities } from "@/db/schema/enum-values";
import type { AdminSlaPolicy } from "@/lib/admin/sla-policies";
import { formatDuration } from "@/lib/sla/policy-input";
import { priorityLabels } from "@/lib/tickets/labels";
import { moveSlaPolicyAction, placeSlaPolicyAction, setSlaPolicyActiveAction } from "./actions";
import { SlaPolicyForm, type SlaFormOptions } from "./sla-policy-form";

const columns = ["Order", "Name", "Targets", "Calendar", "Tickets", "Status"] as const;

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
    <OrderedAdminTable
      columns={columns}
      items={policies}
      place={(policyId, toIndex) => placeSlaPolicyAction({ policyId, toIndex })}
    >
      {(policy, row) => (
        <OrderedActiveRow
          key={policy.id}
          name={policy.name}
          isActive={policy.isActive}
          {...row}
          colSpan={columns.length + 1}
          move={(direction) => moveSlaPolicyAction({ policyId: policy.id, direction })}
          setActive={(isActive) => setSlaPolicyActiveAction({ policyId: policy.id, isActive })}
          actions={
            <EditDialog
              triggerLabel={`Edit ${policy.name}`}
              title="Edit SLA policy"
              description="Open tickets are recomputed with the new rules from their original start."
              className="max-h-[90vh] overflow-y-auto sm:max-w-3xl"
            >
              {(close) => <SlaPolicyForm policy={policy} options={options} onSaved={close} />}
            </EditDialog>
          }
        >
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
        </OrderedActiveRow>
      )}
    </OrderedAdminTable>
  );
}
