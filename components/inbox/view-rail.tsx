"use client";

/**
 * The inbox's left rail: preset views, the queues (Unassigned, Mine, each teammate, my team) and the
 * agent's saved views, each with its ticket count; saved views can be renamed, moved and deleted
 * here, and "Save view" keeps the current search and sort under a name.
 */
import { MoreHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import {
  createSavedViewAction,
  deleteSavedViewAction,
  renameSavedViewAction,
  reorderSavedViewsAction,
} from "@/app/(console)/tickets/inbox-actions";
import { Alert } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { inboxHref } from "@/lib/tickets/inbox-url";
import type { TicketSort } from "@/lib/tickets/search/query";
import { cn } from "@/lib/utils";

export type RailView = {
  key: string;
  label: string;
  query: string;
  sort?: string;
  /** null when not counted (to keep the page fast). */
  count: number | null;
};
export type RailQueue = { key: string; label: string; open: RailView };
export type RailSavedView = RailView & { id: number };

function ViewLink({ view, active }: { view: RailView; active: boolean }) {
  return (
    <Link
      href={inboxHref({ view: view.key, q: view.query, sort: view.sort })}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex min-w-0 flex-1 items-center justify-between gap-2 rounded-md px-2 py-1 text-sm text-muted-foreground hover:bg-muted",
        active && "bg-muted font-medium text-foreground",
      )}
    >
      <span className="truncate">{view.label}</span>
      {view.count !== null ? (
        <span
          className="text-xs tabular-nums"
          aria-label={`${view.count} ${view.count === 1 ? "ticket" : "tickets"}`}
        >
          {view.count}
        </span>
      ) : null}
    </Link>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-0.5" aria-label={title}>
      <h2 className="px-2 pb-1 text-xs font-medium tracking-wide text-muted-foreground uppercase">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function ViewRail({
  presets,
  queues,
  saved,
  activeKey,
  activeQueue,
}: {
  presets: RailView[];
  queues: RailQueue[];
  saved: RailSavedView[];
  activeKey: string | null;
  activeQueue: string | null;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<RailSavedView | null>(null);
  const [newName, setNewName] = useState("");
  const [renameError, setRenameError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<RailSavedView | null>(null);

  const move = (index: number, delta: number) => {
    const ids = saved.map((v) => v.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id!);
    startTransition(async () => {
      const result = await reorderSavedViewsAction({ viewIds: ids });
      setError(result.ok ? null : result.error);
      router.refresh();
    });
  };

  return (
    <nav aria-label="Ticket views" className="flex flex-col gap-4">
      <Section title="Views">
        {presets.map((view) => (
          <ViewLink key={view.key} view={view} active={view.key === activeKey} />
        ))}
      </Section>
      <Section title="Queues">
        {queues.map((q) => (
          <ViewLink
            key={q.key}
            view={{ ...q.open, label: q.label }}
            active={q.key === activeQueue}
          />
        ))}
      </Section>
      <Section title="Saved views">
        {saved.length === 0 ? (
          <p className="px-2 text-xs text-muted-foreground">
            Search, then use &ldquo;Save view&rdquo; to keep it here.
          </p>
        ) : null}
        {saved.map((view, index) => (
          <div key={view.key} className="flex items-center gap-0.5">
            <ViewLink view={view} active={view.key === activeKey} />
            {/* Not modal: the menu opens dialogs, and a modal menu would fight them for focus. */}
            <DropdownMenu modal={false}>
              <DropdownMenuTrigger asChild>
                <Button
                  size="icon"
                  variant="ghost"
                  className="size-7 shrink-0"
                  aria-label={`Actions for view ${view.label}`}
                  disabled={isPending}
                >
                  <MoreHorizontal className="size-4" aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem
                  onSelect={() => {
                    setNewName(view.label);
                    setRenameError(null);
                    setRenaming(view);
                  }}
                >
                  Rename…
                </DropdownMenuItem>
                <DropdownMenuItem disabled={index === 0} onSelect={() => move(index, -1)}>
                  Move up
                </DropdownMenuItem>
                <DropdownMenuItem
                  disabled={index === saved.length - 1}
                  onSelect={() => move(index, 1)}
                >
                  Move down
                </DropdownMenuItem>
                <DropdownMenuSeparator />
                <DropdownMenuItem className="text-destructive" onSelect={() => setDeleting(view)}>
                  Delete…
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </div>
        ))}
        {error ? <Alert className="mt-1">{error}</Alert> : null}
      </Section>

      <Dialog open={renaming !== null} onOpenChange={(open) => !open && setRenaming(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Rename view</DialogTitle>
          </DialogHeader>
          <form
            className="flex flex-col gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (!renaming) return;
              startTransition(async () => {
                const result = await renameSavedViewAction({ viewId: renaming.id, name: newName });
                if (!result.ok) {
                  setRenameError(result.fieldErrors?.name?.[0] ?? result.error);
                  return;
                }
                setRenaming(null);
                router.refresh();
              });
            }}
          >
            <Label htmlFor="rename-view">Name</Label>
            <Input
              id="rename-view"
              value={newName}
              maxLength={60}
              onChange={(e) => setNewName(e.target.value)}
              aria-invalid={renameError ? true : undefined}
            />
            {renameError ? <p className="text-sm text-destructive">{renameError}</p> : null}
            <DialogFooter>
              <Button type="button" variant="ghost" onClick={() => setRenaming(null)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isPending || !newName.trim()}>
                Rename
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <AlertDialog open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete the view “{deleting?.label}”?</AlertDialogTitle>
            <AlertDialogDescription>
              Only the saved view goes; no ticket changes.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel asChild>
              <Button variant="ghost">Cancel</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button
                variant="destructive"
                onClick={() => {
                  const view = deleting;
                  if (!view) return;
                  startTransition(async () => {
                    const result = await deleteSavedViewAction({ viewId: view.id });
                    setError(result.ok ? null : result.error);
                    if (result.ok && view.key === activeKey) router.push(inboxHref({}));
                    else router.refresh();
                  });
                }}
              >
                Delete view
              </Button>
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </nav>
  );
}

/** Saves the current search and sort as a personal view, then opens it. */
export function SaveViewButton({ query, sort }: { query: string; sort: TicketSort }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Save view
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setError(null);
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Save view</DialogTitle>
            <DialogDescription>
              Keeps <code className="font-mono">{query || "(all tickets)"}</code> and its sort in
              your saved views.
            </DialogDescription>
          </DialogHeader>
          <form
            className="flex flex-col gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              startTransition(async () => {
                const result = await createSavedViewAction({
                  name,
                  query,
                  sort,
                });
                if (!result.ok) {
                  setError(result.fieldErrors?.name?.[0] ?? result.error);
                  return;
                }
                setOpen(false);
                setName("");
                router.push(inboxHref({ view: `saved-${result.data.id}`, q: query, sort }));
              });
            }}
          >
            <Label htmlFor="save-view-name">View name</Label>
            <Input
              id="save-view-name"
              value={name}
              maxLength={60}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
            {error ? <p className="text-sm text-destructive">{error}</p> : null}
            <DialogFooter>
              <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isPending || !name.trim()}>
                Save
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
