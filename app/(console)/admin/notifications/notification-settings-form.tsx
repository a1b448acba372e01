"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { NotificationSettings, NotificationSwitch } from "@/lib/notifications/settings";
import { saveNotificationSettingsAction } from "./actions";

const groups: {
  title: string;
  items: { name: NotificationSwitch; label: string; hint: string }[];
}[] = [
  {
    title: "General",
    items: [
      {
        name: "emailEnabled",
        label: "Send email notifications",
        hint: "Off: no automatic email at all (acknowledgements, notifications, closed tickets). Replies agents write still go out.",
      },
      {
        name: "includeAttachments",
        label: "Include attachments in emails",
        hint: "Off: files stay in the helpdesk and the email lists only their names (HIPAA-style).",
      },
    ],
  },
  {
    title: "Requesters and subscribers",
    items: [
      {
        name: "acknowledgement",
        label: "Confirm new tickets submitted by email",
        hint: "The mailbox's acknowledgement message, sent to whoever opened the ticket.",
      },
      {
        name: "ticketClosed",
        label: "Tell the requester when their ticket is closed",
        hint: "The email carries the rating links.",
      },
      {
        name: "autologinLinks",
        label: "Send autologin (portal) links to requesters",
        hint: "Off: emails link to the page where requesters ask for a sign-in link.",
      },
      {
        name: "ccSubscribers",
        label: "Send one email to all subscribers in Cc instead of one each",
        hint: "On: everyone shares one email, so there are no personal portal, rating or unsubscribe links.",
      },
      {
        name: "subscribersAgentOnly",
        label: "Only send updates to subscribers when written by agents",
        hint: "Off: when the requester or a subscriber writes, the others on the ticket get a copy.",
      },
    ],
  },
  {
    title: "Agents",
    items: [
      {
        name: "newTicketAdmins",
        label: "Notify all admins of new tickets",
        hint: "Every admin gets an email for every new ticket.",
      },
      {
        name: "newTicketTeam",
        label: "Notify agents of new tickets in their team or categories",
        hint: "Also when a ticket is moved into their team or a category they follow (People).",
      },
      {
        name: "customerReplyTeam",
        label: "Notify the whole team when a customer updates a ticket",
        hint: "Off: only the assignee hears of it.",
      },
      {
        name: "ticketTaken",
        label: "Notify the team when an agent takes a ticket",
        hint: "When someone assigns a ticket to themselves.",
      },
      {
        name: "assigned",
        label: "Notify the agent a ticket is assigned to",
        hint: "Nobody is told about what they did themselves.",
      },
      {
        name: "mentions",
        label: "Email agents @mentioned in a note",
        hint: "The bell shows mentions either way.",
      },
    ],
  },
];

export function NotificationSettingsForm({ settings }: { settings: NotificationSettings }) {
  const [values, setValues] = useState(settings);
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();

  const save = () =>
    startTransition(async () => {
      const response = await saveNotificationSettingsAction(values);
      if (response.ok) setValues(response.data);
      setResult(
        response.ok
          ? { tone: "info", text: "Notification settings saved." }
          : { tone: "error", text: response.error },
      );
    });

  return (
    <form
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      {groups.map((group) => (
        <fieldset key={group.title} className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium">{group.title}</legend>
          {group.items.map((item) => (
            <label key={item.name} className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name={item.name}
                className="mt-0.5 size-4"
                checked={values[item.name]}
                onChange={(e) => setValues({ ...values, [item.name]: e.target.checked })}
              />
              <span className="flex flex-col">
                <span>{item.label}</span>
                <span className="text-xs text-muted-foreground">{item.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ))}
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save notification settings"}
        </Button>
      </div>
    </form>
  );
}
