"use client";

/**
 * The IMAP settings form. The password is write-only: the field starts empty, and leaving it empty
 * keeps the stored one. "Test connection" logs in with what is on the form without saving it.
 */
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { MailboxPollingView } from "@/lib/admin/mailbox-polling";
import { saveMailboxPollingAction, testMailboxConnectionAction } from "./actions";

const fields = [
  "host",
  "port",
  "tls",
  "user",
  "password",
  "folder",
  "afterFetch",
  "moveFolder",
  "pollingEnabled",
] as const;

export function PollingForm({
  mailboxId,
  settings,
}: {
  mailboxId: number;
  settings: MailboxPollingView["settings"];
}) {
  const id = useId();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const save = useAdminAction(saveMailboxPollingAction);
  const test = useAdminAction(testMailboxConnectionAction);
  const [tls, setTls] = useState(settings.tls);
  const [afterFetch, setAfterFetch] = useState(settings.afterFetch);
  const [pollingEnabled, setPollingEnabled] = useState(settings.pollingEnabled);
  const [hasPassword, setHasPassword] = useState(settings.hasPassword);
  // Field messages from whichever button was used last.
  const [last, setLast] = useState<"save" | "test">("save");
  const errors = (last === "save" ? save : test).fieldErrors;

  const values = () => {
    const data = new FormData(formRef.current!);
    const text = (name: string) => String(data.get(name) ?? "");
    return {
      mailboxId,
      host: text("host"),
      port: Number(text("port")),
      tls,
      user: text("user"),
      password: text("password"),
      folder: text("folder"),
      afterFetch,
      moveFolder: afterFetch === "move" ? text("moveFolder") : "",
      pollingEnabled,
    };
  };

  const testResult = test.result?.ok ? test.result.data : null;

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        setLast("save");
        save.run(values(), (data) => {
          setHasPassword(data.hasPassword);
          const password = formRef.current?.elements.namedItem("password");
          if (password instanceof HTMLInputElement) password.value = "";
          router.refresh();
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <FormField
          id={`${id}-host`}
          label="IMAP server"
          hint="For example imap.gmail.com or outlook.office365.com."
          error={errors.host}
        >
          {(props) => (
            <Input
              {...props}
              name="host"
              defaultValue={settings.host}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </FormField>
        <FormField id={`${id}-port`} label="Port" error={errors.port}>
          {(props) => (
            <Input
              {...props}
              name="port"
              type="number"
              min={1}
              max={65535}
              defaultValue={settings.port}
            />
          )}
        </FormField>
      </div>
      <FormField
        id={`${id}-tls`}
        label="Security"
        hint="The server's certificate is always verified. Without implicit TLS the connection must be upgraded with STARTTLS; passwords never travel unencrypted."
        error={errors.tls}
      >
        {(props) => (
          <NativeSelect
            {...props}
            value={tls ? "tls" : "starttls"}
            onChange={(event) => setTls(event.target.value === "tls")}
          >
            <option value="tls">Implicit TLS (usually port 993)</option>
            <option value="starttls">STARTTLS (usually port 143)</option>
          </NativeSelect>
        )}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={`${id}-user`} label="User name" error={errors.user}>
          {(props) => (
            <Input
              {...props}
              name="user"
              defaultValue={settings.user}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </FormField>
        <FormField
          id={`${id}-password`}
          label="Password"
          hint={
            hasPassword
              ? "A password is stored (encrypted). Leave this empty to keep it."
              : "Stored encrypted; it is never shown again. For Gmail or Outlook use an app password."
          }
          error={errors.password}
        >
          {(props) => (
            <Input
              {...props}
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={hasPassword ? "••••••••" : undefined}
            />
          )}
        </FormField>
      </div>
      <FormField
        id={`${id}-folder`}
        label="Folder"
        hint="Where new mail is taken from."
        error={errors.folder}
      >
        {(props) => <Input {...props} name="folder" defaultValue={settings.folder} />}
      </FormField>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">After a message is stored</legend>
        {(
          [
            ["delete", "Delete it from the server"],
            ["move", "Move it to another folder"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="afterFetch"
              value={value}
              checked={afterFetch === value}
              onChange={() => setAfterFetch(value)}
            />
            {label}
          </label>
        ))}
        {errors.afterFetch?.[0] ? (
          <p className="text-sm text-destructive">{errors.afterFetch[0]}</p>
        ) : null}
      </fieldset>
      {afterFetch === "move" ? (
        <FormField
          id={`${id}-moveFolder`}
          label="Move to folder"
          hint="Created on the server if it does not exist."
          error={errors.moveFolder}
        >
          {(props) => (
            <Input {...props} name="moveFolder" defaultValue={settings.moveFolder || "Helpdesk"} />
          )}
        </FormField>
      ) : null}
      <div className="flex items-start gap-2">
        <Checkbox
          id={`${id}-pollingEnabled`}
          checked={pollingEnabled}
          onCheckedChange={(checked) => setPollingEnabled(checked === true)}
          className="mt-0.5"
        />
        <div className="flex flex-col gap-0.5">
          <Label htmlFor={`${id}-pollingEnabled`}>Poll this mailbox every minute</Label>
          {errors.pollingEnabled?.[0] ? (
            <p className="text-sm text-destructive">{errors.pollingEnabled[0]}</p>
          ) : null}
        </div>
      </div>

      {last === "save" ? (
        <ActionMessage result={save.result} fields={fields} success="Polling settings saved." />
      ) : testResult ? (
        <Alert tone={testResult.ok ? "info" : "error"}>
          {testResult.ok ? "Connection works. " : "Connection failed. "}
          {testResult.message}
        </Alert>
      ) : (
        <ActionMessage result={test.result} fields={fields} />
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending || test.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={save.isPending || test.isPending}
          onClick={() => {
            setLast("test");
            test.run(values());
          }}
        >
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
      </div>
    </form>
  );
}
