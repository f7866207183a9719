import { describe, expect, it } from "vitest";
import { attributeFaults } from "./faults";
import { buildNightReport, countMistakes, countMistakesBySession, groupPullsBySession, pullLine } from "./night";
import { buildSessionReport } from "./session-report";
import { ABILITY, analyse, at, death, hit, partyWipe, pull, REPORT, REPORT_START } from "./testing";
import { pullKey, type StratEntry } from "./types";

const LATER = "rep0000B";
const WEEK = 7 * 24 * 3_600_000;
const later = (fightId: number, rest: Parameters<typeof pull>[1] = {}) =>
  pull(fightId, { reportCode: LATER, reportStartTime: REPORT_START + WEEK, ...rest });
const tethers: StratEntry = { encounterId: 1079, mechanicRef: "Line AoE", role: "tank", memberId: null };

// Session 1 (report A): three wipes in P1, one reaching P2. Session 2 (report B, a week later):
// wipes reaching P3, one decided by a non-tank taking the tank line.
const scenario = {
  pulls: [
    pull(1, { fightPercentage: 90 }),
    pull(2, { fightPercentage: 80 }),
    pull(3, { fightPercentage: 60, lastPhase: 2, lastPhaseAbsoluteIndex: 1 }),
    later(1, { fightPercentage: 40, lastPhase: 3, lastPhaseAbsoluteIndex: 2 }),
    later(2, { fightPercentage: 12.4, lastPhase: 3, lastPhaseAbsoluteIndex: 2 }),
    later(3, { fightPercentage: 70, lastPhase: 2, lastPhaseAbsoluteIndex: 1 }),
  ],
  events: {
    // Eve dies first, Finn second (the deciding death), then a cascade of three before the burst.
    [pullKey(REPORT, 1)]: [
      death(at(1, 60), 5, ABILITY.cleave),
      death(at(1, 70), 6, ABILITY.cleave),
      death(at(1, 90), 7, ABILITY.raidwide),
      death(at(1, 100), 3, ABILITY.raidwide),
      death(at(1, 110), 4, ABILITY.raidwide),
      ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 8]),
    ],
    [pullKey(REPORT, 2)]: [
      death(at(2, 50), 5, ABILITY.tower),
      death(at(2, 50.5), 6, ABILITY.tower),
      ...partyWipe(2, 170, ABILITY.raidwide, [1, 2, 3, 4, 7, 8]),
    ],
    [pullKey(REPORT, 3)]: [death(at(3, 120), 7, ABILITY.cleave), ...partyWipe(3, 170, ABILITY.raidwide, [1, 2, 3, 4, 5, 6, 8])],
    [pullKey(LATER, 1)]: [
      hit(at(1, 30), 5, ABILITY.line),
      death(at(1, 40), 3, ABILITY.cleave),
      ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 4, 5, 6, 7, 8]),
    ],
    [pullKey(LATER, 2)]: [death(at(2, 160), 5, ABILITY.line), ...partyWipe(2, 170, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])],
    [pullKey(LATER, 3)]: [hit(at(3, 20), 6, ABILITY.line), hit(at(3, 25), 1, ABILITY.line)],
  },
  config: {
    strats: [tethers],
    progPoints: [
      { id: 1, encounterId: 1079, label: "P2", phaseIndex: 1, abilityId: null },
      { id: 2, encounterId: 1079, label: "P3", phaseIndex: 2, abilityId: null },
    ],
  },
  options: { minPulls: 1 },
};

describe("deaths per player, around the deciding death", () => {
  const report = buildSessionReport(analyse(scenario), `report:${REPORT}`, 1079);
  const of = (player: string) => report.deathsPerPlayer.find((d) => d.player === player);

  it("counts only deaths up to the one that decided the wipe; the cascade apart; the closing burst as forced", () => {
    expect(of("Eve")).toMatchObject({ deaths: 2, cascadeDeaths: 0, firstDeaths: 2 });
    expect(of("Finn")).toMatchObject({ deaths: 2, cascadeDeaths: 0 });
    // Gus died in pull 1 after the wipe was decided (cascade) and first in pull 3.
    expect(of("Gus")).toMatchObject({ deaths: 1, cascadeDeaths: 1, forcedDeaths: 1 });
    expect(of("Cleo")).toMatchObject({ deaths: 0, cascadeDeaths: 1 });
    // Aria: after the cut in pull A1 (three dying together is no closing burst for eight), forced in A2 and A3.
    expect(of("Aria")).toMatchObject({ deaths: 0, cascadeDeaths: 1, forcedDeaths: 2 });
  });
});

