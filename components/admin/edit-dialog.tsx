"use client";

/**
 * The button on an admin table row that opens a dialog to change that row: a small outline trigger,
 * the dialog's title and description, and a body that can close it once its save succeeded.
 */
import { Pencil } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

export function EditDialog({
  trigger,
  triggerLabel,
  disabled,
  describedBy,
  title,
  description,
  className,
  onOpenChange,
  children,
}: {
  /** The visible content of the trigger button; a pencil and "Edit" by default. */
  trigger?: ReactNode;
  /** The trigger's accessible name, naming the row it edits. */
  triggerLabel: string;
  disabled?: boolean;
  /** Id of the text that says why the trigger is disabled. */
  describedBy?: string;
  title: ReactNode;
  description: ReactNode;
  /** Classes of the dialog box, e.g. a wider one for a long form. */
  className?: string;
  /** Called after the dialog opened or closed, e.g. to reset the form's state. */
  onOpenChange?: (open: boolean) => void;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        onOpenChange?.(next);
      }}
    >
      <DialogTrigger asChild>
        <Button
          type="button"
          size="sm"
          variant="outline"
          aria-label={triggerLabel}
          aria-describedby={describedBy}
          disabled={disabled}
        >
          {trigger ?? (
            <>
              <Pencil className="size-4" aria-hidden /> Edit
            </>
          )}
        </Button>
      </DialogTrigger>
      <DialogContent className={className}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children(() => setOpen(false))}
      </DialogContent>
    </Dialog>
  );
}
