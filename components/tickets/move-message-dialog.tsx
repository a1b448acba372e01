"use client";

/**
 * The agent's correction for a message that landed on the wrong ticket: move it to another ticket,
 * or split it off into a new one. Later email replies follow the message to where it now is.
 */
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormField, useAdminAction } from "@/components/admin/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import {
  moveMessageAction,
  splitMessageAction,
} from "@/app/(console)/tickets/[ref]/message-actions";

export function MoveMessageDialog({ messageId, author }: { messageId: number; author: string }) {
  const id = useId();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const move = useAdminAction(moveMessageAction);
  const split = useAdminAction(splitMessageAction);
  const isPending = move.isPending || split.isPending;
  const failure = move.failure ?? split.failure;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (isPending) return;
        setOpen(next);
        if (!next) {
          move.reset();
          split.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          className="h-7 px-2 text-xs"
          aria-label={`Move or split the message by ${author}`}
        >
          Move or split
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Move or split this message</DialogTitle>
          <DialogDescription>
            The message, its attachments and its email threading go with it; both tickets note the
            change.
          </DialogDescription>
        </DialogHeader>
        {failure && !failure.fieldErrors?.target ? <Alert>{failure.error}</Alert> : null}
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const target = String(new FormData(event.currentTarget).get("target") ?? "");
            split.reset();
            move.run({ messageId, target }, () => {
              setOpen(false);
              router.refresh();
            });
          }}
        >
          <FormField
            id={`${id}-target`}
            label="Move to ticket"
            hint="An open ticket, e.g. TKT-042."
            error={move.fieldErrors.target}
          >
            {(props) => <Input {...props} name="target" autoComplete="off" placeholder="TKT-042" />}
          </FormField>
          <div>
            <Button type="submit" disabled={isPending}>
              {move.isPending ? "Moving…" : "Move message"}
            </Button>
          </div>
        </form>
        <form
          noValidate
          className="flex flex-col gap-3 border-t pt-4"
          onSubmit={(event) => {
            event.preventDefault();
            const subject = String(new FormData(event.currentTarget).get("subject") ?? "");
            move.reset();
            // The message leaves this page with the split: follow it to its new ticket.
            split.run({ messageId, subject }, (data) => router.push(`/tickets/${data.ticket}`));
          }}
        >
          <FormField
            id={`${id}-subject`}
            label="Or split it into a new ticket"
            hint="Optional subject; empty keeps this ticket's subject."
            error={split.fieldErrors.subject}
          >
            {(props) => <Input {...props} name="subject" autoComplete="off" />}
          </FormField>
          <div>
            <Button type="submit" variant="outline" disabled={isPending}>
              {split.isPending ? "Splitting…" : "Split into new ticket"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
