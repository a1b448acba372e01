import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

const transportNames = { resend: "Resend (RESEND_API_KEY)", smtp: "SMTP (SMTP_URL)" } as const;

/** Shown instead of the mailbox when mail really leaves the app. */
export function MailboxNotActive({ transport }: { transport: "resend" | "smtp" }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Dev mailbox</CardTitle>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        Outbound mail is sent through {transportNames[transport]}, so there is no dev mailbox. It
        collects mail only when neither RESEND_API_KEY nor SMTP_URL is set.
      </CardContent>
    </Card>
  );
}
