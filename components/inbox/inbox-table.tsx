"use client";

/**
 * The inbox table, on @tanstack/react-table with the server doing the work: rows arrive already
 * filtered, sorted and paged; the table renders them and handles what lives in the browser — row
 * selection (page, or "all N matching"), column visibility (saved per agent), sortable headers that
 * change the URL, and the keyboard: j/k move, x selects, Enter opens, / searches, ? lists shortcuts.
 */
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type RowSelectionState,
  type VisibilityState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Columns3 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { saveInboxColumnsAction } from "@/app/(console)/tickets/inbox-actions";
import { SlaBadge } from "@/components/tickets/sla-badge";
import { PriorityBadge, StatusBadge } from "@/components/tickets/ticket-badges";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import {
  inboxColumnIds,
  inboxColumnLabels,
  requiredInboxColumns,
  type InboxColumnId,
} from "@/lib/tickets/inbox-columns";
import { inboxHref, nextSort, sortableColumns } from "@/lib/tickets/inbox-url";
import { channelLabels } from "@/lib/tickets/labels";
import { cn } from "@/lib/utils";
import { BulkDeleteDialog, BulkUpdateDialog, type BulkTarget } from "./bulk-update-dialog";
import type { BulkOptions, HighlightSegment, InboxRow } from "./types";

