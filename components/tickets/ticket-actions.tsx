"use client";

/**
 * The ticket's header actions (claim, merge) and its keyboard shortcuts:
 * r reply · n note · i assign to me · s resolve · c close · j next · k previous · ? help.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import {
  claimTicketAction,
  resolveWithSummaryAction,
  mergeTicketAction,
  updateTicketAction,
} from "@/app/(console)/tickets/[ref]/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TicketStatus } from "@/db/schema/enum-values";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { focusComposer } from "./composer";

export const shortcuts: [string, string][] = [
  ["r", "Write a public reply"],
  ["n", "Write an internal note"],
  ["i", "Assign to me (claim)"],
  ["s", "Resolve"],
  ["c", "Close"],
  ["j", "Next ticket"],
  ["k", "Previous ticket"],
  ["?", "Show these shortcuts"],
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function TicketActions({
  number,
  status,
  isMine,
  readOnly,
  previous,
  next,
}: {
  number: number;
  status: TicketStatus;
  isMine: boolean;
  readOnly: boolean;
  previous: number | null;
  next: number | null;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [mergeOpen, setMergeOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [mergeTarget, setMergeTarget] = useState("");
  const [mergeError, setMergeError] = useState<string | null>(null);

  const run = (fn: () => Promise<{ ok: boolean; error?: string }>) =>
    startTransition(async () => {
      const result = await fn();
      setError(result.ok ? null : (result.error ?? "That did not work."));
    });
  const claim = () => run(() => claimTicketAction({ number }));
  const setStatus = (to: TicketStatus) =>
    run(() => updateTicketAction({ number, patch: { status: to } }));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector("[role=dialog]")) return;
      const go = (n: number | null) => n && router.push(`/tickets/${formatTicketNumber(n)}`);
      const actions: Record<string, () => void> = {
        "?": () => setHelpOpen(true),
        j: () => go(next),
        k: () => go(previous),
      };
      if (!readOnly) {
        actions.r = () => focusComposer("reply");
        actions.n = () => focusComposer("note");
        actions.i = () => !isMine && claim();
        actions.s = () => status !== "resolved" && setStatus("resolved");
        actions.c = () => {
          if (
            window.confirm(
              `Close ${formatTicketNumber(number)}? Closed tickets cannot be reopened.`,
            )
          ) {
            setStatus("closed");
          }
        };
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

  const merge = () =>
    startTransition(async () => {
      const result = await mergeTicketAction({ number, target: mergeTarget });
      if (!result.ok) {
        setMergeError(result.fieldErrors?.target?.[0] ?? result.error);
        return;
      }
      setMergeOpen(false);
      router.push(`/tickets/${result.data.target}`);
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        {!readOnly && !isMine ? (
          <Button size="sm" onClick={claim} disabled={isPending} title="Shortcut: i">
            Assign to me
          </Button>
        ) : null}
        {!readOnly && status !== "resolved" ? (
          <Button
            size="sm"
            variant="outline"
            onClick={() => setStatus("resolved")}
            disabled={isPending}
            title="Shortcut: s"
          >
            Resolve
          </Button>
        ) : null}
        {!readOnly && status !== "resolved" ? (
          <Button
            size="sm"
            variant="outline"
            onClick={() => run(() => resolveWithSummaryAction({ number }))}
            disabled={isPending}
            title="Resolve and email the requester the public conversation"
          >
            Resolve and send summary
          </Button>
        ) : null}
        {!readOnly ? (
          <Button
            size="sm"
            variant="outline"
            onClick={() => setMergeOpen(true)}
            disabled={isPending}
          >
            Merge…
          </Button>
        ) : null}
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setHelpOpen(true)}
          aria-label="Keyboard shortcuts"
        >
          ?
        </Button>
      </div>
      {error ? <Alert className="max-w-md">{error}</Alert> : null}

      <Dialog open={mergeOpen} onOpenChange={setMergeOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Merge {formatTicketNumber(number)} into another ticket</DialogTitle>
            <DialogDescription>
              The conversation, subscribers and tags move to the other ticket; this one closes and
              later replies to it land there.
            </DialogDescription>
          </DialogHeader>
          <form
            className="flex flex-col gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              merge();
            }}
          >
            <Label htmlFor="merge-target">Merge into ticket</Label>
            <Input
              id="merge-target"
              placeholder="TKT-042"
              value={mergeTarget}
              onChange={(e) => setMergeTarget(e.target.value)}
              aria-invalid={mergeError ? true : undefined}
            />
            {mergeError ? <p className="text-sm text-destructive">{mergeError}</p> : null}
            <DialogFooter>
              <Button type="button" variant="ghost" onClick={() => setMergeOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isPending || !mergeTarget.trim()}>
                Merge
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={helpOpen} onOpenChange={setHelpOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Keyboard shortcuts</DialogTitle>
          </DialogHeader>
          <dl className="grid grid-cols-[3rem_1fr] gap-y-2 text-sm">
            {shortcuts.map(([key, what]) => (
              <div key={key} className="contents">
                <dt>
                  <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">
                    {key}
                  </kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </DialogContent>
      </Dialog>
    </div>
  );
}
