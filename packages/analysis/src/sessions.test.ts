import { describe, expect, it } from "vitest";
import { nightOf, sessionOf } from "./sessions";

describe("nightOf", () => {
  it("keeps a raid past midnight in one night (Berlin, night from 06:00)", () => {
    expect(nightOf(Date.UTC(2025, 0, 14, 19, 0), "Europe/Berlin")).toBe("2025-01-14"); // 20:00
    expect(nightOf(Date.UTC(2025, 0, 14, 23, 30), "Europe/Berlin")).toBe("2025-01-14"); // 00:30
    expect(nightOf(Date.UTC(2025, 0, 15, 4, 59), "Europe/Berlin")).toBe("2025-01-14"); // 05:59
    expect(nightOf(Date.UTC(2025, 0, 15, 5, 0), "Europe/Berlin")).toBe("2025-01-15"); // 06:00
  });

  it("uses the static's zone, not UTC", () => {
    // 03:00 UTC is 22:00 the day before in New York.
    expect(nightOf(Date.UTC(2025, 6, 2, 3, 0), "America/New_York")).toBe("2025-07-01");
    expect(nightOf(Date.UTC(2025, 6, 2, 3, 0), "UTC")).toBe("2025-07-01");
    expect(nightOf(Date.UTC(2025, 6, 2, 7, 0), "UTC")).toBe("2025-07-02");
  });

  it("follows daylight saving time (Berlin, 30 March 2025)", () => {
    // 05:30 local on the night of the change (03:30 UTC, CEST) still belongs to the 29th.
    expect(nightOf(Date.UTC(2025, 2, 30, 3, 30), "Europe/Berlin")).toBe("2025-03-29");
    expect(nightOf(Date.UTC(2025, 2, 30, 4, 30), "Europe/Berlin")).toBe("2025-03-30");
  });

  it("falls back to UTC for an unknown zone", () => {
    expect(nightOf(Date.UTC(2025, 0, 15, 5, 0), "Not/AZone")).toBe("2025-01-14");
  });
});

describe("sessionOf", () => {
  const pull = { reportCode: "abcDEF12", reportStartTime: Date.UTC(2025, 0, 14, 22, 0), startTime: 2 * 3_600_000 };

  it("is the report by default", () => {
    expect(sessionOf(pull, { by: "report", timeZone: "Europe/Berlin", nightStartHour: 6 })).toEqual({ key: "report:abcDEF12", label: "abcDEF12" });
  });

  it("is the night of the pull's start (report start + fight start)", () => {
    expect(sessionOf(pull, { by: "night", timeZone: "Europe/Berlin", nightStartHour: 6 })).toEqual({ key: "night:2025-01-14", label: "2025-01-14" });
  });
});