export const inboxShortcuts: [string, string][] = [
  ["j", "Move to the next ticket"],
  ["k", "Move to the previous ticket"],
  ["x", "Select or unselect the ticket"],
  ["Enter", "Open the ticket"],
  ["/", "Search"],
  ["?", "Show these shortcuts"],
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function Highlighted({ segments }: { segments: HighlightSegment[] }) {
  return segments.map((s, i) =>
    s.hit ? (
      <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-800">
        {s.text}
      </mark>
    ) : (
      <Fragment key={i}>{s.text}</Fragment>
    ),
  );
}

const muted = <span className="text-muted-foreground">—</span>;
const column = createColumnHelper<InboxRow>();

export function InboxTable({
  rows,
  query,
  sort,
  view,
  total,
  visibleColumns,
  serverNow,
  canDelete,
  bulkOptions,
}: {
  rows: InboxRow[];
  /** The applied query and sort (for bulk "all matching" and sort links). */
  query: string;
  sort: string;
  view?: string;
  /** How many tickets match the query in all. */
  total: number;
  visibleColumns: InboxColumnId[];
  serverNow: string;
  /** May delete tickets (admins): shows the bulk delete. */
  canDelete: boolean;
  bulkOptions: BulkOptions;
}) {
  const router = useRouter();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  const [focused, setFocused] = useState(-1);
  const [helpOpen, setHelpOpen] = useState(false);
  const [updateOpen, setUpdateOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [notice, setNotice] = useState<{ text: string; restore?: () => Promise<string> } | null>(
    null,
  );
  const [columnError, setColumnError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries(inboxColumnIds.map((id) => [id, visibleColumns.includes(id)])),
  );
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  // A new page of rows (another view, search or page) starts with nothing selected.
  const rowKey = rows.map((r) => r.id).join(",");
  const [seenKey, setSeenKey] = useState(rowKey);
  if (seenKey !== rowKey) {
    setSeenKey(rowKey);
    setRowSelection({});
    setAllMatching(false);
    setFocused(-1);
  }

  const sortHeader = (id: string, label: string) => {
    const spec = sortableColumns[id];
    if (!spec) return label;
    const direction = sort === spec.asc ? "asc" : sort === spec.desc ? "desc" : null;
    const Icon = direction === "asc" ? ArrowUp : direction === "desc" ? ArrowDown : ArrowUpDown;
    return (
      <Link
        href={inboxHref({ view, q: query, sort: nextSort(id, sort) ?? undefined })}
        className="inline-flex items-center gap-1 hover:text-foreground"
        aria-label={`Sort by ${label}`}
      >
        {label}
        <Icon className="size-3" aria-hidden />
      </Link>
    );
  };

  const columns = useMemo(
    () => [
      column.display({
        id: "select",
        enableHiding: false,
        header: ({ table }) => (
          <Checkbox
            aria-label="Select all tickets on this page"
            checked={
              table.getIsAllRowsSelected()
                ? true
                : table.getIsSomeRowsSelected()
                  ? "indeterminate"
                  : false
            }
            onCheckedChange={(checked) => table.toggleAllRowsSelected(checked === true)}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={`Select ${row.original.ref}`}
            checked={row.getIsSelected()}
            onCheckedChange={(checked) => row.toggleSelected(checked === true)}
          />
        ),
      }),
      column.accessor("number", {
        id: "number",
        cell: ({ row }) => (
          <span className="font-mono text-xs text-muted-foreground">{row.original.ref}</span>
        ),
      }),
      column.accessor("subject", {
        id: "subject",
        enableHiding: false,
        cell: ({ row }) => {
          const t = row.original;
          return (
            <div className="flex max-w-md min-w-48 flex-col gap-0.5">
              <div className="flex items-center gap-2">
                {t.unread ? (
                  <span
                    className="size-2 shrink-0 rounded-full bg-primary"
                    title="Updated since you last opened it"
                  >
                    <span className="sr-only">Unread: </span>
                  </span>
                ) : null}
                <Link
                  href={`/tickets/${t.ref}`}
                  className={cn("hover:underline", t.unread ? "font-semibold" : "font-normal")}
                >
                  {t.subjectHighlight ? <Highlighted segments={t.subjectHighlight} /> : t.subject}
                </Link>
              </div>
              {t.snippet ? (
                <p className="line-clamp-2 text-xs text-muted-foreground">
                  <Highlighted segments={t.snippet} />
                </p>
              ) : null}
            </div>
          );
        },
      }),
      column.accessor("requesterEmail", {
        id: "requester",
        cell: ({ row }) => (
          <div className="min-w-32">
            <div>{row.original.requesterName || row.original.requesterEmail}</div>
            {row.original.requesterName ? (
              <div className="text-xs text-muted-foreground">{row.original.requesterEmail}</div>
            ) : null}
          </div>
        ),
      }),
      column.accessor("status", {
        id: "status",
        cell: ({ row }) => <StatusBadge status={row.original.status} />,
      }),
      column.accessor("priority", {
        id: "priority",
        cell: ({ row }) => <PriorityBadge priority={row.original.priority} />,
      }),
      column.accessor("category", {
        id: "category",
        cell: ({ row }) => row.original.category ?? muted,
      }),
      column.accessor("channel", {
        id: "channel",
        cell: ({ row }) => channelLabels[row.original.channel],
      }),
      column.accessor("assigneeName", {
        id: "assignee",
        cell: ({ row }) =>
          row.original.assigneeName ?? <span className="text-muted-foreground">Unassigned</span>,
      }),
      column.accessor("teamName", {
        id: "team",
        cell: ({ row }) => row.original.teamName ?? muted,
      }),
      column.accessor("tags", {
        id: "tags",
        cell: ({ row }) =>
          row.original.tags.length ? (
            <div className="flex flex-wrap gap-1">
              {row.original.tags.map((tag) => (
                <Badge key={tag} className="bg-muted">
                  {tag}
                </Badge>
              ))}
            </div>
          ) : (
            muted
          ),
      }),
      column.accessor("slaState", {
        id: "sla",
        cell: ({ row }) =>
          row.original.slaState && row.original.slaState !== "none" ? (
            <SlaBadge
              state={row.original.slaState}
              dueAt={row.original.slaDueAt}
              serverNow={serverNow}
            />
          ) : (
            muted
          ),
      }),
      ...(["created", "updated", "due"] as const).map((id) =>
        column.accessor(id === "created" ? "createdAt" : id === "updated" ? "updatedAt" : "dueAt", {
          id,
          cell: ({ getValue }) => {
            const iso = getValue();
            return iso ? (
              <LocalTime iso={iso} className="text-xs whitespace-nowrap text-muted-foreground" />
            ) : (
              muted
            );
          },
        }),
      ),
    ],
    [serverNow],
  );

  // The app does not run the React Compiler, and the table instance is only read during render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => String(row.id),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableRowSelection: true,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection(updater);
    },
    onColumnVisibilityChange: setColumnVisibility,
  });

  const selectedIds = table.getSelectedRowModel().rows.map((r) => r.original.id);
  const selectedCount = allMatching ? total : selectedIds.length;
  const target: BulkTarget = allMatching ? { query } : { ids: selectedIds };
  const pageAllSelected = rows.length > 0 && selectedIds.length === rows.length;

  const toggleColumn = (id: InboxColumnId, visible: boolean) => {
    const next = { ...columnVisibility, [id]: visible };
    setColumnVisibility(next);
    const inboxColumns = inboxColumnIds.filter((c) => next[c]);
    startTransition(async () => {
      const result = await saveInboxColumnsAction({ inboxColumns });
      setColumnError(result.ok ? null : result.error);
    });
  };

  const open = (index: number) => {
    const row = rows[index];
    if (row) router.push(`/tickets/${row.ref}`);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector("[role=dialog], [role=alertdialog]")) return;
      const move = (delta: number) => {
        if (rows.length === 0) return;
        const next = Math.min(Math.max(focused + delta, 0), rows.length - 1);
        setFocused(next);
        rowRefs.current[next]?.scrollIntoView({ block: "nearest" });
      };
      const actions: Record<string, () => void> = {
        j: () => move(1),
        k: () => move(-1),
        x: () => {
          const row = focused >= 0 ? table.getRowModel().rows[focused] : undefined;
          row?.toggleSelected();
        },
        Enter: () => focused >= 0 && open(focused),
        "?": () => setHelpOpen(true),
      };
      // Enter on a link or button keeps its own meaning.
      if (event.key === "Enter" && event.target instanceof HTMLElement) {
        if (event.target.closest("a, button, [role=checkbox]")) return;
      }
      const handler = actions[event.key];
      if (handler) {
        event.preventDefault();
        handler();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const hideable = inboxColumnIds.filter((id) => !requiredInboxColumns.includes(id));

  return (
    <div className="flex flex-col gap-2">
      <div className="flex min-h-9 flex-wrap items-center gap-2">
        {selectedCount > 0 ? (
          <>
            <span className="text-sm font-medium" aria-live="polite">
              {selectedCount} selected
            </span>
            <Button size="sm" onClick={() => setUpdateOpen(true)}>
              Update…
            </Button>
            {canDelete ? (
              <Button size="sm" variant="destructive" onClick={() => setDeleteOpen(true)}>
                Delete…
              </Button>
            ) : null}
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setRowSelection({});
                setAllMatching(false);
              }}
            >
              Clear selection
            </Button>
          </>
        ) : (
          <span className="text-sm text-muted-foreground">
            {total} {total === 1 ? "ticket" : "tickets"}
          </span>
        )}
        <div className="ml-auto flex items-center gap-1">
          <Button
            size="sm"
            variant="ghost"
            aria-label="Keyboard shortcuts"
            onClick={() => setHelpOpen(true)}
          >
            ?
          </Button>
          <Popover>
            <PopoverTrigger asChild>
              <Button size="sm" variant="outline">
                <Columns3 className="size-4" aria-hidden /> Columns
              </Button>
            </PopoverTrigger>
            <PopoverContent align="end" className="w-56">
              <fieldset className="flex flex-col gap-1.5">
                <legend className="mb-1 text-xs font-medium text-muted-foreground uppercase">
                  Show columns
                </legend>
                {hideable.map((id) => (
                  <label key={id} className="flex items-center gap-2 text-sm">
                    <Checkbox
                      checked={columnVisibility[id] !== false}
                      onCheckedChange={(checked) => toggleColumn(id, checked === true)}
                    />
                    {inboxColumnLabels[id]}
                  </label>
                ))}
              </fieldset>
            </PopoverContent>
          </Popover>
        </div>
      </div>
      {columnError ? <Alert>{columnError}</Alert> : null}
      {notice ? (
        <Alert tone="info" className="flex flex-wrap items-center gap-2">
          <span>{notice.text}</span>
          {notice.restore ? (
            <Button
              size="sm"
              variant="outline"
              onClick={async () => {
                const restore = notice.restore!;
                setNotice({ text: "Restoring…" });
                setNotice({ text: await restore() });
              }}
            >
              Undo
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {pageAllSelected && total > rows.length ? (
        <Alert tone="info">
          {allMatching ? (
            <>
              All {total} tickets matching this search are selected.{" "}
              <button
                type="button"
                className="font-medium underline"
                onClick={() => {
                  setAllMatching(false);
                  setRowSelection({});
                }}
              >
                Clear selection
              </button>
            </>
          ) : (
            <>
              All {rows.length} tickets on this page are selected.{" "}
              <button
                type="button"
                className="font-medium underline"
                onClick={() => setAllMatching(true)}
              >
                Select all {total} matching
              </button>
            </>
          )}
        </Alert>
      ) : null}

      <div className="rounded-lg border bg-card">
        <Table aria-label="Tickets">
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const id = header.column.id;
                  const spec = sortableColumns[id];
                  const ariaSort = spec
                    ? sort === spec.asc
                      ? "ascending"
                      : sort === spec.desc
                        ? "descending"
                        : undefined
                    : undefined;
                  return (
                    <TableHead
                      key={header.id}
                      aria-sort={ariaSort}
                      className={cn(id === "select" && "w-8")}
                    >
                      {id === "select"
                        ? flexRender(header.column.columnDef.header, header.getContext())
                        : sortHeader(id, inboxColumnLabels[id as InboxColumnId])}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.map((row, index) => (
              <TableRow
                key={row.id}
                ref={(el) => {
                  rowRefs.current[index] = el;
                }}
                data-ticket={row.original.ref}
                data-unread={row.original.unread ? "true" : undefined}
                data-focused={index === focused ? "true" : undefined}
                aria-selected={row.getIsSelected()}
                className={cn(
                  "cursor-pointer",
                  row.getIsSelected() && "bg-muted/60",
                  index === focused && "outline-2 -outline-offset-2 outline-primary",
                )}
                onClick={(event) => {
                  const el = event.target as HTMLElement;
                  if (el.closest("a, button, input, label, [role=checkbox]")) return;
                  setFocused(index);
                  open(index);
                }}
              >
                {row.getVisibleCells().map((cell) => (
                  <TableCell key={cell.id} data-column={cell.column.id}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <BulkUpdateDialog
        open={updateOpen}
        onOpenChange={setUpdateOpen}
        target={target}
        count={selectedCount}
        options={bulkOptions}
        onDone={(text) => {
          setNotice({ text });
          setRowSelection({});
          setAllMatching(false);
        }}
      />
      {canDelete ? (
        <BulkDeleteDialog
          open={deleteOpen}
          onOpenChange={setDeleteOpen}
          target={target}
          count={selectedCount}
          onDone={(text, restore) => {
            setNotice({ text, restore });
            setRowSelection({});
            setAllMatching(false);
          }}
        />
      ) : null}
      <Dialog open={helpOpen} onOpenChange={setHelpOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Keyboard shortcuts</DialogTitle>
            <DialogDescription>In the ticket list, when you are not typing.</DialogDescription>
          </DialogHeader>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {inboxShortcuts.map(([key, label]) => (
              <Fragment key={key}>
                <dt>
                  <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">
                    {key}
                  </kbd>
                </dt>
                <dd>{label}</dd>
              </Fragment>
            ))}
          </dl>
        </DialogContent>
      </Dialog>
    </div>
  );
}
