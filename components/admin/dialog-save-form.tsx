/**
 * The form inside an admin edit dialog: its fields in a column, then the one Save button, which says
 * "Saving…" while the action runs. Browser validation is off; the server action's messages show.
 */
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";

export function DialogSaveForm({
  isPending,
  onSubmit,
  children,
}: {
  isPending: boolean;
  onSubmit: (data: FormData) => void;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(new FormData(event.currentTarget));
      }}
    >
      {children}
      <DialogFooter>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}
