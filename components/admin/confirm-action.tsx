"use client";

/**
 * A button that asks before doing something destructive. The dialog stays open while the action
 * runs and shows its error if it fails; it closes on success.
 */
import { useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/safe-action";
import { useAdminAction } from "./action-form";

export function ConfirmAction<TData>({
  trigger,
  triggerLabel,
  title,
  description,
  confirmLabel,
  pendingLabel = "Working…",
  destructive = true,
  perform,
  onDone,
}: {
  /** The visible content of the trigger button. */
  trigger: ReactNode;
  /** Accessible name of the trigger when its content is not self-explanatory (an icon). */
  triggerLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  destructive?: boolean;
  perform: () => Promise<ActionResult<TData>>;
  onDone?: (data: TData) => void;
}) {
  const [open, setOpen] = useState(false);
  const { run, isPending, failure, reset } = useAdminAction(perform);
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (isPending) return;
        setOpen(next);
        if (!next) reset();
      }}
    >
      <AlertDialogTrigger asChild>
        <Button
          type="button"
          size="sm"
          variant="outline"
          className={destructive ? "text-destructive hover:text-destructive" : undefined}
          aria-label={triggerLabel}
        >
          {trigger}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {failure ? <Alert>{failure.error}</Alert> : null}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button type="button" variant="outline" disabled={isPending}>
              Cancel
            </Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: that would close the dialog before the result is known. */}
          <Button
            type="button"
            variant={destructive ? "destructive" : "default"}
            disabled={isPending}
            onClick={() =>
              run(undefined, (data) => {
                setOpen(false);
                reset();
                onDone?.(data);
              })
            }
          >
            {isPending ? pendingLabel : confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
