"use client";

import { Trash2 } from "lucide-react";
import { AdminTable } from "@/components/admin/admin-table-card";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { RenameDialog } from "@/components/admin/rename-dialog";
import { TableCell, TableRow } from "@/components/ui/table";
import type { AdminTag } from "@/lib/admin/queries";
import { deleteTagAction, renameTagAction } from "./actions";

export function TagsTable({ tags }: { tags: AdminTag[] }) {
  return (
    <AdminTable columns={["Tag", "Tickets"]}>
      {tags.map((tag) => (
        <TableRow key={tag.id}>
          <TableCell className="font-medium">{tag.name}</TableCell>
          <TableCell>{tag.tickets}</TableCell>
          <TableCell>
            <div className="flex justify-end gap-2">
              <RenameDialog
                name={tag.name}
                triggerLabel={`Rename tag ${tag.name}`}
                title="Rename tag"
                description={`Every ticket tagged “${tag.name}” will show the new name.`}
                rename={(name) => renameTagAction({ tagId: tag.id, name })}
              />
              <ConfirmAction
                trigger={
                  <>
                    <Trash2 className="size-4" aria-hidden /> Delete
                  </>
                }
                triggerLabel={`Delete tag ${tag.name}`}
                title={`Delete the tag “${tag.name}”?`}
                description={
                  tag.tickets > 0
                    ? `It will be removed from ${tag.tickets} ${tag.tickets === 1 ? "ticket" : "tickets"}. This cannot be undone.`
                    : "No ticket uses it. This cannot be undone."
                }
                confirmLabel="Delete tag"
                pendingLabel="Deleting…"
                perform={() => deleteTagAction({ tagId: tag.id })}
              />
            </div>
          </TableCell>
        </TableRow>
      ))}
    </AdminTable>
  );
}
