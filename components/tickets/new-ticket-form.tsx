"use client";

import { createTicketAction } from "@/app/(console)/tickets/new/actions";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import {
  ticketChannels,
  ticketPriorities,
  type TicketChannel,
  type TicketPriority,
} from "@/db/schema/enum-values";
import { channelLabels, priorityLabels } from "@/lib/tickets/labels";
import { OpenTicketForm } from "./open-ticket-form";

type Option = { id: number; name: string };
export function NewTicketForm({
  options,
}: {
  options: { categories: Option[]; users: Option[]; teams: Option[] };
}) {
  return (
    <OpenTicketForm
      submitLabel="Create ticket"
      pendingLabel="Creating…"
      send={(text, attachmentIds) => {
        const id = (name: string) => (text(name) ? Number(text(name)) : null);
        const tags = text("tags")
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean);
        return createTicketAction({
          requester: { email: text("email"), name: text("name") || undefined },
          subject: text("subject"),
          body: text("body"),
          channel: text("channel") as TicketChannel,
          priority: text("priority") as TicketPriority,
          categoryId: id("categoryId"),
          assigneeId: id("assigneeId"),
          teamId: id("teamId"),
          tags,
          dueAt: text("dueAt") ? new Date(text("dueAt")) : null,
          attachmentIds,
        });
      }}
    >
      {({ err, invalid }) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="email" label="Requester email" error={err("requester")}>
              <Input
                id="email"
                name="email"
                type="email"
                required
                autoComplete="off"
                {...invalid("requester", "email")}
              />
            </Field>
            <Field id="name" label="Requester name">
              <Input id="name" name="name" autoComplete="off" />
            </Field>
          </div>
          <Field id="subject" label="Subject" error={err("subject")}>
            <Input id="subject" name="subject" required {...invalid("subject")} />
          </Field>
          <Field id="body" label="Description" error={err("body")}>
            <Textarea id="body" name="body" rows={6} required {...invalid("body")} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="channel" label="Channel">
              <NativeSelect id="channel" name="channel" defaultValue="phone">
                {ticketChannels.map((c) => (
                  <option key={c} value={c}>
                    {channelLabels[c]}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="priority" label="Priority">
              <NativeSelect id="priority" name="priority" defaultValue="medium">
                {ticketPriorities.map((p) => (
                  <option key={p} value={p}>
                    {priorityLabels[p]}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="categoryId" label="Category" error={err("categoryId")}>
              <NativeSelect id="categoryId" name="categoryId" defaultValue="">
                <option value="">No category</option>
                {options.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="assigneeId" label="Assignee" error={err("assigneeId")}>
              <NativeSelect id="assigneeId" name="assigneeId" defaultValue="">
                <option value="">Unassigned</option>
                {options.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="teamId" label="Team" error={err("teamId")}>
              <NativeSelect id="teamId" name="teamId" defaultValue="">
                <option value="">No team</option>
                {options.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="dueAt" label="Due" error={err("dueAt")}>
              <Input id="dueAt" name="dueAt" type="datetime-local" />
            </Field>
          </div>
          <Field id="tags" label="Tags (comma separated)" error={err("tags")}>
            <Input id="tags" name="tags" placeholder="vip, onboarding" />
          </Field>
        </>
      )}
    </OpenTicketForm>
  );
}
