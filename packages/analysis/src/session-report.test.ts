import { describe, expect, it } from "vitest";
import { buildProgPoints } from "./prog-points";
import { buildSessionReport, listSessions } from "./session-report";
import { ABILITY, analyse, at, cast, death, partyWipe, pull, type Scenario } from "./testing";

const transitions = (fightId: number, ...seconds: number[]) => seconds.map((s, i) => ({ id: i + 1, startTime: at(fightId, s) }));

// Six pulls of one report: a reset, wipes in P1, P2 and the intermission, and a kill.
const scenario: Scenario = {
  pulls: [
    pull(1, { durationMs: 20_000, fightPercentage: 100 }),
    pull(2, { durationMs: 100_000, fightPercentage: 80, phaseTransitions: transitions(2, 0) }),
    pull(3, { durationMs: 200_000, lastPhase: 2, lastPhaseAbsoluteIndex: 1, fightPercentage: 60, phaseTransitions: transitions(3, 0, 120) }),
    pull(4, {
      durationMs: 250_000,
      lastPhase: 1,
      lastPhaseAbsoluteIndex: 2,
      lastPhaseIsIntermission: true,
      fightPercentage: 50,
      phaseTransitions: transitions(4, 0, 120, 200),
    }),
    pull(5, { durationMs: 150_000, lastPhase: 2, lastPhaseAbsoluteIndex: 1, fightPercentage: 65, phaseTransitions: transitions(5, 0, 120) }),
    pull(6, {
      durationMs: 400_000,
      kill: true,
      fightPercentage: 3,
      lastPhase: 3,
      lastPhaseAbsoluteIndex: 3,
      phaseTransitions: transitions(6, 0, 120, 200, 260),
    }),
  ],
  events: {
    1: [death(at(1, 10), 1, ABILITY.auto)],
    2: [death(at(2, 60), 5, ABILITY.line), death(at(2, 70), 5, ABILITY.line), ...partyWipe(2, 99, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])],
    3: [death(at(3, 150), 5, ABILITY.cleave), ...partyWipe(3, 199, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])],
    4: [cast(at(4, 210), ABILITY.tower), death(at(4, 220), 3, ABILITY.tower), ...partyWipe(4, 249, ABILITY.raidwide, [1, 2, 4, 5, 6, 7, 8])],
    5: [death(at(5, 130), 6, ABILITY.line), ...partyWipe(5, 149, ABILITY.raidwide, [1, 2, 3, 4, 5, 7, 8])],
    6: [death(at(6, 300), 7, ABILITY.line)],
  },
  config: {
    progPoints: [
      { id: 1, encounterId: 1079, label: "P2", phaseIndex: 1, abilityId: null },
      { id: 2, encounterId: 1079, label: "Intermission towers", phaseIndex: 2, abilityId: ABILITY.tower },
      { id: 3, encounterId: 2000, label: "Other boss", phaseIndex: 0, abilityId: null },
    ],
  },
};

describe("buildSessionReport", () => {
  const report = buildSessionReport(analyse(scenario), "report:rep0000A", 1079);

  it("lists the pulls, the best pull and wipe types", () => {
    expect(report.pulls.map((p) => p.pullNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.eligiblePulls).toBe(5);
    expect(report.bestPull).toMatchObject({ pullNumber: 6, kill: true, fightPercentage: 0, loggedFightPercentage: 3 });
    expect(report.wipeTypes).toEqual({ kill: 1, reset: 1, "dps-check": 0, mechanic: 0, cascade: 0, attrition: 1, other: 3, unknown: 0 });
    expect(report.startedAt).toBe(Date.UTC(2025, 0, 14, 19, 10));
    expect(report.endedAt).toBe(Date.UTC(2025, 0, 14, 20, 0) + 400_000);
  });

  it("counts deaths per player in eligible pulls, forced deaths apart", () => {
    const eve = report.deathsPerPlayer.find((d) => d.player === "Eve");
    // Pull 2: two Line AoE deaths (raised in between); pull 3: Cleave; pulls 4 and 5: closing burst (forced).
    expect(eve).toMatchObject({ deaths: 3, forcedDeaths: 2, firstDeaths: 2 });
    expect(eve?.byAbility).toEqual([
      { abilityId: ABILITY.line, abilityName: "Line AoE", count: 2 },
      { abilityId: ABILITY.cleave, abilityName: "Cleave", count: 1 },
    ]);
    // Aria's death in the reset is not counted.
    expect(report.deathsPerPlayer.find((d) => d.player === "Aria")).toMatchObject({ deaths: 0, forcedDeaths: 4, firstDeaths: 0 });
    expect(report.deathsPerPlayer[0]?.player).toBe("Eve");
  });

  it("sums the time reached in each phase, with P/I labels", () => {
    expect(report.phases).toEqual([
      { phaseIndex: 0, phase: "P1", pullsReached: 6, timeMs: 20_000 + 100_000 + 120_000 * 4, time: "10:00" },
      { phaseIndex: 1, phase: "P2", pullsReached: 4, timeMs: 80_000 + 80_000 + 30_000 + 80_000, time: "4:30" },
      { phaseIndex: 2, phase: "I1", pullsReached: 2, timeMs: 50_000 + 60_000, time: "1:50" },
      { phaseIndex: 3, phase: "P3", pullsReached: 1, timeMs: 140_000, time: "2:20" },
    ]);
  });

  it("marks the prog points reached, and the first pull to reach each", () => {
    expect(report.progPoints).toEqual([
      {
        id: 1,
        label: "P2",
        phaseIndex: 1,
        pullsReached: 4,
        firstReached: { reportCode: "rep0000A", fightId: 3, pullNumber: 3, startedAt: Date.UTC(2025, 0, 14, 19, 30) },
      },
      // Pull 4 saw the towers; pull 6 killed the boss (a kill reaches every point).
      {
        id: 2,
        label: "Intermission towers",
        phaseIndex: 2,
        pullsReached: 2,
        firstReached: { reportCode: "rep0000A", fightId: 4, pullNumber: 4, startedAt: Date.UTC(2025, 0, 14, 19, 40) },
      },
    ]);
    expect(buildProgPoints(analyse(scenario), 2000)).toEqual([{ id: 3, label: "Other boss", phaseIndex: 0, pullsReached: 0, firstReached: null }]);
  });

  it("summarises descriptively", () => {
    expect(report.summary).toBe("6 pulls (1 reset, 1 kill). Best: kill in 6:40 (pull 6). Reached 2 of 2 prog points.");
  });

  it("answers Insufficient data for a thin session, keeping the facts", () => {
    const thin = buildSessionReport(analyse({ ...scenario, pulls: scenario.pulls.slice(0, 3) }), "report:rep0000A", 1079);
    expect(thin).toMatchObject({ insufficientData: true, summary: null, message: "Insufficient data: 2 eligible pulls (at least 5 needed)." });
    expect(thin.pulls).toHaveLength(3);
  });

  it("is empty for an unknown session", () => {
    expect(buildSessionReport(analyse(scenario), "report:nope", 1079)).toMatchObject({
      pulls: [],
      bestPull: null,
      startedAt: null,
      insufficientData: true,
    });
  });
});

describe("listSessions", () => {
  it("lists sessions in time order", () => {
    expect(listSessions(analyse(scenario))).toEqual([
      { sessionKey: "report:rep0000A", sessionLabel: "rep0000A", startedAt: Date.UTC(2025, 0, 14, 19, 10), pulls: 6 },
    ]);
  });
});
