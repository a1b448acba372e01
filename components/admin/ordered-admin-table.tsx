"use client";

/**
 * The table of an ordered admin list (categories, SLA policies, routing rules): its rows can be
 * dragged to another place (useDragReorder), and a refused move says why above the table. Each
 * row gets whether it is first or last (for its up/down buttons) and its drag props.
 */
import type { ReactNode } from "react";
import { AdminTable } from "@/components/admin/admin-table-card";
import { useDragReorder, type DragRowProps } from "@/components/admin/drag-reorder";
import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/safe-action";

export type OrderedRow = { isFirst: boolean; isLast: boolean; drag: DragRowProps };

export function OrderedAdminTable<T extends { id: number }>({
  columns,
  items,
  place,
  children,
}: {
  columns: readonly string[];
  items: T[];
  /** Stores the dragged entry at its new 0-based place. */
  place: (id: number, toIndex: number) => Promise<ActionResult<unknown>>;
  children: (item: T, row: OrderedRow) => ReactNode;
}) {
  const { ordered, dragProps, failure } = useDragReorder(items, ({ id, toIndex }) =>
    place(id, toIndex),
  );
  return (
    <div className="flex flex-col gap-3">
      {failure ? <Alert>{failure.error}</Alert> : null}
      <AdminTable columns={columns}>
        {ordered.map((item, index) =>
          children(item, {
            isFirst: index === 0,
            isLast: index === ordered.length - 1,
            drag: dragProps(item.id),
          }),
        )}
      </AdminTable>
    </div>
  );
}
