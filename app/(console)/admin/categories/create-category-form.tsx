"use client";

import { useId, useRef, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toSnakeKey } from "@/lib/admin/keys";
import { createCategoryAction } from "./actions";

export function CreateCategoryForm() {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState("");
  const { run, isPending, result, fieldErrors } = useAdminAction(createCategoryAction);
  const slug = toSnakeKey(name);

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        run({ name }, () => setName(""));
      }}
    >
      <div className="flex flex-wrap items-start gap-3">
        <FormField
          id={`${id}-name`}
          label="Name"
          hint={
            slug ? (
              <>
                API value: <code className="font-mono">{slug}</code>
              </>
            ) : (
              "The API value is made from the name."
            )
          }
          error={fieldErrors.name}
          className="min-w-64 flex-1"
        >
          {(props) => (
            <Input
              {...props}
              name="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              autoComplete="off"
              required
            />
          )}
        </FormField>
        <Button type="submit" disabled={isPending} className="sm:mt-6">
          {isPending ? "Adding…" : "Add category"}
        </Button>
      </div>
      <ActionMessage
        result={result}
        fields={["name"]}
        success={result?.ok ? `Category “${result.data.name}” added at the end.` : undefined}
      />
    </form>
  );
}
