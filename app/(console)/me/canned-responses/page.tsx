import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { listCannedResponsesFor } from "@/lib/canned-responses/canned-responses";
import { CannedResponseEditor } from "./canned-response-editor";

export const metadata: Metadata = { title: "My canned responses" };

export default async function MyCannedResponsesPage() {
  const actor = await requirePagePermission("tickets.work", "/me/canned-responses");
  const all = await listCannedResponsesFor(getDb(), actor);
  const mine = all.filter((c) => c.ownerUserId === actor.id);
  const shared = all.filter((c) => c.ownerUserId === null);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">My canned responses</h1>
        <p className="text-sm text-muted-foreground">
          Saved replies only you see, inserted from the composer. Masks such as #FirstName#,
          #LastName#, #TicketID#, #Subject# and #Technician# are filled from the ticket.
          {shared.length > 0
            ? ` ${shared.length} shared responses from your admins are available too.`
            : ""}
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>New canned response</CardTitle>
        </CardHeader>
        <CardContent>
          <CannedResponseEditor />
        </CardContent>
      </Card>
      {mine.map((c) => (
        <Card key={c.id}>
          <CardHeader>
            <CardTitle>{c.title}</CardTitle>
          </CardHeader>
          <CardContent>
            <CannedResponseEditor existing={{ id: c.id, title: c.title, body: c.body }} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
