"use client";

import { useId, useRef } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { createTagAction } from "./actions";

export function CreateTagForm() {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { run, isPending, result, fieldErrors } = useAdminAction(createTagAction);
  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const name = String(new FormData(event.currentTarget).get("name") ?? "");
        run({ name }, () => formRef.current?.reset());
      }}
    >
      <div className="flex flex-wrap items-start gap-3">
        <FormField
          id={`${id}-name`}
          label="Name"
          hint="Stored in lower case with dashes for spaces, e.g. “VIP customer” becomes vip-customer."
          error={fieldErrors.name}
          className="min-w-64 flex-1"
        >
          {(props) => <Input {...props} name="name" autoComplete="off" required />}
        </FormField>
        <Button type="submit" disabled={isPending} className="sm:mt-6">
          {isPending ? "Adding…" : "Add tag"}
        </Button>
      </div>
      <ActionMessage
        result={result}
        fields={["name"]}
        success={result?.ok ? `Tag “${result.data.name}” added.` : undefined}
      />
    </form>
  );
}
