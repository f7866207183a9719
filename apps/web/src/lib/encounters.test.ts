import { describe, expect, it } from "vitest";
import { encounterLabel, parseEncounterId, withEncounter } from "./encounters";

describe("parseEncounterId", () => {
  it("accepts positive whole numbers", () => {
    expect(parseEncounterId(" 1079 ")).toBe(1079);
    expect(parseEncounterId(String(2 ** 31 - 1))).toBe(2 ** 31 - 1);
  });

  it("refuses anything else", () => {
    for (const raw of ["", "0", "-3", "1.5", "1e3", "abc", String(2 ** 31)]) expect(parseEncounterId(raw)).toBeNull();
  });
});

describe("encounterLabel", () => {
  it("names the encounter when FFLogs did, else shows its id", () => {
    expect(encounterLabel({ encounterId: 93, name: "Futures Rewritten" })).toBe("Futures Rewritten (93)");
    expect(encounterLabel({ encounterId: 93, name: null })).toBe("Encounter 93");
  });
});

describe("withEncounter", () => {
  const known = [
    { encounterId: 10, name: "A" },
    { encounterId: 30, name: "C" },
  ];

  it("adds an encounter opened by id, in id order", () => {
    expect(withEncounter(known, 20).map((e) => e.encounterId)).toEqual([10, 20, 30]);
  });

  it("does not duplicate a known one", () => {
    expect(withEncounter(known, 30)).toEqual(known);
    expect(withEncounter(known, null)).toEqual(known);
  });
});
