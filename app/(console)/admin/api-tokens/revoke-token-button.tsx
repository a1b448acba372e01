"use client";

/** Revoking asks once more in place: the integration using the token stops working at once. */
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { revokeApiTokenAction } from "./actions";

export function RevokeTokenButton({ tokenId, name }: { tokenId: number; name: string }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  if (!isConfirming) {
    return (
      <Button
        type="button"
        size="sm"
        variant="outline"
        onClick={() => setIsConfirming(true)}
        aria-label={`Revoke ${name}`}
      >
        Revoke
      </Button>
    );
  }

  function revoke() {
    startTransition(async () => {
      try {
        const outcome = await revokeApiTokenAction({ tokenId });
        if (outcome.ok) setIsConfirming(false);
        else setError(outcome.error);
      } catch {
        setError("The server could not be reached. Try again.");
      }
    });
  }

  return (
    <div role="group" aria-label={`Revoke ${name}?`} className="flex flex-col items-end gap-1">
      <p className="text-xs text-muted-foreground">Revoke “{name}”? Calls using it will fail.</p>
      <div className="flex gap-2">
        <Button type="button" size="sm" variant="destructive" onClick={revoke} disabled={isPending}>
          {isPending ? "Revoking…" : "Confirm revoke"}
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          onClick={() => {
            setIsConfirming(false);
            setError(null);
          }}
          disabled={isPending}
        >
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