describe("blame in whole wipes", () => {
  it("says how many wipes a player started, and how many of those they shared", () => {
    const faults = attributeFaults(analyse(scenario), 1079);
    const eve = faults.players.find((p) => p.player === "Eve");
    // A1 (Finn died next), A2 (two deaths to Tower at once) and B1 (the tank line hit her before
    // Cleo died): three, each shared. B2's death to the tank line is the tanks' mechanic.
    expect(eve).toMatchObject({ started: 3, shared: 3 });
    expect(eve?.summary).toBe("Eve: started 3 wipes of 6; shared 3 with others; died first on 3 of 6.");
    expect(faults.players.find((p) => p.player === "Aria")?.started).toBe(1);
    expect(faults.players.find((p) => p.player === "Cleo")).toMatchObject({ started: 1, shared: 1 });
  });
});

describe("buildNightReport", () => {
  const analysis = analyse(scenario);
  const night = buildNightReport(analysis, `report:${LATER}`, 1079);

  it("writes one line per pull, the way raiders do", () => {
    expect(night.lines.map((l) => l.line)).toEqual([
      "4. 3:00 – P3 40.0% – first: Cleo to Cleave",
      "5. 3:00 – P3 12.4% – first: Eve to Line AoE",
      "6. 3:00 – P2 70.0% – no deaths",
    ]);
    expect(night.lines.find((l) => l.isBest)?.pullNumber).toBe(5);
  });

  it("says the best pull is a new best, and which prog points were reached for the first time", () => {
    expect(night.best).toBe("P3 with 12.4% remaining (pull 5)");
    expect(night.newBest).toBe(true);
    expect(night.previousBest).toBe("P2 with 60.0% remaining (pull 3)");
    expect(night.progPointsFirstReached).toEqual([{ label: "P3", pullNumber: 4 }]);
    expect(buildNightReport(analysis, `report:${REPORT}`, 1079).previous).toBeNull();
  });

  it("breaks wipes down by phase, then deciding mechanic, then who failed it, with the pulls behind each", () => {
    expect(night.breakdown.map((p) => [p.phase, p.wipes])).toEqual([
      ["P2", 1],
      ["P3", 2],
    ]);
    const p3 = night.breakdown.find((p) => p.phase === "P3");
    // Pull 4: Eve took the tank line (a mistake) before Cleo's death: the line decided it.
    expect(p3?.mechanics.map((m) => [m.cause, m.kind, m.wipes, m.players.map((x) => `${x.player} ${x.wipes}`)])).toEqual([
      ["Line AoE", "mistake", 1, ["Eve 1"]],
      ["Line AoE", "death", 1, ["Eve 1"]],
    ]);
    expect(p3?.pulls.map((p) => p.pullNumber)).toEqual([4, 5]);
    expect(night.breakdown[0]?.mechanics[0]).toMatchObject({ cause: "Line AoE", kind: "mistake", players: [{ player: "Finn", wipes: 1 }] });
  });

  it("counts mistakes nobody died to, per mechanic against the session before, and per player", () => {
    expect(night.mistakes.total).toBe(2);
    expect(night.mistakes.byMechanic).toEqual([
      expect.objectContaining({
        abilityName: "Line AoE",
        kind: "hit a non-tank",
        count: 2,
        previousCount: 0,
        summary: "Line AoE: hit a non-tank 2 times this session, 0 the session before.",
      }),
    ]);
    expect(night.mistakes.byPlayer.map((p) => [p.player, p.count])).toEqual([
      ["Eve", 1],
      ["Finn", 1],
    ]);
  });

  it("says the session before is unknown for mistakes, not 0, when none of its pulls has its events", () => {
    const pulls = scenario.pulls.map((p) => (p.reportCode === REPORT ? { ...p, eventsComplete: false } : p));
    const unknownBefore = buildNightReport(analyse({ ...scenario, pulls }), `report:${LATER}`, 1079);
    expect(unknownBefore.mistakes.byMechanic).toEqual([
      expect.objectContaining({
        count: 2,
        previousCount: null,
        summary: "Line AoE: hit a non-tank 2 times this session, no data for the session before.",
      }),
    ]);
  });

  it("lists a mechanic failed the session before and not in this one, with its 0", () => {
    const events = {
      ...scenario.events,
      [pullKey(REPORT, 1)]: [hit(at(1, 30), 5, ABILITY.line), hit(at(1, 32), 6, ABILITY.line), ...(scenario.events[pullKey(REPORT, 1)] ?? [])],
      [pullKey(LATER, 1)]: (scenario.events[pullKey(LATER, 1)] ?? []).filter((e) => e.type !== "damage" || e.abilityGameId !== ABILITY.line),
      [pullKey(LATER, 3)]: [],
    };
    const fixed = buildNightReport(analyse({ ...scenario, events }), `report:${LATER}`, 1079);
    expect(fixed.mistakes.total).toBe(0);
    expect(fixed.mistakes.byMechanic).toEqual([
      expect.objectContaining({ count: 0, previousCount: 2, summary: "Line AoE: hit a non-tank 0 times this session, 2 the session before." }),
    ]);
  });

  it("compares with the previous session: best, pulls, share reaching each phase, wipes per cause", () => {
    expect(night.previous).toMatchObject({ sessionKey: `report:${REPORT}`, pulls: 3, best: "P2 with 60.0% remaining (pull 3)" });
    expect(night.previous?.phases).toEqual([
      { phaseIndex: 0, phase: "P1", share: 1, previousShare: 1 },
      { phaseIndex: 1, phase: "P2", share: 1, previousShare: 0.333 },
      { phaseIndex: 2, phase: "P3", share: 0.667, previousShare: 0 },
    ]);
    expect(night.previous?.causes).toEqual([
      { cause: "Line AoE", wipes: 3, previousWipes: 0 },
      { cause: "Cleave", wipes: 0, previousWipes: 2 },
      { cause: "Tower", wipes: 0, previousWipes: 1 },
    ]);
    expect(night.headline).toBe(
      "3 pulls over 23:00. Best: P3 with 12.4% remaining (pull 5), a new best (before: P2 with 60.0% remaining (pull 3)). First time at P3. Most wipes decided by Line AoE (3).",
    );
  });

  it("writes a kill, unknown events and unlogged HP in words, never as numbers it does not have", () => {
    const base = night.session.pulls[0];
    if (!base) throw new Error("no pull");
    expect(pullLine({ ...base, kill: true, fightPercentage: 0 })).toBe("4. 3:00 – Kill – first: Cleo to Cleave");
    expect(pullLine({ ...base, eventsComplete: false, firstDeath: null, fightPercentage: null, phase: null })).toBe(
      "4. 3:00 – phase unknown, boss HP not logged – deaths unknown (events not imported)",
    );
  });
});

