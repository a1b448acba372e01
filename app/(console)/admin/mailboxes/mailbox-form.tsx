"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { FileInput } from "@/components/ui/file-input";
import { ticketPriorities, type TicketPriority } from "@/db/schema/enum-values";
import { priorityLabels } from "@/lib/tickets/labels";
import { createMailboxAction, updateMailboxAction } from "./actions";

/** Mirrors MAX_LOGO_BYTES in lib/admin/mailboxes.ts (checked again on the server). */
const MAX_LOGO_BYTES = 200 * 1024;

export type MailboxFormValues = {
  id?: number;
  name: string;
  address: string;
  isDefault: boolean;
  defaultTeamId: number | null;
  defaultCategoryId: number | null;
  defaultAssigneeId: number | null;
  defaultPriority: TicketPriority;
  acknowledgementEnabled: boolean;
  acknowledgementMessage: string;
  acceptUnknownSenders: boolean;
  addRecipientsAsSubscribers: boolean;
  slug: string;
  webFormEnabled: boolean;
  webFormCategoryChoice: boolean;
  brandColor: string | null;
  brandLogoUrl: string | null;
};

export type MailboxFormOptions = {
  teams: { id: number; name: string }[];
  categories: { id: number; name: string }[];
  assignees: { id: number; name: string }[];
};

const fields = [
  "name",
  "address",
  "isDefault",
  "defaultTeamId",
  "defaultCategoryId",
  "defaultAssigneeId",
  "defaultPriority",
  "acknowledgementMessage",
  "slug",
  "brandColor",
  "brandLogoUrl",
] as const;

type Flags = Pick<
  MailboxFormValues,
  | "isDefault"
  | "acknowledgementEnabled"
  | "acceptUnknownSenders"
  | "addRecipientsAsSubscribers"
  | "webFormEnabled"
  | "webFormCategoryChoice"
>;

const optionalId = (value: FormDataEntryValue | null) => (value ? Number(value) : null);

