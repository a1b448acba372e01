"use client";

import { Trash2, UserMinus } from "lucide-react";
import { useId, useOptimistic, useRef } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { AdminTable, AdminTableErrorRow } from "@/components/admin/admin-table-card";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { EditDialog } from "@/components/admin/edit-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { TableCell, TableRow } from "@/components/ui/table";
import type { AssignableUser } from "@/lib/admin/lookups";
import type { AdminTeam, AdminTeamMember } from "@/lib/admin/queries";
import {
  addTeamMemberAction,
  deleteTeamAction,
  removeTeamMemberAction,
  setTeamLeadAction,
} from "./actions";
import { TeamForm } from "./team-form";

const memberColumns = ["Member", "Email", "Lead"] as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function TeamCard({ team, people }: { team: AdminTeam; people: AssignableUser[] }) {
  const memberIds = new Set(team.members.map((m) => m.userId));
  const candidates = people.filter((p) => !memberIds.has(p.id));
  const consequences = [
    team.tickets > 0
      ? `${plural(team.tickets, "ticket", "tickets")} will be left without a team`
      : null,
    team.mailboxes > 0
      ? `${plural(team.mailboxes, "mailbox", "mailboxes")} will no longer route new tickets to it`
      : null,
  ].filter(Boolean);

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="flex flex-col gap-1">
          <CardTitle>{team.name}</CardTitle>
          {team.description ? (
            <p className="text-sm text-muted-foreground">{team.description}</p>
          ) : null}
          <p className="text-xs text-muted-foreground">
            {plural(team.members.length, "member", "members")} ·{" "}
            {plural(team.tickets, "ticket", "tickets")}
          </p>
        </div>
        <div className="flex gap-2">
          <EditDialog
            triggerLabel={`Edit ${team.name}`}
            title="Edit team"
            description="Rename the team or change its description."
          >
            {(close) => <TeamForm team={team} onSaved={close} />}
          </EditDialog>
          <ConfirmAction
            trigger={
              <>
                <Trash2 className="size-4" aria-hidden /> Delete
              </>
            }
            triggerLabel={`Delete ${team.name}`}
            title={`Delete the team “${team.name}”?`}
            description={
              consequences.length > 0
                ? `${consequences.join(", and ")}. Its members are not affected. This cannot be undone.`
                : "No tickets or mailboxes use it. Its members are not affected. This cannot be undone."
            }
            confirmLabel="Delete team"
            pendingLabel="Deleting…"
            perform={() => deleteTeamAction({ teamId: team.id })}
          />
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {team.members.length === 0 ? (
          <p className="text-sm text-muted-foreground">No members yet.</p>
        ) : (
          <AdminTable columns={memberColumns}>
            {team.members.map((member) => (
              <MemberRow
                key={member.userId}
                teamId={team.id}
                teamName={team.name}
                member={member}
              />
            ))}
          </AdminTable>
        )}
        <AddMemberForm teamId={team.id} teamName={team.name} candidates={candidates} />
      </CardContent>
    </Card>
  );
}

function MemberRow({
  teamId,
  teamName,
  member,
}: {
  teamId: number;
  teamName: string;
  member: AdminTeamMember;
}) {
  const lead = useAdminAction(setTeamLeadAction);
  const [isLead, showLead] = useOptimistic(member.isLead);
  const checkboxId = useId();
  return (
    <>
      <TableRow>
        <TableCell className="font-medium">
          {member.name}
          {member.isActive ? null : (
            <Badge className="ml-2 text-muted-foreground">Deactivated</Badge>
          )}
        </TableCell>
        <TableCell>{member.email}</TableCell>
        <TableCell>
          <div className="flex items-center gap-2">
            <Checkbox
              id={checkboxId}
              checked={isLead}
              disabled={lead.isPending}
              onCheckedChange={(checked) =>
                lead.run(
                  { teamId, userId: member.userId, isLead: checked === true },
                  undefined,
                  () => showLead(checked === true),
                )
              }
            />
            <Label htmlFor={checkboxId} className="font-normal">
              <span className="sr-only">{member.name}: </span>Team lead
            </Label>
          </div>
        </TableCell>
        <TableCell className="text-right">
          <ConfirmAction
            trigger={
              <>
                <UserMinus className="size-4" aria-hidden /> Remove
              </>
            }
            triggerLabel={`Remove ${member.name} from ${teamName}`}
            title={`Remove ${member.name} from ${teamName}?`}
            description="Their tickets stay assigned to them; they just stop being a member of this team."
            confirmLabel="Remove"
            pendingLabel="Removing…"
            perform={() => removeTeamMemberAction({ teamId, userId: member.userId })}
          />
        </TableCell>
      </TableRow>
      <AdminTableErrorRow colSpan={memberColumns.length + 1} error={lead.failure?.error} />
    </>
  );
}

function AddMemberForm({
  teamId,
  teamName,
  candidates,
}: {
  teamId: number;
  teamName: string;
  candidates: AssignableUser[];
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { run, isPending, result, fieldErrors } = useAdminAction(addTeamMemberAction);

  if (candidates.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">Every active person is already a member.</p>
    );
  }
  return (
    <form
      ref={formRef}
      noValidate
      aria-label={`Add a member to ${teamName}`}
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        run(
          {
            teamId,
            userId: Number(data.get("userId") || 0),
            isLead: data.get("isLead") === "on",
          },
          () => formRef.current?.reset(),
        );
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <FormField
          id={`${id}-user`}
          label="Add member"
          error={fieldErrors.userId}
          className="min-w-56 flex-1"
        >
          {(props) => (
            <NativeSelect {...props} name="userId" defaultValue="">
              <option value="" disabled>
                Choose a person…
              </option>
              {candidates.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name} ({person.email})
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
        <div className="flex h-9 items-center gap-2">
          <Checkbox id={`${id}-lead`} name="isLead" />
          <Label htmlFor={`${id}-lead`} className="font-normal">
            Team lead
          </Label>
        </div>
        <Button type="submit" variant="outline" disabled={isPending}>
          {isPending ? "Adding…" : "Add"}
        </Button>
      </div>
      <ActionMessage result={result} fields={["userId"]} />
    </form>
  );
}