describe("mistake counts per session and over all of them", () => {
  // Two sessions; Eve's line hits in both (one mechanic's, one player's counts add up), a tower
  // nobody should take in each, a repeat within the cluster window (once), and a pull whose events
  // were not imported (its mistakes unknown, not counted).
  const tower: StratEntry = { encounterId: 1079, mechanicRef: " tower ", role: null, memberId: null, rule: "none" };
  const a = analyse({
    pulls: [pull(1), pull(2), pull(3, { eventsComplete: false }), later(1), later(2)],
    events: {
      [pullKey(REPORT, 1)]: [
        hit(at(1, 10), 5, ABILITY.line),
        hit(at(1, 11), 5, ABILITY.line),
        hit(at(1, 20), 6, ABILITY.line),
        hit(at(1, 30), 3, ABILITY.tower),
      ],
      [pullKey(REPORT, 2)]: [hit(at(2, 10), 5, ABILITY.line)],
      [pullKey(REPORT, 3)]: [hit(at(3, 10), 5, ABILITY.line)],
      [pullKey(LATER, 1)]: [hit(at(1, 10), 5, ABILITY.line), hit(at(1, 12), 1, ABILITY.tower), hit(at(1, 12), 2, ABILITY.tower)],
      [pullKey(LATER, 2)]: [hit(at(2, 50), 7, ABILITY.tower)],
    },
    config: { strats: [tethers, tower] },
  });
  const groups = groupPullsBySession(a, 1079);
  const { overall, sessions } = countMistakesBySession(groups);
  const withoutPerPull = ({ perPull: _perPull, ...counts }: ReturnType<typeof countMistakes>) => counts;

  it("gives each session what countMistakes gives it, without the mistakes one by one", () => {
    expect(groups).toHaveLength(2);
    expect(sessions.map((s) => s.group)).toEqual(groups);
    for (const [i, group] of groups.entries()) expect(sessions[i]?.counts).toEqual(withoutPerPull(countMistakes(group.pulls)));
    expect(sessions.map((s) => [s.counts.pullsWithEvents, s.counts.total])).toEqual([
      [2, 4],
      [2, 4],
    ]);
  });

  it("sums the sessions into what countMistakes gives over every pull", () => {
    expect(overall).toEqual(withoutPerPull(countMistakes(groups.flatMap((g) => g.pulls))));
    expect(overall.total).toBe(8);
    expect(overall.byMechanic.map((m) => [m.abilityName, m.count])).toEqual([
      ["Line AoE", 4],
      ["Tower", 4],
    ]);
    expect(overall.byPlayer.find((p) => p.player === "Eve")).toEqual({
      playerKey: "member:50",
      player: "Eve",
      count: 3,
      pulls: 3,
      byMechanic: [{ abilityName: "Line AoE", count: 3 }],
    });
  });
});
