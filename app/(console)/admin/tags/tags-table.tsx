"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { ConfirmAction } from "@/components/admin/confirm-action";
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
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { AdminTag } from "@/lib/admin/queries";
import { deleteTagAction, renameTagAction } from "./actions";

export function TagsTable({ tags }: { tags: AdminTag[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Tag</TableHead>
          <TableHead>Tickets</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tags.map((tag) => (
          <TableRow key={tag.id}>
            <TableCell className="font-medium">{tag.name}</TableCell>
            <TableCell>{tag.tickets}</TableCell>
            <TableCell>
              <div className="flex justify-end gap-2">
                <RenameTagDialog tag={tag} />
                <ConfirmAction
                  trigger={
                    <>
                      <Trash2 className="size-4" aria-hidden /> Delete
                    </>
                  }
                  triggerLabel={`Delete tag ${tag.name}`}
                  title={`Delete the tag “${tag.name}”?`}
                  description={
                    tag.tickets > 0
                      ? `It will be removed from ${tag.tickets} ${tag.tickets === 1 ? "ticket" : "tickets"}. This cannot be undone.`
                      : "No ticket uses it. This cannot be undone."
                  }
                  confirmLabel="Delete tag"
                  pendingLabel="Deleting…"
                  perform={() => deleteTagAction({ tagId: tag.id })}
                />
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function RenameTagDialog({ tag }: { tag: AdminTag }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { run, isPending, result, fieldErrors, reset } = useAdminAction(renameTagAction);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline" aria-label={`Rename tag ${tag.name}`}>
          <Pencil className="size-4" aria-hidden /> Rename
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename tag</DialogTitle>
          <DialogDescription>
            Every ticket tagged “{tag.name}” will show the new name.
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get("name") ?? "");
            run({ tagId: tag.id, name }, () => setOpen(false));
          }}
        >
          <FormField id={`${id}-name`} label="Name" error={fieldErrors.name}>
            {(props) => <Input {...props} name="name" defaultValue={tag.name} autoComplete="off" />}
          </FormField>
          <ActionMessage result={result} fields={["name"]} />
          <div className="flex justify-end">
            <Button type="submit" disabled={isPending}>
              {isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
