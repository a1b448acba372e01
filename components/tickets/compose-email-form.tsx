"use client";

/** The /tickets/compose form: To, name, From (with several mailboxes), subject, message and files. */
import { composeEmailAction } from "@/app/(console)/tickets/compose/actions";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { OpenTicketForm } from "./open-ticket-form";

export function ComposeEmailForm({
  mailboxes,
}: {
  mailboxes: { id: number; name: string; address: string; isDefault: boolean }[];
}) {
  return (
    <OpenTicketForm
      errorIdPrefix="compose-"
      submitLabel="Send email"
      pendingLabel="Sending…"
      send={(text, attachmentIds) =>
        composeEmailAction({
          to: text("to"),
          name: text("name") || undefined,
          subject: text("subject"),
          body: text("body"),
          mailboxId: text("mailboxId") ? Number(text("mailboxId")) : null,
          attachmentIds,
        })
      }
    >
      {({ err, invalid }) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="compose-to" label="To" error={err("to")}>
              <Input
                id="compose-to"
                name="to"
                type="email"
                required
                autoComplete="off"
                placeholder="name@example.com"
                {...invalid("to")}
              />
            </Field>
            <Field id="compose-name" label="Customer name">
              <Input id="compose-name" name="name" autoComplete="off" />
            </Field>
          </div>
          {mailboxes.length > 1 ? (
            <Field id="compose-mailbox" label="From" error={err("mailboxId")}>
              <NativeSelect
                id="compose-mailbox"
                name="mailboxId"
                defaultValue={String(mailboxes.find((m) => m.isDefault)?.id ?? mailboxes[0]!.id)}
              >
                {mailboxes.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} &lt;{m.address}&gt;
                  </option>
                ))}
              </NativeSelect>
            </Field>
          ) : null}
          <Field id="compose-subject" label="Subject" error={err("subject")}>
            <Input id="compose-subject" name="subject" required {...invalid("subject")} />
          </Field>
          <Field id="compose-body" label="Message" error={err("body")}>
            <Textarea id="compose-body" name="body" rows={8} required {...invalid("body")} />
          </Field>
        </>
      )}
    </OpenTicketForm>
  );
}
