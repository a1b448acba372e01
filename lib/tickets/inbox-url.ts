/**
 * The inbox's URL state, `/tickets?view=…&q=…&sort=…&cursor=…`: one place that builds it, so a
 * shared link always reopens the same list. Pure, for server pages and client components alike.
 */
export type InboxUrlState = { view?: string; q?: string; sort?: string; cursor?: string };

export function inboxHref(state: InboxUrlState): string {
  const params = new URLSearchParams();
  if (state.view) params.set("view", state.view);
  // An empty `q` is kept: it means "no filter", where a missing one means "the default view".
  if (state.q !== undefined) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  if (state.cursor) params.set("cursor", state.cursor);
  const search = params.toString();
  return search ? `/tickets?${search}` : "/tickets";
}

/** The export route for the current list (built by the export route handler). */
export function exportHref(format: "csv" | "pdf", state: InboxUrlState, bom = false): string {
  const params = new URLSearchParams({ format });
  if (state.q) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  if (bom && format === "csv") params.set("bom", "1");
  return `/tickets/export?${params.toString()}`;
}

/** Sortable columns and the sort a first click on their header picks. */
export const sortableColumns: Record<string, { asc: string; desc: string; first: string }> = {
  number: { asc: "number", desc: "-number", first: "-number" },
  priority: { asc: "priority", desc: "-priority", first: "priority" },
  created: { asc: "created", desc: "-created", first: "-created" },
  updated: { asc: "updated", desc: "-updated", first: "-updated" },
  due: { asc: "due", desc: "-due", first: "due" },
};

/** The sort a click on a column header switches to: first direction, then flips. */
export function nextSort(column: string, current: string): string | null {
  const spec = sortableColumns[column];
  if (!spec) return null;
  if (current === spec.first) return spec.first === spec.asc ? spec.desc : spec.asc;
  return spec.first;
}
