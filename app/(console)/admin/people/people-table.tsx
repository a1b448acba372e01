"use client";

import { Fragment, useOptimistic } from "react";
import { useAdminAction } from "@/components/admin/action-form";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { AdminPerson } from "@/lib/admin/queries";
import { changeUserRoleAction, deactivateUserAction, reactivateUserAction } from "./actions";

/** A person with their last sign-in already formatted on the server (no hydration mismatch). */
export type PersonRowData = AdminPerson & { lastSignInLabel: string };

export function PeopleTable({
  people,
  currentUserId,
  activeAdmins,
}: {
  people: PersonRowData[];
  currentUserId: number;
  activeAdmins: number;
}) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last sign-in</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {people.map((person) => (
          <PersonRow
            key={person.id}
            person={person}
            isSelf={person.id === currentUserId}
            isLastAdmin={person.isActive && person.role === "admin" && activeAdmins <= 1}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function PersonRow({
  person,
  isSelf,
  isLastAdmin,
}: {
  person: PersonRowData;
  isSelf: boolean;
  isLastAdmin: boolean;
}) {
  const role = useAdminAction(changeUserRoleAction);
  const [shownRole, showRole] = useOptimistic(person.role);
  const reactivate = useAdminAction(reactivateUserAction);
  const failure = role.failure ?? reactivate.failure;
  // The domain refuses these too; the console just does not offer them.
  const roleLocked = isSelf || isLastAdmin;
  const lockReason = isSelf
    ? "Your own role and account are changed by another admin."
    : "The last active admin cannot be demoted or deactivated.";

  return (
    <Fragment>
      <TableRow className={person.isActive ? undefined : "text-muted-foreground"}>
        <TableCell className="font-medium">
          {person.name}
          {isSelf ? <Badge className="ml-2">You</Badge> : null}
        </TableCell>
        <TableCell>{person.email}</TableCell>
        <TableCell>
          <NativeSelect
            aria-label={`Role of ${person.name}`}
            aria-describedby={roleLocked ? `person-${person.id}-lock` : undefined}
            value={shownRole}
            disabled={role.isPending || roleLocked}
            className="w-28"
            onChange={(event) => {
              const next = event.target.value as AdminPerson["role"];
              role.run({ userId: person.id, role: next }, undefined, () => showRole(next));
            }}
          >
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </NativeSelect>
          {roleLocked ? (
            <p id={`person-${person.id}-lock`} className="mt-1 text-xs text-muted-foreground">
              {lockReason}
            </p>
          ) : null}
        </TableCell>
        <TableCell>
          {person.isActive ? (
            <Badge>Active</Badge>
          ) : (
            <Badge className="text-muted-foreground">Deactivated</Badge>
          )}
        </TableCell>
        <TableCell>{person.lastSignInLabel}</TableCell>
        <TableCell className="text-right">
          {person.isActive ? (
            roleLocked ? null : (
              <ConfirmAction
                trigger="Deactivate"
                triggerLabel={`Deactivate ${person.name}`}
                title={`Deactivate ${person.name}?`}
                description={`${person.name} will be signed out and can no longer sign in or be assigned tickets. Tickets already assigned to them stay as they are. You can reactivate them later.`}
                confirmLabel="Deactivate"
                pendingLabel="Deactivating…"
                perform={() => deactivateUserAction({ userId: person.id })}
              />
            )
          ) : (
            <Button
              type="button"
              size="sm"
              variant="outline"
              aria-label={`Reactivate ${person.name}`}
              disabled={reactivate.isPending}
              onClick={() => reactivate.run({ userId: person.id })}
            >
              {reactivate.isPending ? "Reactivating…" : "Reactivate"}
            </Button>
          )}
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
