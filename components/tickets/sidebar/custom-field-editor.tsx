"use client";

/**
 * One custom field edited in place with the control for its type. Text, number, date and select
 * fields save with their own Save button; a checkbox saves as soon as it changes. The parent keys
 * this component by the stored value, so a saved change starts it afresh.
 */
import { useId, useState, useTransition, type FormEvent } from "react";
import { setCustomFieldValueAction } from "@/app/(console)/tickets/[ref]/sidebar-actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { CustomField, CustomFieldValue } from "@/db/schema";
import type { ActionError } from "@/lib/safe-action";
import { FieldError, firstFieldError } from "./action-feedback";

export type EditableCustomField = Pick<CustomField, "id" | "key" | "label" | "type" | "options">;

function errorFor(field: EditableCustomField, error: ActionError): string {
  return (
    firstFieldError(error.fieldErrors, field.key) ??
    firstFieldError(error.fieldErrors, "value") ??
    error.error
  );
}

export function CustomFieldEditor({
  ticketNumber,
  field,
  value,
}: {
  ticketNumber: number;
  field: EditableCustomField;
  value: CustomFieldValue | null;
}) {
  if (field.type === "checkbox") {
    return <CheckboxField ticketNumber={ticketNumber} field={field} value={value === true} />;
  }
  return (
    <InputField
      ticketNumber={ticketNumber}
      field={field}
      value={value === null ? "" : String(value)}
    />
  );
}

function CheckboxField({
  ticketNumber,
  field,
  value,
}: {
  ticketNumber: number;
  field: EditableCustomField;
  value: boolean;
}) {
  const [isChecked, setIsChecked] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const id = useId();

  function save(checked: boolean) {
    setIsChecked(checked);
    startTransition(async () => {
      const result = await setCustomFieldValueAction({
        number: ticketNumber,
        fieldId: field.id,
        value: checked,
      });
      startTransition(() => {
        if (result.ok) {
          setError(null);
        } else {
          setIsChecked(!checked);
          setError(errorFor(field, result));
        }
      });
    });
  }

  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <input
          id={`${id}-input`}
          type="checkbox"
          className="size-4 rounded border-input accent-primary disabled:opacity-50"
          checked={isChecked}
          disabled={isPending}
          onChange={(event) => save(event.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <Label htmlFor={`${id}-input`}>{field.label}</Label>
      </div>
      <FieldError id={`${id}-error`} message={error ?? undefined} />
    </div>
  );
}

function InputField({
  ticketNumber,
  field,
  value,
}: {
  ticketNumber: number;
  field: EditableCustomField;
  value: string;
}) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const id = useId();
  const inputId = `${id}-input`;
  const errorId = `${id}-error`;
  const describedBy = error ? errorId : undefined;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await setCustomFieldValueAction({
        number: ticketNumber,
        fieldId: field.id,
        // The domain parses the text for the field's type; an empty box clears the value.
        value: draft.trim() === "" ? null : draft,
      });
      startTransition(() => setError(result.ok ? null : errorFor(field, result)));
    });
  }

  // A select keeps showing a stored choice that an admin has since removed from the options.
  const options =
    field.type === "select" && value !== "" && !field.options.includes(value)
      ? [...field.options, value]
      : field.options;

  return (
    <form onSubmit={save} className="flex flex-col gap-1.5" noValidate>
      <Label htmlFor={inputId}>{field.label}</Label>
      <div className="flex gap-2">
        <div className="min-w-0 flex-1">
          {field.type === "select" ? (
            <NativeSelect
              id={inputId}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            >
              <option value="">None</option>
              {options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </NativeSelect>
          ) : (
            <Input
              id={inputId}
              type={field.type === "number" ? "number" : field.type === "date" ? "date" : "text"}
              step={field.type === "number" ? "any" : undefined}
              maxLength={field.type === "text" ? 2000 : undefined}
              autoComplete="off"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </div>
        <Button
          type="submit"
          variant="outline"
          size="sm"
          className="h-9"
          aria-label={`Save ${field.label}`}
          disabled={isPending || draft === value}
        >
          Save
        </Button>
      </div>
      <FieldError id={errorId} message={error ?? undefined} />
    </form>
  );
}
