import { describe, expect, it } from "vitest";
import { describeAge, formatClock, formatDuration, formatStamp } from "./dates";

describe("describeAge", () => {
  const now = new Date("2025-06-10T12:00:00Z");

  it("says how long ago, in words", () => {
    expect(describeAge("2025-06-10T11:59:30Z", now)).toBe("just now");
    expect(describeAge("2025-06-10T11:55:00Z", now)).toBe("5 minutes ago");
    expect(describeAge("2025-06-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(describeAge("2025-06-09T11:00:00Z", now)).toBe("yesterday");
    expect(describeAge("2025-06-01T12:00:00Z", now)).toBe("9 days ago");
  });

  it("gives the date for anything older than a month", () => {
    expect(describeAge("2025-01-02T12:00:00Z", now)).toMatch(/2025/);
  });

  it("treats a clock slightly ahead of ours as now", () => {
    expect(describeAge("2025-06-10T12:00:05Z", now)).toBe("just now");
  });
});

describe("formatStamp", () => {
  it("writes local date and time, sortable as text", () => {
    expect(formatStamp(new Date(2025, 0, 6, 9, 5).getTime())).toBe("2025-01-06 09:05");
  });
});

describe("formatClock", () => {
  it("writes minutes and seconds into a pull", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(125_400)).toBe("2:05");
    expect(formatClock(725_000)).toBe("12:05");
    expect(formatClock(5_530_000)).toBe("1:32:10");
  });
});

describe("formatDuration", () => {
  it("reads minutes, hours and days", () => {
    expect(formatDuration(43 * 60_000 + 20_000)).toBe("43 min");
    expect(formatDuration((2 * 60 + 55) * 60_000)).toBe("2 h 55 min");
    expect(formatDuration((48 * 60 + 31) * 60_000)).toBe("2 d 0 h");
    expect(formatDuration(0)).toBe("0 min");
  });
});
