"use client";

import { MoveButtons } from "@/components/admin/move-buttons";
import { Pencil } from "lucide-react";
import { Fragment, useId, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
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
import type { AdminCategory } from "@/lib/admin/queries";
import { moveCategoryAction, renameCategoryAction, setCategoryActiveAction } from "./actions";

export function CategoriesTable({ categories }: { categories: AdminCategory[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Order</TableHead>
          <TableHead>Name</TableHead>
          <TableHead>API value</TableHead>
          <TableHead>Tickets</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {categories.map((category, index) => (
          <CategoryRow
            key={category.id}
            category={category}
            isFirst={index === 0}
            isLast={index === categories.length - 1}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function CategoryRow({
  category,
  isFirst,
  isLast,
}: {
  category: AdminCategory;
  isFirst: boolean;
  isLast: boolean;
}) {
  const move = useAdminAction(moveCategoryAction);
  const toggle = useAdminAction(setCategoryActiveAction);
  const failure = move.failure ?? toggle.failure;

  return (
    <Fragment>
      <TableRow className={category.isActive ? undefined : "text-muted-foreground"}>
        <TableCell>
          <MoveButtons
            name={category.name}
            isFirst={isFirst}
            isLast={isLast}
            disabled={move.isPending}
            onMove={(direction) => move.run({ categoryId: category.id, direction })}
          />
        </TableCell>
        <TableCell className="font-medium">{category.name}</TableCell>
        <TableCell className="font-mono text-xs">{category.slug}</TableCell>
        <TableCell>{category.tickets}</TableCell>
        <TableCell>
          {category.isActive ? (
            <Badge>Active</Badge>
          ) : (
            <Badge className="text-muted-foreground">Inactive</Badge>
          )}
        </TableCell>
        <TableCell>
          <div className="flex justify-end gap-2">
            <RenameCategoryDialog category={category} />
            <Button
              type="button"
              size="sm"
              variant="outline"
              aria-label={`${category.isActive ? "Deactivate" : "Activate"} ${category.name}`}
              disabled={toggle.isPending}
              onClick={() => toggle.run({ categoryId: category.id, isActive: !category.isActive })}
            >
              {category.isActive ? "Deactivate" : "Activate"}
            </Button>
          </div>
        </TableCell>
      </TableRow>
      {failure ? (
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={6}>
            <Alert>{failure.error}</Alert>
          </TableCell>
        </TableRow>
      ) : null}
    </Fragment>
  );
}

function RenameCategoryDialog({ category }: { category: AdminCategory }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { run, isPending, result, fieldErrors, reset } = useAdminAction(renameCategoryAction);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline" aria-label={`Rename ${category.name}`}>
          <Pencil className="size-4" aria-hidden /> Rename
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename category</DialogTitle>
          <DialogDescription>
            The API value stays <code className="font-mono">{category.slug}</code>, so integrations
            and saved searches keep working.
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get("name") ?? "");
            run({ categoryId: category.id, name }, () => setOpen(false));
          }}
        >
          <FormField id={`${id}-name`} label="Name" error={fieldErrors.name}>
            {(props) => (
              <Input {...props} name="name" defaultValue={category.name} autoComplete="off" />
            )}
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
