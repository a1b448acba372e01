"use client";

/** Renames one row of an admin table (a category, a tag) in a dialog with a single Name field. */
import { Pencil } from "lucide-react";
import { useId, type ReactNode } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { DialogSaveForm } from "@/components/admin/dialog-save-form";
import { EditDialog } from "@/components/admin/edit-dialog";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/safe-action";

export function RenameDialog<TData>({
  name,
  triggerLabel,
  title,
  description,
  rename,
}: {
  /** The current name, the field's starting value. */
  name: string;
  triggerLabel: string;
  title: string;
  description: ReactNode;
  rename: (name: string) => Promise<ActionResult<TData>>;
}) {
  const id = useId();
  const { run, isPending, result, fieldErrors, reset } = useAdminAction(rename);
  return (
    <EditDialog
      trigger={
        <>
          <Pencil className="size-4" aria-hidden /> Rename
        </>
      }
      triggerLabel={triggerLabel}
      title={title}
      description={description}
      onOpenChange={(open) => {
        if (!open) reset();
      }}
    >
      {(close) => (
        <DialogSaveForm
          isPending={isPending}
          onSubmit={(data) => run(String(data.get("name") ?? ""), close)}
        >
          <FormField id={`${id}-name`} label="Name" error={fieldErrors.name}>
            {(props) => <Input {...props} name="name" defaultValue={name} autoComplete="off" />}
          </FormField>
          <ActionMessage result={result} fields={["name"]} />
        </DialogSaveForm>
      )}
    </EditDialog>
  );
}
