import { describe, expect, it } from "vitest";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";

describe("ticket references", () => {
  it("shows numbers with at least three digits and grows past 999", () => {
    expect(formatTicketNumber(1)).toBe("TKT-001");
    expect(formatTicketNumber(42)).toBe("TKT-042");
    expect(formatTicketNumber(999)).toBe("TKT-999");
    expect(formatTicketNumber(1000)).toBe("TKT-1000");
    expect(formatTicketNumber(123456)).toBe("TKT-123456");
  });

  it("accepts TKT-001, lower case and bare numbers", () => {
    expect(parseTicketRef("TKT-001")).toBe(1);
    expect(parseTicketRef("tkt-1000")).toBe(1000);
    expect(parseTicketRef("17")).toBe(17);
    expect(parseTicketRef(" TKT-017 ")).toBe(17);
  });

  it("rejects anything that is not a ticket reference", () => {
    for (const bad of [
      "",
      "TKT-",
      "TKT-0",
      "0",
      "-1",
      "1.5",
      "abc",
      "TKT-1; drop table",
      "9".repeat(20),
    ]) {
      expect(parseTicketRef(bad), bad).toBeNull();
    }
  });
});
