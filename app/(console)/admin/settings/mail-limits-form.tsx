"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, type FieldErrors } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { saveMailLimitsAction } from "./actions";

/** An empty or non-numeric field becomes NaN, which the action refuses with a message. */
const numberOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export function MailLimitsForm({
  loopMessagesPerHour,
  acknowledgementsPerDay,
}: {
  loopMessagesPerHour: number;
  acknowledgementsPerDay: number;
}) {
  const [loop, setLoop] = useState(String(loopMessagesPerHour));
  const [acks, setAcks] = useState(String(acknowledgementsPerDay));
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isPending, startTransition] = useTransition();

  const save = () =>
    startTransition(async () => {
      const response = await saveMailLimitsAction({
        loopMessagesPerHour: numberOf(loop),
        acknowledgementsPerDay: numberOf(acks),
      });
      setErrors(response.ok ? {} : (response.fieldErrors ?? {}));
      setResult(
        response.ok
          ? { tone: "info", text: "Limits saved." }
          : { tone: "error", text: response.error },
      );
    });

  return (
    // The action's messages say what is wrong and where; the browser's own checks would hide them.
    <form
      noValidate
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      <Field
        id="loop-messages-per-hour"
        label="Hold a sender's mail on one ticket after (messages per hour)"
        error={errors.loopMessagesPerHour?.[0]}
      >
        <p className="text-xs text-muted-foreground">
          Past this many messages from one sender on one ticket within an hour, further mail is kept
          as internal notes that reopen, notify and send nothing, and admins are alerted: it stops
          mail loops between auto-responders (2 to 1,000).
        </p>
        <Input
          id="loop-messages-per-hour"
          type="number"
          inputMode="numeric"
          min={2}
          max={1000}
          step={1}
          required
          value={loop}
          onChange={(e) => setLoop(e.target.value)}
          aria-invalid={errors.loopMessagesPerHour ? true : undefined}
          aria-describedby={errors.loopMessagesPerHour ? "loop-messages-per-hour-error" : undefined}
          className="w-32"
        />
      </Field>
      <Field
        id="acknowledgements-per-day"
        label="Acknowledgements per address (per day)"
        error={errors.acknowledgementsPerDay?.[0]}
      >
        <p className="text-xs text-muted-foreground">
          One address gets at most this many &ldquo;we received your request&rdquo; emails in 24
          hours; later tickets are still opened, without one (1 to 100).
        </p>
        <Input
          id="acknowledgements-per-day"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          step={1}
          required
          value={acks}
          onChange={(e) => setAcks(e.target.value)}
          aria-invalid={errors.acknowledgementsPerDay ? true : undefined}
          aria-describedby={
            errors.acknowledgementsPerDay ? "acknowledgements-per-day-error" : undefined
          }
          className="w-32"
        />
      </Field>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save limits"}
        </Button>
      </div>
    </form>
  );
}
