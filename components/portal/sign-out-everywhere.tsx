"use client";

/** Ends every portal session and makes every emailed link of this requester stop working. */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { portalSignOutEverywhereAction } from "@/app/portal/actions";
import { Button } from "@/components/ui/button";

export function SignOutEverywhereButton() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <div className="flex items-center gap-2">
      {error ? <span className="text-sm text-destructive">{error}</span> : null}
      <Button
        variant="outline"
        size="sm"
        disabled={isPending}
        title="Sign out on every device and disable the links in earlier emails"
        onClick={() =>
          startTransition(async () => {
            const response = await portalSignOutEverywhereAction({});
            if (!response.ok) setError(response.error);
            else router.push("/portal/link?reason=signed-out");
          })
        }
      >
        {isPending ? "Signing out…" : "Sign out everywhere"}
      </Button>
    </div>
  );
}
