"use client";

/** "Close my request" and the 1–5 rating with a comment, for the requester's own ticket. */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { portalCloseAction, portalRateAction } from "@/app/portal/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

export function CloseTicketButton({ number }: { number: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const [isPending, startTransition] = useTransition();
  const close = () =>
    startTransition(async () => {
      const response = await portalCloseAction({ number });
      if (!response.ok) setError(response.error);
      else router.refresh();
    });
  return (
    <div className="flex flex-col gap-2">
      {error ? <Alert>{error}</Alert> : null}
      {isConfirming ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>Close this request? You can still write to us afterwards.</span>
          <Button variant="destructive" disabled={isPending} onClick={close}>
            {isPending ? "Closing…" : "Yes, close it"}
          </Button>
          <Button variant="outline" disabled={isPending} onClick={() => setIsConfirming(false)}>
            Keep it open
          </Button>
        </div>
      ) : (
        <div>
          <Button variant="outline" onClick={() => setIsConfirming(true)}>
            Close my request
          </Button>
        </div>
      )}
    </div>
  );
}

export function RatingForm({
  number,
  rating,
  initialScore,
}: {
  number: number;
  rating: { score: number; comment: string } | null;
  initialScore?: number;
}) {
  const router = useRouter();
  const [score, setScore] = useState<number | null>(initialScore ?? rating?.score ?? null);
  const [comment, setComment] = useState(rating?.comment ?? "");
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();
  const save = () =>
    startTransition(async () => {
      if (score === null) {
        setResult({ tone: "error", text: "Choose a rating from 1 to 5." });
        return;
      }
      const response = await portalRateAction({ number, score, comment });
      if (!response.ok) setResult({ tone: "error", text: response.error });
      else {
        setResult({ tone: "info", text: "Thank you for your feedback." });
        router.refresh();
      }
    });
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm">1 = poor, 5 = excellent</legend>
        <div className="flex gap-3">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value} className="flex items-center gap-1 text-sm">
              <input
                type="radio"
                name="score"
                value={value}
                checked={score === value}
                onChange={() => setScore(value)}
              />
              {value}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="rating-comment">Comment (optional)</Label>
        <Textarea
          id="rating-comment"
          rows={3}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : rating ? "Update rating" : "Send rating"}
        </Button>
      </div>
    </form>
  );
}
