/**
 * Timers in the running app without an Inngest server: a Pending ticket whose reminder passes
 * returns to Open on its own, served by the in-process sweep (every 5 s under global-setup).
 */
import { describe, expect, inject, it } from "vitest";

const baseURL = inject("baseURL");
const apiToken = inject("apiToken");

function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${apiToken}`);
  return fetch(`${baseURL}/api/v1${path}`, { ...init, headers });
}

function json(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

type TicketBody = { ref: string; status: string; remind_at: string | null };

describe("timers", () => {
  it("returns a Pending ticket to Open when its reminder passes, untouched", async () => {
    const created = await api(
      "/tickets",
      json("POST", {
        subject: `Reminder e2e ${Date.now()}`,
        body: "Waiting for the customer.",
        requester: { email: "timers-e2e@example.test", name: "Timer Customer" },
      }),
    );
    expect(created.status).toBe(201);
    const { ref } = (await created.json()) as TicketBody;

    const remindAt = new Date(Date.now() + 60_000).toISOString();
    const pending = await api(
      `/tickets/${ref}`,
      json("PATCH", { status: "pending", remind_at: remindAt }),
    );
    expect(pending.status).toBe(200);
    expect((await pending.json()) as TicketBody).toMatchObject({ status: "pending" });

    let ticket: TicketBody | undefined;
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const response = await api(`/tickets/${ref}`);
      ticket = (await response.json()) as TicketBody;
      if (ticket.status === "open") break;
    }
    expect(ticket).toMatchObject({ status: "open", remind_at: null });
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(remindAt).getTime());
  }, 180_000);
});
