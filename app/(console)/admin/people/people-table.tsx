"use client";

import { Fragment, useId, useOptimistic, useState } from "react";
import { ActionMessage, useAdminAction } from "@/components/admin/action-form";
import { ActiveBadge, AdminTable, AdminTableErrorRow } from "@/components/admin/admin-table-card";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { DialogSaveForm } from "@/components/admin/dialog-save-form";
import { EditDialog } from "@/components/admin/edit-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { TableCell, TableRow } from "@/components/ui/table";
import type { CategoryOption } from "@/lib/admin/lookups";
import type { AdminPerson } from "@/lib/admin/queries";
import {
  changeUserRoleAction,
  deactivateUserAction,
  reactivateUserAction,
  setUserCategoriesAction,
} from "./actions";

const columns = ["Name", "Email", "Role", "Status", "Follows", "Last sign-in"] as const;

/**
 * A person with their last sign-in already formatted on the server (no hydration mismatch) and the
 * categories they follow.
 */
export type PersonRowData = AdminPerson & { lastSignInLabel: string; categoryIds: number[] };

export function PeopleTable({
  people,
  categories,
  currentUserId,
  activeAdmins,
}: {
  people: PersonRowData[];
  categories: CategoryOption[];
  currentUserId: number;
  activeAdmins: number;
}) {
  return (
    <AdminTable columns={columns}>
      {people.map((person) => (
        <PersonRow
          key={person.id}
          person={person}
          categories={categories}
          isSelf={person.id === currentUserId}
          isLastAdmin={person.isActive && person.role === "admin" && activeAdmins <= 1}
        />
      ))}
    </AdminTable>
  );
}

function PersonRow({
  person,
  categories,
  isSelf,
  isLastAdmin,
}: {
  person: PersonRowData;
  categories: CategoryOption[];
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
          <ActiveBadge isActive={person.isActive} inactiveLabel="Deactivated" />
        </TableCell>
        <TableCell>
          <FollowedCategories person={person} categories={categories} />
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
      <AdminTableErrorRow colSpan={columns.length + 1} error={failure?.error} />
    </Fragment>
  );
}

/**
 * The categories a person follows, and a dialog to choose them. A deactivated person is never
 * notified, so their follows are kept (for a reactivation) but cannot be changed.
 */
function FollowedCategories({
  person,
  categories,
}: {
  person: PersonRowData;
  categories: CategoryOption[];
}) {
  const id = useId();
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(person.categoryIds));
  const { run, isPending, result, reset } = useAdminAction(setUserCategoriesAction);
  const names = categories.filter((c) => person.categoryIds.includes(c.id)).map((c) => c.name);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className={names.length > 0 ? undefined : "text-muted-foreground"}>
        {names.length > 0 ? names.join(", ") : "No categories"}
      </span>
      <EditDialog
        trigger="Edit"
        triggerLabel={`Categories followed by ${person.name}`}
        disabled={!person.isActive}
        describedBy={person.isActive ? undefined : `${id}-inactive`}
        title={`Categories ${person.name} follows`}
        description={
          <>
            {person.name} hears of new tickets in these categories, and of tickets moved into them,
            in the app and by email (Notifications: “Notify agents of new tickets in their team or
            categories”).
          </>
        }
        onOpenChange={(open) => {
          if (open) setChosen(new Set(person.categoryIds));
          else reset();
        }}
      >
        {(close) => (
          <DialogSaveForm
            isPending={isPending}
            onSubmit={() => run({ userId: person.id, categoryIds: [...chosen] }, close)}
          >
            {categories.length === 0 ? (
              <p className="text-sm text-muted-foreground">There are no active categories.</p>
            ) : (
              <fieldset className="grid grid-cols-2 gap-2">
                <legend className="sr-only">Categories</legend>
                {categories.map((category) => (
                  <div key={category.id} className="flex items-center gap-2">
                    <Checkbox
                      id={`${id}-${category.id}`}
                      checked={chosen.has(category.id)}
                      onCheckedChange={(checked) =>
                        setChosen((current) => {
                          const next = new Set(current);
                          if (checked === true) next.add(category.id);
                          else next.delete(category.id);
                          return next;
                        })
                      }
                    />
                    <Label htmlFor={`${id}-${category.id}`} className="font-normal">
                      {category.name}
                    </Label>
                  </div>
                ))}
              </fieldset>
            )}
            <ActionMessage result={result} />
          </DialogSaveForm>
        )}
      </EditDialog>
      {person.isActive ? null : (
        <p id={`${id}-inactive`} className="w-full text-xs text-muted-foreground">
          Deactivated — receives no notifications
        </p>
      )}
    </div>
  );
}
