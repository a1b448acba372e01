import { describe, expect, it } from "vitest";
import { slaChangedEvents } from "@/lib/sla/sla-events";

const ticket = { id: 7, slaPolicyId: 3, slaNextCheckAt: new Date("2030-01-01T10:00:00Z") };

describe("slaChangedEvents", () => {
  it("restarts the SLA timer after a change to what the clocks depend on", () => {
    expect(slaChangedEvents(ticket, [{ field: "priority" }])).toEqual([
      { name: "ticket/sla.changed", data: { ticketId: 7 } },
    ]);
    expect(slaChangedEvents(ticket, [{ field: "status" }, { field: "remindAt" }])).toHaveLength(1);
    // A reply or a new ticket: no change list, the ticket's policy decides.
    expect(slaChangedEvents(ticket)).toHaveLength(1);
  });

  it("stays quiet when the change does not touch the SLA or there is no clock to watch", () => {
    expect(slaChangedEvents(ticket, [{ field: "subject" }, { field: "tags" }])).toEqual([]);
    expect(slaChangedEvents({ id: 7, slaPolicyId: null, slaNextCheckAt: null })).toEqual([]);
  });
});
