"use client";

import type { ReactNode } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { saveMailLimitsAction } from "./actions";
import { wholeNumberOf } from "./whole-number";

type Limit = "loopMessagesPerHour" | "acknowledgementsPerDay";

const limits: {
  name: Limit;
  id: string;
  label: string;
  hint: ReactNode;
  min: number;
  max: number;
}[] = [
  {
    name: "loopMessagesPerHour",
    id: "loop-messages-per-hour",
    label: "Hold a sender's mail on one ticket after (messages per hour)",
    hint: "Past this many messages from one sender on one ticket within an hour, further mail is kept as internal notes that reopen, notify and send nothing, and admins are alerted: it stops mail loops between auto-responders (2 to 1,000).",
    min: 2,
    max: 1000,
  },
  {
    name: "acknowledgementsPerDay",
    id: "acknowledgements-per-day",
    label: "Acknowledgements per address (per day)",
    hint: "One address gets at most this many “we received your request” emails in 24 hours; later tickets are still opened, without one (1 to 100).",
    min: 1,
    max: 100,
  },
];

/** The incoming-email limits: the loop stop and the daily acknowledgement allowance. */
export function MailLimitsForm(values: Record<Limit, number>) {
  const { run, isPending, result, fieldErrors } = useAdminAction(saveMailLimitsAction);
  return (
    <form
      noValidate
      className="flex flex-col gap-6"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run({
          loopMessagesPerHour: wholeNumberOf(form.get("loopMessagesPerHour")),
          acknowledgementsPerDay: wholeNumberOf(form.get("acknowledgementsPerDay")),
        });
      }}
    >
      <ActionMessage
        result={result}
        fields={limits.map((limit) => limit.name)}
        success="Limits saved."
      />
      {limits.map((limit) => (
        <FormField
          key={limit.name}
          id={limit.id}
          label={limit.label}
          hint={limit.hint}
          error={fieldErrors[limit.name]}
        >
          {(props) => (
            <Input
              {...props}
              name={limit.name}
              type="number"
              inputMode="numeric"
              min={limit.min}
              max={limit.max}
              step={1}
              required
              defaultValue={values[limit.name]}
              className="w-32"
            />
          )}
        </FormField>
      ))}
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save limits"}
        </Button>
      </div>
    </form>
  );
}
