"use client";

/**
 * A row of an ordered admin list whose entries can be switched off (categories, SLA policies,
 * routing rules): up/down buttons first (after a drag grip where the list can be dragged), then the
 * row's own cells, the Active/Inactive badge and an Activate/Deactivate button, and the error of
 * either action in a row under it.
 */
import { GripVertical } from "lucide-react";
import { Fragment, type ReactNode } from "react";
import { useAdminAction } from "@/components/admin/action-form";
import { ActiveBadge, AdminTableErrorRow } from "@/components/admin/admin-table-card";
import type { DragRowProps } from "@/components/admin/drag-reorder";
import { MoveButtons } from "@/components/admin/move-buttons";
import { Button } from "@/components/ui/button";
import { TableCell, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/lib/safe-action";
import { cn } from "@/lib/utils";

export function OrderedActiveRow<TMoved, TToggled>({
  name,
  isActive,
  isFirst,
  isLast,
  colSpan,
  move,
  setActive,
  actions,
  trailingActions,
  drag,
  children,
}: {
  /** How the buttons name the entry: "Move {name} up", "Deactivate {name}". */
  name: string;
  isActive: boolean;
  isFirst: boolean;
  isLast: boolean;
  /** The table's column count, for the error row. */
  colSpan: number;
  move: (direction: "up" | "down") => Promise<ActionResult<TMoved>>;
  setActive: (isActive: boolean) => Promise<ActionResult<TToggled>>;
  /** Buttons before Activate/Deactivate (an edit dialog). */
  actions?: ReactNode;
  /** Buttons after it (a delete). */
  trailingActions?: ReactNode;
  /** From useDragReorder, where the list can be reordered by dragging. */
  drag?: DragRowProps;
  /** The cells between the move buttons and the status. */
  children: ReactNode;
}) {
  const moving = useAdminAction(move);
  const toggle = useAdminAction(setActive);
  const failure = moving.failure ?? toggle.failure;

  return (
    <Fragment>
      <TableRow
        {...drag?.row}
        className={cn(
          !isActive && "text-muted-foreground",
          "data-[dragging]:opacity-40 data-[drop=after]:border-b-2 data-[drop=after]:border-b-primary data-[drop=before]:border-t-2 data-[drop=before]:border-t-primary",
        )}
      >
        <TableCell>
          <div className="flex items-center gap-1">
            {drag ? (
              <span
                {...drag.handle}
                title={`Drag to reorder ${name}`}
                aria-hidden
                className="cursor-grab text-muted-foreground active:cursor-grabbing"
              >
                <GripVertical className="size-4" />
              </span>
            ) : null}
            <MoveButtons
              name={name}
              isFirst={isFirst}
              isLast={isLast}
              disabled={moving.isPending}
              onMove={(direction) => moving.run(direction)}
            />
          </div>
        </TableCell>
        {children}
        <TableCell>
          <ActiveBadge isActive={isActive} />
        </TableCell>
        <TableCell>
          <div className="flex justify-end gap-2">
            {actions}
            <Button
              type="button"
              size="sm"
              variant="outline"
              aria-label={`${isActive ? "Deactivate" : "Activate"} ${name}`}
              disabled={toggle.isPending}
              onClick={() => toggle.run(!isActive)}
            >
              {isActive ? "Deactivate" : "Activate"}
            </Button>
            {trailingActions}
          </div>
        </TableCell>
      </TableRow>
      <AdminTableErrorRow colSpan={colSpan} error={failure?.error} />
    </Fragment>
  );
}
