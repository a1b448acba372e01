/**
 * The ticket page's sidebar cards: requester (with their CSAT ratings), the ticket's rating,
 * participants, time spent and custom fields. It loads
 * what the ticket detail does not carry; the interactive bits are small client components beside it.
 * Closed and merged tickets show the same cards without any controls.
 */
import Link from "next/link";
import { StatusBadge } from "@/components/tickets/ticket-badges";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import type { UserActor } from "@/lib/auth/permissions";
import { getRequesterProfile } from "@/lib/contacts/contacts";
import {
  getContactRatings,
  getTicketRating,
  type ContactRatings,
  type TicketRating,
} from "@/lib/csat/ratings";
import { getCustomFieldValues } from "@/lib/tickets/custom-field-values";
import type { TicketDetail } from "@/lib/tickets/queries";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { BounceNotice } from "./bounce-notice";
import { CustomFieldEditor } from "./custom-field-editor";
import { LocalTime } from "@/components/ui/local-time";
import { formatCustomFieldValue, formatMinutes } from "./format";
import { InviteParticipantForm, RemoveParticipantButton } from "./participant-controls";
import { PortalAccess } from "./portal-access";
import { listActiveAgents, type AgentOption } from "./queries";
import { RequesterEditor } from "./requester-editor";
import { DeleteTimeEntryButton, LogTimeForm } from "./time-entry-controls";

type Props = { ticket: TicketDetail; actor: UserActor };

export async function TicketSidebar({ ticket, actor }: Props) {
  const db = getDb();
  const isReadOnly = ticket.status === "closed" || ticket.mergedIntoId !== null;
  const [profile, customFields, agents, rating, contactRatings] = await Promise.all([
    getRequesterProfile(db, { actor, contactId: ticket.requester.id, excludeTicketId: ticket.id }),
    getCustomFieldValues(db, { actor, ticketId: ticket.id }),
    isReadOnly ? Promise.resolve<AgentOption[]>([]) : listActiveAgents(db, { actor }),
    getTicketRating(db, { actor, ticketId: ticket.id }),
    getContactRatings(db, { actor, contactId: ticket.requester.id }),
  ]);

  return (
    <div className="flex flex-col gap-4">
      <RequesterCard
        ticket={ticket}
        profile={profile}
        ratings={contactRatings}
        isReadOnly={isReadOnly}
      />
      {rating ? <RatingCard rating={rating} /> : null}
      <ParticipantsCard ticket={ticket} agents={agents} isReadOnly={isReadOnly} />
      <TimeCard ticket={ticket} actor={actor} isReadOnly={isReadOnly} />
      {customFields.length > 0 ? (
        <CustomFieldsCard ticket={ticket} fields={customFields} isReadOnly={isReadOnly} />
      ) : null}
    </div>
  );
}

type RequesterProfile = Awaited<ReturnType<typeof getRequesterProfile>>;

function RatingCard({ rating }: { rating: TicketRating }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Customer rating</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-2 text-sm">
        <p>
          <strong>{rating.label}</strong>{" "}
          <span className="text-muted-foreground">({rating.score} of 5)</span>
        </p>
        {rating.comment ? (
          <p className="break-words whitespace-pre-wrap">{rating.comment}</p>
        ) : null}
        <p className="text-muted-foreground">
          Rated <LocalTime iso={rating.ratedAt.toISOString()} />
        </p>
      </CardContent>
    </Card>
  );
}

