/**
 * The ordered admin lists — categories, SLA policies, routing rules — move one entry at a time: a
 * step up or down (the buttons), or to a place in the list (drag and drop). Positions are renumbered
 * 0…n-1 on the way, so seeded or duplicated positions never make a move look like it did nothing.
 * Callers hold their list's table lock, read the rows in their shown order and write positions.
 */
import "server-only";
import { z } from "zod";
import { DomainError } from "@/lib/errors";

export const directionSchema = z.enum(["up", "down"], { error: "must be up or down" });

/** A 0-based place in the list after the move; past the end means last. */
export const toIndexSchema = z
  .number({ error: "must be a place in the list" })
  .int({ error: "must be a whole number" })
  .min(0, { error: "must be 0 or more" })
  .max(100_000, { error: "is past the end of the list" });

export type Placement = { direction: "up" | "down" } | { toIndex: number };

/**
 * Moves entry `id` within `rows` (in their shown order) as `placement` says, clamped to the list,
 * and writes every position that changed. Returns whether the entry changed place; NOT_FOUND with
 * `notFound` when it is not in the list.
 */
export async function placeInOrder(
  rows: readonly { id: number; position: number }[],
  id: number,
  placement: Placement,
  write: (id: number, position: number) => Promise<unknown>,
  notFound: string,
): Promise<boolean> {
  const index = rows.findIndex((row) => row.id === id);
  if (index < 0) throw new DomainError("NOT_FOUND", notFound);
  const wanted =
    "direction" in placement ? index + (placement.direction === "up" ? -1 : 1) : placement.toIndex;
  const rest = rows.filter((row) => row.id !== id);
  const to = Math.max(0, Math.min(wanted, rest.length));
  rest.splice(to, 0, rows[index]!);
  for (const [position, row] of rest.entries()) {
    if (row.position !== position) await write(row.id, position);
  }
  return to !== index;
}
