"use client";

import { useId, useRef, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import {
  routingMatches,
  ticketPriorities,
  type RoutingMatch,
  type TicketPriority,
} from "@/db/schema/enum-values";
import type { AdminRoutingRule } from "@/lib/admin/routing-rules";
import { priorityLabels, routingMatchLabels } from "@/lib/tickets/labels";
import { createRoutingRuleAction, updateRoutingRuleAction } from "./actions";

export type RoutingRuleOptions = {
  teams: { id: number; name: string }[];
  categories: { id: number; name: string }[];
  mailboxes: { id: number; name: string }[];
};

const fields = [
  "subjectMatch",
  "subjectText",
  "mailboxId",
  "teamId",
  "categoryId",
  "priority",
] as const;
const optionalId = (value: FormDataEntryValue | null) => (value ? Number(value) : null);

/** Creates a rule, or edits one when `rule` is given (then `onSaved` closes the dialog). */
export function RoutingRuleForm({
  rule,
  options,
  onSaved,
}: {
  rule?: AdminRoutingRule;
  options: RoutingRuleOptions;
  onSaved?: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useAdminAction(createRoutingRuleAction);
  const update = useAdminAction(updateRoutingRuleAction);
  const current = rule ? update : create;
  const errors = current.fieldErrors;
  const [isActive, setIsActive] = useState(rule?.isActive ?? true);
  // An inactive category the rule already has stays selectable on it.
  const categories =
    rule?.categoryId && rule.categoryActive === false
      ? [...options.categories, { id: rule.categoryId, name: `${rule.category} (inactive)` }]
      : options.categories;

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const priority = String(data.get("priority") ?? "");
        const values = {
          subjectMatch: String(data.get("subjectMatch") ?? "contains") as RoutingMatch,
          subjectText: String(data.get("subjectText") ?? ""),
          mailboxId: optionalId(data.get("mailboxId")),
          teamId: optionalId(data.get("teamId")),
          categoryId: optionalId(data.get("categoryId")),
          priority: priority ? (priority as TicketPriority) : null,
          isActive,
        };
        if (rule) update.run({ ruleId: rule.id, ...values }, () => onSaved?.());
        else
          create.run(values, () => {
            formRef.current?.reset();
            setIsActive(true);
          });
      }}
    >
      <div className="grid gap-4 md:grid-cols-[auto_1fr_1fr]">
        <FormField id={`${id}-match`} label="When the subject" error={errors.subjectMatch}>
          {(props) => (
            <NativeSelect
              {...props}
              name="subjectMatch"
              defaultValue={rule?.subjectMatch ?? "contains"}
            >
              {routingMatches.map((match) => (
                <option key={match} value={match}>
                  {routingMatchLabels[match]}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
        <FormField
          id={`${id}-subject`}
          label="Subject text"
          hint="Case-insensitive, e.g. contains “forgot password”, starts with “invoice”."
          error={errors.subjectText}
        >
          {(props) => (
            <Input
              {...props}
              name="subjectText"
              defaultValue={rule?.subjectText}
              autoComplete="off"
            />
          )}
        </FormField>
        <FormField id={`${id}-mailbox`} label="Mailbox" error={errors.mailboxId}>
          {(props) => (
            <NativeSelect {...props} name="mailboxId" defaultValue={rule?.mailboxId ?? ""}>
              <option value="">Any mailbox</option>
              {options.mailboxes.map((mailbox) => (
                <option key={mailbox.id} value={mailbox.id}>
                  {mailbox.name}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <FormField id={`${id}-team`} label="Set team" error={errors.teamId}>
          {(props) => (
            <NativeSelect {...props} name="teamId" defaultValue={rule?.teamId ?? ""}>
              <option value="">Leave as is</option>
              {options.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
        <FormField id={`${id}-category`} label="Set category" error={errors.categoryId}>
          {(props) => (
            <NativeSelect {...props} name="categoryId" defaultValue={rule?.categoryId ?? ""}>
              <option value="">Leave as is</option>
              {categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
        <FormField id={`${id}-priority`} label="Set priority" error={errors.priority}>
          {(props) => (
            <NativeSelect {...props} name="priority" defaultValue={rule?.priority ?? ""}>
              <option value="">Leave as is</option>
              {ticketPriorities.map((priority) => (
                <option key={priority} value={priority}>
                  {priorityLabels[priority]}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
      </div>
      <div className="flex items-center gap-2">
        <Checkbox
          id={`${id}-active`}
          checked={isActive}
          onCheckedChange={(checked) => setIsActive(checked === true)}
        />
        <Label htmlFor={`${id}-active`}>Active</Label>
      </div>
      <ActionMessage
        result={current.result}
        fields={fields}
        success={!rule && create.result?.ok ? "Rule added at the end of the list." : undefined}
      />
      <div>
        <Button type="submit" disabled={current.isPending}>
          {current.isPending ? "Saving…" : rule ? "Save changes" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}
