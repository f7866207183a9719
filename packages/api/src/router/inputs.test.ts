import { parseReportRef } from "@progboard/domain";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { characterName, job, label, mechanicRef, notes, phaseIndex, reportRef, rosterName, score, server, staticName, username } from "./inputs";

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

describe("input limits", () => {
  const messageOf = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? null : result.error.issues[0]?.message;
  };

  // The messages as the API has always worded them; the numbers come from @progboard/domain.
  it.each([
    ["staticName", staticName, 64, "At most 64 characters"],
    ["username", username, 32, "At most 32 characters"],
    ["reportRef", reportRef, 500, "At most 500 characters"],
    ["label", label, 100, "At most 100 characters"],
    ["notes", notes, 2000, "At most 2,000 characters"],
    ["rosterName", rosterName, 64, "At most 64 characters"],
    ["characterName", characterName, 32, "At most 32 characters"],
    ["server", server, 32, "At most 32 characters"],
    ["mechanicRef", mechanicRef, 64, "At most 64 characters"],
  ] as const)("%s refuses more than %i characters: %s", (_name, schema, maxLength, message) => {
    expect(messageOf(schema, "x".repeat(maxLength + 1))).toBe(message);
    if (schema !== reportRef) expect(messageOf(schema, "x".repeat(maxLength))).toBeNull();
  });

  it("bounds scores, phase indexes and jobs", () => {
    expect(messageOf(score, 100.5)).toBe("Scores run from 0 to 100");
    expect(messageOf(score, -1)).toBe("Scores run from 0 to 100");
    expect(messageOf(score, 100)).toBeNull();
    expect(messageOf(phaseIndex, 99)).toBeNull();
    expect(messageOf(phaseIndex, 100)).not.toBeNull();
    expect(job.parse(" drk ")).toBe("DRK");
    expect(messageOf(job, "XYZ")).toBe("Unknown job: use its abbreviation, e.g. WAR, WHM, SAM");
  });
});
