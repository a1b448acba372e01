"use client";

/**
 * Drag and drop for ordered admin lists (routing rules): drag a row by its grip onto another row —
 * the upper half puts it before that row, the lower half after — and the list shows the new order
 * at once while the server places it; a refusal puts the old order back and says why. The up/down
 * buttons stay for the keyboard and for screen readers.
 */
import { useOptimistic, useState, type DragEvent } from "react";
import { useAdminAction } from "@/components/admin/action-form";
import type { ActionResult } from "@/lib/safe-action";

type Move = { id: number; toIndex: number };

/** `items` with the one whose id is `id` taken out and put back at `toIndex`. */
export function moveItem<T extends { id: number }>(items: T[], id: number, toIndex: number): T[] {
  const from = items.findIndex((item) => item.id === id);
  if (from < 0) return items;
  const rest = items.filter((item) => item.id !== id);
  rest.splice(Math.max(0, Math.min(toIndex, rest.length)), 0, items[from]!);
  return rest;
}

/**
 * Where a row dragged from place `from` ends up when dropped on the row at place `over`, before or
 * `after` it: taking the dragged row out first moves every later row up by one.
 */
export function dropIndex(from: number, over: number, after: boolean): number {
  if (over === from) return from;
  return over + (after ? 1 : 0) - (from < over ? 1 : 0);
}

/** Is the pointer over the lower half of the row (drop after it) rather than the upper (before)? */
function overLowerHalf(event: DragEvent<HTMLElement>): boolean {
  const box = event.currentTarget.getBoundingClientRect();
  return event.clientY > box.top + box.height / 2;
}

export type DragRowProps = {
  /** Spread on the grip: what the hand takes hold of. */
  handle: {
    draggable: true;
    onDragStart: (event: DragEvent<HTMLElement>) => void;
    onDragEnd: () => void;
  };
  /** Spread on the row: where a dragged row can be dropped. */
  row: {
    onDragOver: (event: DragEvent<HTMLElement>) => void;
    onDrop: (event: DragEvent<HTMLElement>) => void;
    "data-drop"?: "before" | "after";
    "data-dragging"?: true;
  };
};

export function useDragReorder<T extends { id: number }>(
  items: T[],
  place: (move: Move) => Promise<ActionResult<unknown>>,
) {
  const [ordered, showMove] = useOptimistic(items, (current: T[], move: Move) =>
    moveItem(current, move.id, move.toIndex),
  );
  const placing = useAdminAction(place);
  const [dragged, setDragged] = useState<number | null>(null);
  const [target, setTarget] = useState<{ id: number; after: boolean } | null>(null);

  const end = () => {
    setDragged(null);
    setTarget(null);
  };

  const dragProps = (id: number): DragRowProps => ({
    handle: {
      draggable: true,
      onDragStart: (event) => {
        event.dataTransfer.effectAllowed = "move";
        // Firefox starts a drag only with some data set.
        event.dataTransfer.setData("text/plain", String(id));
        setDragged(id);
      },
      onDragEnd: end,
    },
    row: {
      onDragOver: (event) => {
        if (dragged === null) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        const after = overLowerHalf(event);
        if (target?.id !== id || target.after !== after) setTarget({ id, after });
      },
      onDrop: (event) => {
        event.preventDefault();
        if (dragged === null) return;
        const after = overLowerHalf(event);
        const from = ordered.findIndex((item) => item.id === dragged);
        const over = ordered.findIndex((item) => item.id === id);
        const toIndex = dropIndex(from, over, after);
        const move = { id: dragged, toIndex };
        end();
        if (from < 0 || toIndex === from) return;
        placing.run(move, undefined, () => showMove(move));
      },
      "data-drop":
        target?.id === id && dragged !== id ? (target.after ? "after" : "before") : undefined,
      "data-dragging": dragged === id ? true : undefined,
    },
  });

  return { ordered, dragProps, isPending: placing.isPending, failure: placing.failure };
}
