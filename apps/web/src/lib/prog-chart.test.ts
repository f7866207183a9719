import { describe, expect, it } from "vitest";
import { pullRow } from "./analysis-fixtures";
import { buildProgressChart, describeProgress, PROGRESS_COLUMNS } from "./prog-chart";

const B = { sessionKey: "report:B", sessionLabel: "B", reportCode: "B" };
const pulls = [
  pullRow(1, { phaseIndex: 0, bossPercentage: 40 }),
  pullRow(2, { phaseIndex: 1, phase: "I1", isIntermission: true, bossPercentage: 70 }),
  pullRow(3, { wipeType: "reset", bossPercentage: 95 }),
  pullRow(4, { ...B, phaseIndex: 0, bossPercentage: 10 }),
  pullRow(5, { ...B, phaseIndex: 2, phase: "P2", bossPercentage: 23.5 }),
  pullRow(6, { ...B, kill: true, wipeType: "kill", phaseIndex: 2, phase: "P2", bossPercentage: 0, fightPercentage: 0 }),
];
const curve = {
  points: [
    { best: pullRow(2), isRecord: true },
    { best: pullRow(6), isRecord: true },
  ],
} as Parameters<typeof buildProgressChart>[1];
const names = new Map([
  ["report:A", "Mon, Jan 6"],
  ["report:B", "Tue, Jan 7"],
]);

describe("buildProgressChart", () => {
  const chart = buildProgressChart(pulls, curve, [{ label: "Towers", phaseIndex: 1 }], names);

  it("scores every pull and keeps the best so far", () => {
    expect(chart.points.map((p) => [p.pullNumber, p.score, p.bestSoFar, p.label])).toEqual([
      [1, 0.6, 0.6, "P1 40.0%"],
      [2, 1.3, 1.3, "I1 70.0%"],
      [3, 0.05, 1.3, "P1 95.0%"],
      [4, 0.9, 1.3, "P1 10.0%"],
      [5, 2.77, 2.77, "P2 23.5%"],
      [6, 3.5, 3.5, "Kill"],
    ]);
    expect(chart.points.map((p) => p.outcome)).toEqual(["wipe", "wipe", "reset", "wipe", "wipe", "kill"]);
  });

  it("marks each session's best from the API's curve", () => {
    expect(chart.points.filter((p) => p.isSessionBest).map((p) => [p.pullNumber, p.isRecord])).toEqual([
      [2, true],
      [6, true],
    ]);
  });

  it("has a band per phase, then one for the kill", () => {
    expect(chart.bands).toEqual([
      { from: 0, label: "P1", isIntermission: false },
      { from: 1, label: "I1", isIntermission: true },
      { from: 2, label: "P2", isIntermission: false },
      { from: 3, label: "Kill", isIntermission: false },
    ]);
    expect(chart.yMax).toBe(4);
  });

  it("spans sessions by pull number, with their names", () => {
    expect(chart.sessions).toEqual([
      { key: "report:A", name: "Mon, Jan 6", firstPull: 1, lastPull: 3 },
      { key: "report:B", name: "Tue, Jan 7", firstPull: 4, lastPull: 6 },
    ]);
  });

  it("draws prog points at the start of their phase, including phases not reached yet", () => {
    const ahead = buildProgressChart(pulls.slice(0, 2), { points: [] }, [{ label: "P4 start", phaseIndex: 4 }], names);
    expect(ahead.progPoints).toEqual([{ label: "P4 start", score: 4 }]);
    expect(ahead.bands.map((b) => b.label)).toEqual(["P1", "I1", "P2", "P3", "P4"]);
    expect(ahead.bands.map((b) => b.isIntermission)).toEqual([false, true, false, false, false]);
  });

  it("is empty without pulls", () => {
    const empty = buildProgressChart([], { points: [] }, [], names);
    expect(empty.points).toEqual([]);
    expect(describeProgress(empty)).toBeNull();
  });
});

describe("describeProgress", () => {
  it("says the best pull and how many sessions set a new best", () => {
    expect(describeProgress(buildProgressChart(pulls, curve, [], names))).toBe("Best: kill on pull 6 (Tue, Jan 7). New best in 2 of 2 sessions.");
    expect(describeProgress(buildProgressChart(pulls.slice(0, 3), { points: [] }, [], names))).toBe("Best: I1 70.0% on pull 2 (Mon, Jan 6).");
  });
});

describe("PROGRESS_COLUMNS", () => {
  it("writes one row per pull drawn", () => {
    const [first] = buildProgressChart(pulls, curve, [], names).points;
    expect(first && PROGRESS_COLUMNS.map((c) => c.value(first))).toEqual([
      1,
      "Mon, Jan 6",
      expect.stringMatching(/^2025-01-0[67] /),
      "wipe",
      "P1 40.0%",
      0.6,
      0.6,
      null,
    ]);
  });
});
