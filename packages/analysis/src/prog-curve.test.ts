import { describe, expect, it } from "vitest";
import { buildProgCurve } from "./prog-curve";
import { analyse, pull } from "./testing";

const REPORT_B = { reportCode: "rep0000B", reportStartTime: Date.UTC(2025, 0, 16, 19, 0) };
const REPORT_C = { reportCode: "rep0000C", reportStartTime: Date.UTC(2025, 0, 17, 1, 0) }; // 02:00 Berlin, same night as B

describe("buildProgCurve", () => {
  const pulls = [
    pull(1, { fightPercentage: 80 }),
    pull(2, { lastPhase: 2, lastPhaseAbsoluteIndex: 1, fightPercentage: 70 }),
    pull(3, { lastPhase: 1, lastPhaseAbsoluteIndex: 2, lastPhaseIsIntermission: true, fightPercentage: 55 }),
    pull(4, { ...REPORT_B, fightPercentage: 90 }),
    pull(5, { ...REPORT_B, fightPercentage: 95 }),
    pull(6, { ...REPORT_C, lastPhase: 3, lastPhaseAbsoluteIndex: 3, fightPercentage: 30 }),
    pull(7, { ...REPORT_C, kill: true, fightPercentage: 11.85, lastPhase: 3, lastPhaseAbsoluteIndex: 3 }),
  ];

  it("takes the best pull of each report, and marks new bests", () => {
    const curve = buildProgCurve(analyse({ pulls }), 1079);
    expect(curve.points.map((p) => [p.sessionLabel, p.best.pullNumber, p.best.phase, p.isRecord, p.bestSoFar.pullNumber])).toEqual([
      ["rep0000A", 3, "I1", true, 3],
      ["rep0000B", 4, "P1", false, 3],
      ["rep0000C", 7, "P3", true, 7],
    ]);
    expect(curve.best).toMatchObject({ pullNumber: 7, kill: true, fightPercentage: 0 });
    expect(curve.summary).toBe("Best: kill in 3:00 (pull 7). New best in 2 of 3 sessions.");
    expect(curve.insufficientData).toBe(false);
  });

  it("groups by night in the static's time zone when asked", () => {
    const curve = buildProgCurve(analyse({ pulls, options: { sessionBy: "night" } }), 1079);
    expect(curve.points.map((p) => [p.sessionKey, p.pulls, p.best.pullNumber])).toEqual([
      ["night:2025-01-14", 3, 3],
      ["night:2025-01-16", 4, 7],
    ]);
  });

  it("keeps the earlier of two equal pulls as a session's best (tie)", () => {
    const curve = buildProgCurve(analyse({ pulls: [pull(1), pull(2), pull(3), pull(4), pull(5)] }), 1079);
    expect(curve.points[0]?.best.pullNumber).toBe(1);
  });

  it("answers Insufficient data with fewer than 5 eligible pulls", () => {
    const curve = buildProgCurve(analyse({ pulls: [pull(1), pull(2, { durationMs: 10_000 }), pull(3)] }), 1079);
    expect(curve).toMatchObject({ insufficientData: true, summary: null, message: "Insufficient data: 2 eligible pulls (at least 5 needed)." });
    expect(curve.points).toHaveLength(1);
  });

  it("is empty for an encounter without pulls", () => {
    expect(buildProgCurve(analyse({ pulls: [] }), 1079)).toMatchObject({ points: [], best: null, insufficientData: true });
  });
});
