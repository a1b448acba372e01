"use client";

import { useId, useRef } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { createUserAction } from "./actions";

const fields = ["name", "email", "role", "password"] as const;

export function CreateUserForm() {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { run, isPending, result, fieldErrors } = useAdminAction(createUserAction);

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        run(
          {
            name: String(data.get("name") ?? ""),
            email: String(data.get("email") ?? "").trim(),
            role: String(data.get("role") ?? "agent") as "agent" | "admin",
            password: String(data.get("password") ?? ""),
          },
          () => formRef.current?.reset(),
        );
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={`${id}-name`} label="Name" error={fieldErrors.name}>
          {(props) => <Input {...props} name="name" autoComplete="off" required />}
        </FormField>
        <FormField id={`${id}-email`} label="Email" error={fieldErrors.email}>
          {(props) => <Input {...props} name="email" type="email" autoComplete="off" required />}
        </FormField>
        <FormField
          id={`${id}-role`}
          label="Role"
          hint="Admins can change every setting on these pages."
          error={fieldErrors.role}
        >
          {(props) => (
            <NativeSelect {...props} name="role" defaultValue="agent">
              <option value="agent">Agent</option>
              <option value="admin">Admin</option>
            </NativeSelect>
          )}
        </FormField>
        <FormField
          id={`${id}-password`}
          label="Initial password"
          hint="At least 10 characters. Share it with them privately."
          error={fieldErrors.password}
        >
          {(props) => (
            <Input
              {...props}
              name="password"
              type="password"
              autoComplete="new-password"
              required
            />
          )}
        </FormField>
      </div>
      <ActionMessage
        result={result}
        fields={fields}
        success={result?.ok ? `${result.data.name} can now sign in.` : null}
      />
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Adding…" : "Add person"}
        </Button>
      </div>
    </form>
  );
}