function RequesterRatings({ ticketId, ratings }: { ticketId: number; ratings: ContactRatings }) {
  if (ratings.count === 0) return null;
  return (
    <section aria-labelledby={`requester-ratings-${ticketId}`} className="flex flex-col gap-2">
      <h3 id={`requester-ratings-${ticketId}`} className="font-medium">
        Ratings
      </h3>
      <p>
        Average {ratings.average?.toFixed(1)} of 5 over {ratings.count}{" "}
        {ratings.count === 1 ? "rating" : "ratings"}
      </p>
      <ul className="flex flex-col gap-1">
        {ratings.recent.map((item) => (
          <li key={item.ticketRef} className="min-w-0">
            <Link href={`/tickets/${item.ticketRef}`} className="font-mono text-xs hover:underline">
              {item.ticketRef}
            </Link>{" "}
            <strong>{item.label}</strong>
            {item.comment ? (
              <span className="break-words text-muted-foreground"> — {item.comment}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RequesterCard({
  ticket,
  profile,
  ratings,
  isReadOnly,
}: {
  ticket: TicketDetail;
  profile: RequesterProfile;
  ratings: ContactRatings;
  isReadOnly: boolean;
}) {
  const requester = profile?.contact ?? ticket.requester;
  const earlier = profile?.tickets ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Requester</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <RequesterEditor
          // Remount with the stored values after a save (or someone else's edit).
          key={`${requester.name}\u0000${requester.email}`}
          ticketNumber={ticket.number}
          name={requester.name}
          email={requester.email}
          isReadOnly={isReadOnly}
        />
        {profile?.contact.suppressedAt ? (
          <BounceNotice
            ticketNumber={ticket.number}
            reason={profile.contact.suppressionReason}
            isReadOnly={ticket.mergedIntoId !== null}
          />
        ) : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {requester.lastSeenIp ? (
            <>
              <dt className="text-muted-foreground">IP address</dt>
              <dd className="font-mono break-all">{requester.lastSeenIp}</dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">First seen</dt>
          <dd>
            <LocalTime iso={requester.firstSeenAt.toISOString()} />
          </dd>
        </dl>
        <PortalAccess ticketNumber={ticket.number} />
        <RequesterRatings ticketId={ticket.id} ratings={ratings} />
        <section aria-labelledby={`earlier-tickets-${ticket.id}`} className="flex flex-col gap-2">
          <h3 id={`earlier-tickets-${ticket.id}`} className="font-medium">
            Earlier tickets
          </h3>
          {earlier.length === 0 ? (
            <p className="text-muted-foreground">No earlier tickets</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {earlier.map((other) => (
                <li key={other.number} className="flex items-start justify-between gap-2">
                  <Link
                    href={`/tickets/${formatTicketNumber(other.number)}`}
                    className="min-w-0 hover:underline"
                  >
                    <span className="font-mono text-xs text-muted-foreground">
                      {formatTicketNumber(other.number)}
                    </span>{" "}
                    <span className="break-words">{other.subject}</span>
                  </Link>
                  <StatusBadge status={other.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </CardContent>
    </Card>
  );
}

function ParticipantsCard({
  ticket,
  agents,
  isReadOnly,
}: {
  ticket: TicketDetail;
  agents: AgentOption[];
  isReadOnly: boolean;
}) {
  const taken = new Set(ticket.participants.map((p) => p.id));
  if (ticket.assigneeId !== null) taken.add(ticket.assigneeId);
  const candidates = agents.filter((agent) => !taken.has(agent.id));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Participants</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        {ticket.participants.length === 0 ? (
          <p className="text-muted-foreground">No one invited yet</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {ticket.participants.map((participant) => (
              <li key={participant.id} className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <div className="font-medium break-words">{participant.name}</div>
                  <div className="break-all text-muted-foreground">{participant.email}</div>
                </div>
                {isReadOnly ? null : (
                  <RemoveParticipantButton
                    ticketNumber={ticket.number}
                    userId={participant.id}
                    name={participant.name}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        {isReadOnly ? null : candidates.length > 0 ? (
          <InviteParticipantForm ticketNumber={ticket.number} candidates={candidates} />
        ) : (
          <p className="text-muted-foreground">Every active agent is already on this ticket.</p>
        )}
      </CardContent>
    </Card>
  );
}

function TimeCard({
  ticket,
  actor,
  isReadOnly,
}: {
  ticket: TicketDetail;
  actor: UserActor;
  isReadOnly: boolean;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Time spent</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <p>
          <span className="text-muted-foreground">Total </span>
          <span className="font-medium">{formatMinutes(ticket.totalMinutes)}</span>
        </p>
        {ticket.timeEntries.length > 0 ? (
          <ul className="flex flex-col gap-3">
            {ticket.timeEntries.map((entry) => {
              const who = entry.userName ?? "Former agent";
              const amount = formatMinutes(entry.minutes);
              const canDelete = entry.userId === actor.id || actor.role === "admin";
              return (
                <li key={entry.id} className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div>
                      <span className="font-medium">{who}</span> · {amount}
                    </div>
                    {entry.note ? <div className="break-words">{entry.note}</div> : null}
                    <div className="text-xs text-muted-foreground">
                      <LocalTime iso={entry.createdAt.toISOString()} />
                    </div>
                  </div>
                  {!isReadOnly && canDelete ? (
                    <DeleteTimeEntryButton
                      ticketNumber={ticket.number}
                      entryId={entry.id}
                      description={`${amount} by ${who}`}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
        {isReadOnly ? null : <LogTimeForm ticketNumber={ticket.number} />}
      </CardContent>
    </Card>
  );
}

type CustomFieldRow = Awaited<ReturnType<typeof getCustomFieldValues>>[number];

function CustomFieldsCard({
  ticket,
  fields,
  isReadOnly,
}: {
  ticket: TicketDetail;
  fields: CustomFieldRow[];
  isReadOnly: boolean;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Custom fields</CardTitle>
      </CardHeader>
      <CardContent className="text-sm">
        {isReadOnly ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            {fields.map(({ field, value }) => (
              <div key={field.id} className="contents">
                <dt className="text-muted-foreground">{field.label}</dt>
                <dd className="break-words">{formatCustomFieldValue(value)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <div className="flex flex-col gap-4">
            {fields.map(({ field, value }) => (
              <CustomFieldEditor
                // Remount with the stored value after a save, dropping the old draft.
                key={`${field.id}:${JSON.stringify(value)}`}
                ticketNumber={ticket.number}
                field={{
                  id: field.id,
                  key: field.key,
                  label: field.label,
                  type: field.type,
                  options: field.options,
                }}
                value={value}
              />
            ))}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
