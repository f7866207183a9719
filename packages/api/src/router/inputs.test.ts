import { describe, expect, it } from "vitest";
import { parseReportRef } from "./inputs";

describe("parseReportRef", () => {
  it.each([
    ["pJTWtB8Yj4F1rc9Q", "pJTWtB8Yj4F1rc9Q"],
    ["  abc123  ", "abc123"],
    ["https://www.fflogs.com/reports/pJTWtB8Yj4F1rc9Q", "pJTWtB8Yj4F1rc9Q"],
    ["https://www.fflogs.com/reports/pJTWtB8Yj4F1rc9Q?fight=12&type=damage-done", "pJTWtB8Yj4F1rc9Q"],
    ["https://ja.fflogs.com/reports/pJTWtB8Yj4F1rc9Q/#fight=last", "pJTWtB8Yj4F1rc9Q"],
    ["fflogs.com/reports/pJTWtB8Yj4F1rc9Q", "pJTWtB8Yj4F1rc9Q"],
  ])("takes %s as %s", (raw, code) => {
    expect(parseReportRef(raw)).toBe(code);
  });

  it.each([
    "",
    "abc",
    "abc 123",
    "https://www.warcraftlogs.com/reports/pJTWtB8Yj4F1rc9Q",
    "https://fflogs.com.evil.example/reports/pJTWtB8Yj4F1rc9Q",
    "https://www.fflogs.com/character/eu/ragnarok/aoi",
    "https://www.fflogs.com/reports/a:pJTWtB8Yj4F1rc9Q",
    "javascript:alert(1)",
  ])("refuses %j", (raw) => {
    expect(parseReportRef(raw)).toBeNull();
  });
});
