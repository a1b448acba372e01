import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

const admin: Actor = { type: "user", id: 1, role: "admin", name: "A", email: "a@x.test" };
const agent: Actor = { type: "user", id: 2, role: "agent", name: "B", email: "b@x.test" };
const requester: Actor = { type: "requester", contactId: 9, email: "c@x.test" };

describe("permissions", () => {
  it("lets agents work tickets but keeps the admin area for admins", () => {
    expect(can(agent, "console.access")).toBe(true);
    expect(can(agent, "tickets.view")).toBe(true);
    expect(can(agent, "admin.access")).toBe(false);
    expect(can(admin, "admin.access")).toBe(true);
  });

  it("gives requesters and anonymous visitors no console permission", () => {
    expect(can(requester, "console.access")).toBe(false);
    expect(can(requester, "tickets.view")).toBe(false);
    expect(can(null, "console.access")).toBe(false);
  });

  it("tells signed-out (401) from forbidden (403)", () => {
    expect(() => assertCan(null, "tickets.view")).toThrowError(
      expect.objectContaining({ code: "UNAUTHORIZED" }) as unknown as DomainError,
    );
    expect(() => assertCan(agent, "admin.access")).toThrowError(
      expect.objectContaining({ code: "FORBIDDEN" }) as unknown as DomainError,
    );
    expect(() => assertCan(admin, "admin.access")).not.toThrow();
  });
});

describe("sign-in return address", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackUrl("/tickets/TKT-001")).toBe("/tickets/TKT-001");
    expect(safeCallbackUrl("/admin?tab=users")).toBe("/admin?tab=users");
  });

  it("never redirects to another site or back to sign-in", () => {
    for (const bad of [
      "https://evil.test",
      "//evil.test",
      "/\\evil.test",
      "javascript:alert(1)",
      "/sign-in",
      undefined,
      42,
    ]) {
      expect(safeCallbackUrl(bad)).toBe("/tickets");
    }
  });
});

describe("client address", () => {
  it("takes the first X-Forwarded-For entry, then X-Real-IP, else none", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" }))).toBe(
      "203.0.113.5",
    );
    expect(clientIpFrom(new Headers({ "x-real-ip": "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIpFrom(new Headers())).toBeNull();
  });
});
