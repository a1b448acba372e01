"use client";

import { Pencil } from "lucide-react";
import { useId, useRef, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { CustomFieldType, CustomFieldVisibility } from "@/db/schema";
import { toSnakeKey } from "@/lib/admin/keys";
import type { AdminCustomField } from "@/lib/admin/queries";
import { createCustomFieldAction, updateCustomFieldAction } from "./actions";
import { typeLabels, typeOptions, visibilityLabels, visibilityOptions } from "./labels";

const fields = ["label", "key", "type", "options", "visibility", "position", "isActive"] as const;

/** One option per line; blank lines are ignored. */
function readOptions(data: FormData): string[] {
  return String(data.get("options") ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function readPosition(data: FormData): number | undefined {
  const raw = String(data.get("position") ?? "").trim();
  return raw === "" ? undefined : Number(raw);
}

/** Creates a field, or edits `field` (key and type then shown but not editable). */
export function CustomFieldForm({
  field,
  onSaved,
}: {
  field?: AdminCustomField;
  onSaved?: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [label, setLabel] = useState(field?.label ?? "");
  const [type, setType] = useState<CustomFieldType>(field?.type ?? "text");
  const create = useAdminAction(createCustomFieldAction);
  const update = useAdminAction(updateCustomFieldAction);
  const current = field ? update : create;
  const errors = current.fieldErrors;
  const derivedKey = toSnakeKey(label);

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const common = {
          label,
          options: type === "select" ? readOptions(data) : [],
          visibility: String(data.get("visibility") ?? "agents") as CustomFieldVisibility,
          position: readPosition(data),
          isActive: data.get("isActive") === "on",
        };
        if (field) {
          update.run({ fieldId: field.id, ...common }, () => onSaved?.());
        } else {
          const key = String(data.get("key") ?? "").trim();
          create.run({ ...common, type, key: key || undefined }, () => {
            formRef.current?.reset();
            setLabel("");
            setType("text");
          });
        }
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={`${id}-label`} label="Label" error={errors.label}>
          {(props) => (
            <Input
              {...props}
              name="label"
              value={label}
              onChange={(event) => setLabel(event.target.value)}
              autoComplete="off"
              required
            />
          )}
        </FormField>
        {field ? (
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium">Key</span>
            <code className="flex h-9 items-center font-mono text-sm">{field.key}</code>
            <p className="text-xs text-muted-foreground">Fixed once the field exists.</p>
          </div>
        ) : (
          <FormField
            id={`${id}-key`}
            label="Key"
            hint={
              <>
                Used by the API and in masks; cannot be changed later. Leave empty to use{" "}
                <code className="font-mono">{derivedKey || "a key made from the label"}</code>.
              </>
            }
            error={errors.key}
          >
            {(props) => (
              <Input
                {...props}
                name="key"
                placeholder={derivedKey}
                autoComplete="off"
                className="font-mono"
              />
            )}
          </FormField>
        )}
        {field ? (
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium">Type</span>
            <span className="flex h-9 items-center text-sm">{typeLabels[field.type]}</span>
          </div>
        ) : (
          <FormField id={`${id}-type`} label="Type" error={errors.type}>
            {(props) => (
              <NativeSelect
                {...props}
                name="type"
                value={type}
                onChange={(event) => setType(event.target.value as CustomFieldType)}
              >
                {typeOptions.map((value) => (
                  <option key={value} value={value}>
                    {typeLabels[value]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
        )}
        <FormField id={`${id}-visibility`} label="Visible to" error={errors.visibility}>
          {(props) => (
            <NativeSelect {...props} name="visibility" defaultValue={field?.visibility ?? "agents"}>
              {visibilityOptions.map((value) => (
                <option key={value} value={value}>
                  {visibilityLabels[value]}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
        {type === "select" ? (
          <FormField
            id={`${id}-options`}
            label="Options"
            hint="One per line, in the order they are offered. Each option only once."
            error={errors.options}
            className="sm:col-span-2"
          >
            {(props) => (
              <Textarea
                {...props}
                name="options"
                rows={4}
                defaultValue={field?.options.join("\n")}
              />
            )}
          </FormField>
        ) : null}
        <FormField
          id={`${id}-position`}
          label="Position"
          hint={field ? "Fields are shown in ascending position." : "Leave empty to add it last."}
          error={errors.position}
        >
          {(props) => (
            <Input
              {...props}
              name="position"
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              defaultValue={field?.position}
              className="w-32"
            />
          )}
        </FormField>
        <div className="flex items-center gap-2 self-end sm:h-9">
          <Checkbox
            id={`${id}-active`}
            name="isActive"
            defaultChecked={field?.isActive ?? true}
            aria-describedby={`${id}-active-hint`}
          />
          <Label htmlFor={`${id}-active`}>Active</Label>
          <span id={`${id}-active-hint`} className="text-xs text-muted-foreground">
            Inactive fields are hidden on tickets; stored values are kept.
          </span>
        </div>
      </div>
      <ActionMessage
        result={current.result}
        fields={fields}
        success={
          !field && create.result?.ok
            ? `Field “${create.result.data.label}” created with the key ${create.result.data.key}.`
            : undefined
        }
      />
      <div>
        <Button type="submit" disabled={current.isPending}>
          {field
            ? current.isPending
              ? "Saving…"
              : "Save changes"
            : current.isPending
              ? "Creating…"
              : "Create field"}
        </Button>
      </div>
    </form>
  );
}

export function EditCustomFieldDialog({ field }: { field: AdminCustomField }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline" aria-label={`Edit ${field.label}`}>
          <Pencil className="size-4" aria-hidden /> Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit field</DialogTitle>
          <DialogDescription>
            Removing an option does not change tickets that already have it.
          </DialogDescription>
        </DialogHeader>
        {/* Mounted only while open, so each opening starts from the saved values. */}
        {open ? <CustomFieldForm field={field} onSaved={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
