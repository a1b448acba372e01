"use client";

import { OrderedAdminTable } from "@/components/admin/ordered-admin-table";
import { OrderedActiveRow } from "@/components/admin/ordered-active-row";
import { RenameDialog } from "@/components/admin/rename-dialog";
import { TableCell } from "@/components/ui/table";
import type { AdminCategory } from "@/lib/admin/queries";
import {
  moveCategoryAction,
  placeCategoryAction,
  renameCategoryAction,
  setCategoryActiveAction,
} from "./actions";

const columns = ["Order", "Name", "API value", "Tickets", "Status"] as const;

export function CategoriesTable({ categories }: { categories: AdminCategory[] }) {
  return (
    <OrderedAdminTable
      columns={columns}
      items={categories}
      place={(categoryId, toIndex) => placeCategoryAction({ categoryId, toIndex })}
    >
      {(category, row) => (
        <OrderedActiveRow
          key={category.id}
          name={category.name}
          isActive={category.isActive}
          {...row}
          colSpan={columns.length + 1}
          move={(direction) => moveCategoryAction({ categoryId: category.id, direction })}
          setActive={(isActive) => setCategoryActiveAction({ categoryId: category.id, isActive })}
          actions={
            <RenameDialog
              name={category.name}
              triggerLabel={`Rename ${category.name}`}
              title="Rename category"
              description={
                <>
                  The API value stays <code className="font-mono">{category.slug}</code>, so
                  integrations and saved searches keep working.
                </>
              }
              rename={(name) => renameCategoryAction({ categoryId: category.id, name })}
            />
          }
        >
          <TableCell className="font-medium">{category.name}</TableCell>
          <TableCell className="font-mono text-xs">{category.slug}</TableCell>
          <TableCell>{category.tickets}</TableCell>
        </OrderedActiveRow>
      )}
    </OrderedAdminTable>
  );
}
