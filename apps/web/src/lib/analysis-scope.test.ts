import { describe, expect, it } from "vitest";
import { pickEncounter } from "./analysis-scope";

const encounters = [
  { encounterId: 1077, name: "Futures Rewritten", pulls: 40, kills: 0 },
  { encounterId: 1079, name: "The Cinder Throne", pulls: 312, kills: 1 },
];

describe("pickEncounter", () => {
  it("keeps the encounter picked", () => {
    expect(pickEncounter(encounters, 1077)?.encounterId).toBe(1077);
  });

  it("otherwise shows the encounter with the most pulls", () => {
    expect(pickEncounter(encounters, null)?.encounterId).toBe(1079);
    expect(pickEncounter(encounters, 42)?.encounterId).toBe(1079);
    expect(pickEncounter([], null)).toBeNull();
  });
});
