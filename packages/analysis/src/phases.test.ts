import { describe, expect, it } from "vitest";
import { absolutePhase, createPhaseLabeler, phaseLabel, phaseSpans } from "./phases";

const fields = (lastPhase: number | null, abs: number | null, isIntermission: boolean | null) => ({
  lastPhase,
  lastPhaseAbsoluteIndex: abs,
  lastPhaseIsIntermission: isIntermission,
});

describe("phaseLabel", () => {
  it("uses FFLogs' per-type count without a layout: P3, I2", () => {
    expect(phaseLabel(fields(3, 4, false))).toBe("P3");
    expect(phaseLabel(fields(2, 3, true))).toBe("I2");
  });

  it("counts along the encounter's layout when known", () => {
    // P1, P2, I1, P3, I2, P4
    const layout = [false, false, true, false, true, false];
    expect(phaseLabel(fields(null, 3, false), layout)).toBe("P3");
    expect(phaseLabel(fields(null, 4, true), layout)).toBe("I2");
    expect(phaseLabel(fields(null, 0, false), layout)).toBe("P1");
  });

  it("labels single-phase encounters (lastPhase 0, no absolute index) P1", () => {
    expect(phaseLabel(fields(0, null, false))).toBe("P1");
    expect(absolutePhase(fields(0, null, false))).toBe(0);
  });

  it("falls back to lastPhase − 1 for the absolute index of older logs", () => {
    expect(absolutePhase(fields(4, null, false))).toBe(3);
    expect(absolutePhase(fields(2, 5, false))).toBe(5);
  });
});

describe("createPhaseLabeler", () => {
  it("labels an index from the pulls that ended there, else works it out (never #n)", () => {
    const label = createPhaseLabeler([fields(1, 0, false), fields(1, 2, true)]);
    expect(label(0)).toBe("P1");
    expect(label(2)).toBe("I1");
    expect(label(1)).toBe("P2");
    expect(label(3)).toBe("P3");
  });
});

describe("phaseSpans", () => {
  const base = { startTime: 1000, endTime: 101_000, ...fields(2, 2, false) };

  it("splits the pull at its phase transitions (id = absolute index + 1)", () => {
    const spans = phaseSpans({
      ...base,
      phaseTransitions: [
        { id: 1, startTime: 1000 },
        { id: 2, startTime: 41_000 },
        { id: 3, startTime: 61_000 },
      ],
    });
    expect(spans).toEqual([
      { index: 0, startMs: 0, durationMs: 40_000 },
      { index: 1, startMs: 40_000, durationMs: 20_000 },
      { index: 2, startMs: 60_000, durationMs: 40_000 },
    ]);
  });

  it("gives no time for later phases without transitions, the whole pull for the first", () => {
    expect(phaseSpans({ ...base, phaseTransitions: null })).toEqual([]);
    expect(phaseSpans({ ...base, ...fields(1, 0, false), phaseTransitions: [] })).toEqual([{ index: 0, startMs: 0, durationMs: 100_000 }]);
  });
});
