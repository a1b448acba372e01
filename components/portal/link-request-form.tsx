"use client";

/** "Email me a link": the same answer whether or not the address is known. */
import { useState, useTransition } from "react";
import { requestPortalLinkAction } from "@/app/portal/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function LinkRequestForm() {
  const [email, setEmail] = useState("");
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();
  const send = () =>
    startTransition(async () => {
      const response = await requestPortalLinkAction({ email });
      setResult(
        response.ok
          ? { tone: "info", text: response.data.message }
          : { tone: "error", text: response.error },
      );
    });
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="link-email">Your email address</Label>
        <Input
          id="link-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Sending…" : "Email me a link"}
        </Button>
      </div>
    </form>
  );
}