/** `Billing.Help@example.com` → `billing-help`: a first suggestion for the web form address. */
function slugFromAddress(address: string): string {
  return (address.split("@")[0] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** Creates a mailbox, or edits one when `mailbox.id` is set. */
export function MailboxForm({
  mailbox,
  options,
}: {
  mailbox: MailboxFormValues;
  options: MailboxFormOptions;
}) {
  const id = useId();
  const router = useRouter();
  const create = useAdminAction(createMailboxAction);
  const update = useAdminAction(updateMailboxAction);
  const isEdit = mailbox.id !== undefined;
  const current = isEdit ? update : create;
  const errors = current.fieldErrors;
  const [flags, setFlags] = useState<Flags>({
    isDefault: mailbox.isDefault,
    acknowledgementEnabled: mailbox.acknowledgementEnabled,
    acceptUnknownSenders: mailbox.acceptUnknownSenders,
    addRecipientsAsSubscribers: mailbox.addRecipientsAsSubscribers,
    webFormEnabled: mailbox.webFormEnabled,
    webFormCategoryChoice: mailbox.webFormCategoryChoice,
  });
  const [logo, setLogo] = useState(mailbox.brandLogoUrl ?? "");
  const [logoError, setLogoError] = useState<string | null>(null);
  const [color, setColor] = useState(mailbox.brandColor ?? "");
  const [slug, setSlug] = useState(mailbox.slug);
  // A new mailbox's slug follows its address until the admin types one.
  const [isSlugTouched, setIsSlugTouched] = useState(isEdit);

  const flag = (key: keyof Flags, label: ReactNode, hint?: ReactNode, disabled = false) => (
    <div className="flex items-start gap-2">
      <Checkbox
        id={`${id}-${key}`}
        checked={flags[key]}
        disabled={disabled}
        onCheckedChange={(checked) => setFlags((f) => ({ ...f, [key]: checked === true }))}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
        className="mt-0.5"
      />
      <div className="flex flex-col gap-0.5">
        <Label htmlFor={`${id}-${key}`}>{label}</Label>
        {hint ? (
          <p id={`${id}-${key}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
        {errors[key]?.[0] ? <p className="text-sm text-destructive">{errors[key][0]}</p> : null}
      </div>
    </div>
  );

  async function readLogo(file: File | undefined) {
    setLogoError(null);
    if (!file) return;
    if (!["image/png", "image/jpeg"].includes(file.type)) {
      setLogoError("Choose a PNG or JPEG image (SVG is not allowed).");
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      setLogoError("The logo must be 200 KB or smaller.");
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setLogo(String(reader.result ?? ""));
    reader.onerror = () => setLogoError("The file could not be read.");
    reader.readAsDataURL(file);
  }

  return (
    <form
      noValidate
      className="flex flex-col gap-6"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const values = {
          ...flags,
          name: String(data.get("name") ?? ""),
          address: String(data.get("address") ?? ""),
          defaultTeamId: optionalId(data.get("defaultTeamId")),
          defaultCategoryId: optionalId(data.get("defaultCategoryId")),
          defaultAssigneeId: optionalId(data.get("defaultAssigneeId")),
          defaultPriority: String(data.get("defaultPriority") ?? "medium") as TicketPriority,
          acknowledgementMessage: String(data.get("acknowledgementMessage") ?? ""),
          slug,
          brandColor: color.trim() || null,
          brandLogoUrl: logo.trim() || null,
        };
        if (isEdit) {
          update.run({ mailboxId: mailbox.id!, ...values }, () => router.refresh());
        } else {
          create.run(values, (created) => router.push(`/admin/mailboxes/${created.id}`));
        }
      }}
    >
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-sm font-semibold">Address</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <FormField id={`${id}-name`} label="Name" error={errors.name}>
            {(props) => (
              <Input {...props} name="name" defaultValue={mailbox.name} autoComplete="off" />
            )}
          </FormField>
          <FormField
            id={`${id}-address`}
            label="Address"
            hint="Mail to this address (or address+anything@) lands in this mailbox."
            error={errors.address}
          >
            {(props) => (
              <Input
                {...props}
                name="address"
                type="email"
                defaultValue={mailbox.address}
                onChange={(event) => {
                  if (!isSlugTouched) setSlug(slugFromAddress(event.target.value));
                }}
                autoComplete="off"
              />
            )}
          </FormField>
        </div>
        {flag(
          "isDefault",
          "Default mailbox",
          mailbox.isDefault && isEdit
            ? "This is the default mailbox. To change that, make another mailbox the default."
            : "Mail to an address no mailbox has goes here. There is exactly one default.",
          mailbox.isDefault && isEdit,
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-sm font-semibold">New tickets</legend>
        <p className="text-xs text-muted-foreground">
          Routing rules decide first; these defaults fill in what no rule sets.
        </p>
        <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-4">
          <FormField id={`${id}-team`} label="Default team" error={errors.defaultTeamId}>
            {(props) => (
              <NativeSelect
                {...props}
                name="defaultTeamId"
                defaultValue={mailbox.defaultTeamId ?? ""}
              >
                <option value="">No team</option>
                {options.teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <FormField
            id={`${id}-category`}
            label="Default category"
            error={errors.defaultCategoryId}
          >
            {(props) => (
              <NativeSelect
                {...props}
                name="defaultCategoryId"
                defaultValue={mailbox.defaultCategoryId ?? ""}
              >
                <option value="">No category</option>
                {options.categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <FormField id={`${id}-priority`} label="Default priority" error={errors.defaultPriority}>
            {(props) => (
              <NativeSelect
                {...props}
                name="defaultPriority"
                defaultValue={mailbox.defaultPriority}
              >
                {ticketPriorities.map((priority) => (
                  <option key={priority} value={priority}>
                    {priorityLabels[priority]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <FormField
            id={`${id}-assignee`}
            label="Default assignee"
            hint="Takes new tickets no one else assigned, while in the ticket's team."
            error={errors.defaultAssigneeId}
          >
            {(props) => (
              <NativeSelect
                {...props}
                name="defaultAssigneeId"
                defaultValue={mailbox.defaultAssigneeId ?? ""}
              >
                <option value="">Nobody (unassigned)</option>
                {options.assignees.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
        </div>
      </fieldset>

      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-sm font-semibold">Incoming mail</legend>
        {flag(
          "acknowledgementEnabled",
          "Send an acknowledgement",
          "New tickets get an automatic reply (never to auto-replies, bounces or no-reply senders).",
        )}
        <FormField
          id={`${id}-ack`}
          label="Acknowledgement message"
          hint="Optional. Your own words for the automatic reply; empty uses the standard text."
          error={errors.acknowledgementMessage}
        >
          {(props) => (
            <Textarea
              {...props}
              name="acknowledgementMessage"
              rows={3}
              defaultValue={mailbox.acknowledgementMessage}
              disabled={!flags.acknowledgementEnabled}
            />
          )}
        </FormField>
        {flag(
          "acceptUnknownSenders",
          "Accept mail from unknown senders",
          "Off: mail from an address that is not a contact or an agent is rejected into the Email log (retryable) and opens nothing.",
        )}
        {flag(
          "addRecipientsAsSubscribers",
          "Add the people in To and Cc as subscribers",
          "On new tickets and replies; our own addresses, the sender and agents are left out.",
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-sm font-semibold">Web form and branding</legend>
        <FormField
          id={`${id}-slug`}
          label="Web form address"
          hint="Lowercase letters, digits and hyphens: the form is at /support/<this>."
          error={errors.slug}
        >
          {(props) => (
            <Input
              {...props}
              name="slug"
              value={slug}
              onChange={(event) => {
                setIsSlugTouched(true);
                setSlug(event.target.value);
              }}
              autoComplete="off"
              className="font-mono"
            />
          )}
        </FormField>
        {flag("webFormEnabled", "Web form enabled")}
        {flag("webFormCategoryChoice", "Let requesters choose a category on the form")}
        <FormField
          id={`${id}-color`}
          label="Accent colour"
          hint="As #rrggbb. Empty: the app's colour."
          error={errors.brandColor}
        >
          {(props) => (
            <div className="flex items-center gap-2">
              <Input
                {...props}
                value={color}
                onChange={(event) => setColor(event.target.value)}
                placeholder="#2563eb"
                className="w-36 font-mono"
              />
              <input
                type="color"
                aria-label="Pick the accent colour"
                value={/^#[0-9a-f]{6}$/i.test(color) ? color.toLowerCase() : "#000000"}
                onChange={(event) => setColor(event.target.value)}
                className="h-9 w-12 cursor-pointer rounded-md border"
              />
            </div>
          )}
        </FormField>
        <FormField
          id={`${id}-logo`}
          label="Logo address"
          hint="An https:// address of the image, or upload a PNG or JPEG of at most 200 KB."
          error={logoError ? [logoError] : errors.brandLogoUrl}
        >
          {(props) => (
            <Input
              {...props}
              value={logo.startsWith("data:") ? "(uploaded image)" : logo}
              readOnly={logo.startsWith("data:")}
              onChange={(event) => setLogo(event.target.value)}
              placeholder="https://example.com/logo.png"
            />
          )}
        </FormField>
        <div className="flex flex-wrap items-center gap-3">
          <Label htmlFor={`${id}-upload`} className="text-sm">
            Upload a logo
          </Label>
          <FileInput
            id={`${id}-upload`}
            accept="image/png,image/jpeg"
            onChange={(event) => void readLogo(event.target.files?.[0])}
          />
          {logo ? (
            <>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL or any https host */}
              <img src={logo} alt="Logo preview" className="h-10 max-w-40 object-contain" />
              <Button type="button" size="sm" variant="outline" onClick={() => setLogo("")}>
                Remove logo
              </Button>
            </>
          ) : null}
        </div>
      </fieldset>

      <ActionMessage
        result={current.result}
        fields={fields}
        success={isEdit && update.result?.ok ? "Mailbox saved." : undefined}
      />
      {create.result?.ok ? <Alert tone="info">Mailbox created.</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={current.isPending}>
          {current.isPending ? "Saving…" : isEdit ? "Save changes" : "Create mailbox"}
        </Button>
        <Button asChild variant="outline">
          <Link href="/admin/mailboxes">Back to mailboxes</Link>
        </Button>
      </div>
    </form>
  );
}
