import { describe, expect, it } from "vitest";
import { phaseName, phaseOptions, progPointInput } from "./prog-points";

describe("progPointInput", () => {
  it("trims the label and leaves out an empty ability", () => {
    expect(progPointInput(1079, { label: "  P3 Towers ", phaseIndex: 4, abilityId: " " })).toEqual({
      input: { encounterId: 1079, label: "P3 Towers", phaseIndex: 4 },
    });
  });

  it("sends an ability id as a number", () => {
    expect(progPointInput(1079, { label: "Chains", phaseIndex: 2, abilityId: "32022" })).toEqual({
      input: { encounterId: 1079, label: "Chains", phaseIndex: 2, abilityId: 32022 },
    });
  });

  it("refuses what the server would, in words", () => {
    const errorOf = (label: string, abilityId: string) => {
      const result = progPointInput(1079, { label, phaseIndex: 0, abilityId });
      return "error" in result ? result.error : null;
    };
    expect(errorOf(" ", "")).toMatch(/Name the prog point/);
    expect(errorOf("x".repeat(65), "")).toMatch(/at most 64/);
    for (const bad of ["0", "-3", "1.5", "abc", "99999999999"]) expect(errorOf("A", bad)).toMatch(/positive whole number/);
  });
});

describe("phaseOptions", () => {
  const pulls = [
    { phaseIndex: 0, phase: "P1" },
    { phaseIndex: 2, phase: "P2" },
  ];

  it("labels phases reached from the pulls, then offers a few ahead", () => {
    expect(phaseOptions(pulls).map((o) => o.label)).toEqual(["P1", "I1", "P2", "P3, not reached yet", "P4, not reached yet", "P5, not reached yet"]);
  });

  it("offers the first phases without pulls", () => {
    expect(phaseOptions([]).map((o) => o.value)).toEqual([0, 1, 2]);
  });

  it("names a phase by its label, worked out where no pull ended there (never its index)", () => {
    expect(phaseName(pulls, 2)).toBe("P2");
    expect(phaseName(pulls, 1)).toBe("I1");
    expect(phaseName(pulls, 4)).toBe("P4");
  });
});
