import { describe, expect, it } from "vitest";
import { groupEventsByPull } from "./prepare";
import { buildPullTable, comparePulls, findBestPull, type RankablePull } from "./pulls";
import { ABILITY, analyse, at, death, hit, pull, REPORT } from "./testing";

const rank = (o: Partial<RankablePull>): RankablePull => ({
  kill: false,
  phaseIndex: 0,
  fightPercentage: 50,
  bossPercentage: 50,
  durationMs: 100_000,
  ...o,
});

describe("buildPullTable", () => {
  it("numbers pulls per encounter in time order across reports, and drops trash", () => {
    const later = { reportCode: "rep0000B", reportStartTime: Date.UTC(2025, 0, 21, 19, 0) };
    const a = analyse({
      pulls: [pull(3, later), pull(2), pull(1, { encounterId: 0, name: "Trash" }), pull(4), pull(5, { encounterId: 2000 })],
    });
    const rows = buildPullTable(a, 1079);
    expect(rows.map((r) => [r.reportCode, r.fightId, r.pullNumber])).toEqual([
      [REPORT, 2, 1],
      [REPORT, 4, 2],
      ["rep0000B", 3, 3],
    ]);
    expect(buildPullTable(a, 2000).map((r) => r.pullNumber)).toEqual([1]);
    expect(buildPullTable(a)).toHaveLength(4);
  });

  it("shows start, duration, phase and the first death with its killing ability", () => {
    const a = analyse({
      pulls: [pull(1, { lastPhase: 2, lastPhaseAbsoluteIndex: 3, lastPhaseIsIntermission: true, fightPercentage: 61.2, durationMs: 125_000 })],
      events: { 1: [death(at(1, 90), 5, ABILITY.line), death(at(1, 62), 3, ABILITY.tower)] },
    });
    const [row] = buildPullTable(a);
    expect(row).toMatchObject({
      startedAt: Date.UTC(2025, 0, 14, 19, 10),
      startedAtIso: "2025-01-14T19:10:00.000Z",
      durationMs: 125_000,
      duration: "2:05",
      kill: false,
      fightPercentage: 61.2,
      phaseIndex: 3,
      phase: "I2",
      isIntermission: true,
      firstDeath: { player: "Cleo", abilityName: "Tower", abilityId: ABILITY.tower, atMs: 62_000 },
    });
  });

  it("falls back to the last hit taken when a death names no ability", () => {
    const a = analyse({ pulls: [pull(1)], events: { 1: [hit(at(1, 40), 2, ABILITY.cleave), death(at(1, 41), 2, null)] } });
    expect(buildPullTable(a)[0]?.firstDeath).toMatchObject({ player: "Bram", abilityName: "Cleave" });
  });

  it("treats a kill as 0% remaining whatever fight % was logged", () => {
    const a = analyse({ pulls: [pull(1, { kill: true, fightPercentage: 11.85, bossPercentage: 90.52 })] });
    expect(buildPullTable(a)[0]).toMatchObject({ kill: true, fightPercentage: 0, loggedFightPercentage: 11.85, bossPercentage: 0, wipeType: "kill" });
  });

  it("has no first death on a deathless pull", () => {
    const a = analyse({ pulls: [pull(1)] });
    expect(buildPullTable(a)[0]?.firstDeath).toBeNull();
  });
});

describe("comparePulls", () => {
  it("orders by kill, phase, fight %, boss %, then duration", () => {
    expect(comparePulls(rank({ kill: true, phaseIndex: 0 }), rank({ phaseIndex: 5 }))).toBeLessThan(0);
    expect(comparePulls(rank({ phaseIndex: 3, fightPercentage: 60 }), rank({ phaseIndex: 2, fightPercentage: 5 }))).toBeLessThan(0);
    expect(comparePulls(rank({ fightPercentage: 20 }), rank({ fightPercentage: 30 }))).toBeLessThan(0);
    expect(comparePulls(rank({ bossPercentage: 10 }), rank({ bossPercentage: 12 }))).toBeLessThan(0);
    expect(comparePulls(rank({ durationMs: 200_000 }), rank({ durationMs: 100_000 }))).toBeLessThan(0);
  });

  it("prefers the faster of two kills, the longer of two wipes", () => {
    expect(
      comparePulls(rank({ kill: true, fightPercentage: 0, durationMs: 500_000 }), rank({ kill: true, fightPercentage: 0, durationMs: 520_000 })),
    ).toBeLessThan(0);
  });

  it("calls identical pulls a tie; the best is then the earlier one", () => {
    const first = { ...rank({}), id: "first" };
    const second = { ...rank({}), id: "second" };
    expect(comparePulls(first, second)).toBe(0);
    expect(findBestPull([first, second])?.id).toBe("first");
    expect(findBestPull([])).toBeNull();
  });
});

describe("groupEventsByPull", () => {
  it("groups event rows by report and fight in one pass", () => {
    const rows = [
      { reportCode: "a", fightId: 1, n: 1 },
      { reportCode: "a", fightId: 2, n: 2 },
      { reportCode: "a", fightId: 1, n: 3 },
    ];
    const grouped = groupEventsByPull(rows);
    expect(grouped.get("a#1")?.map((r) => r.n)).toEqual([1, 3]);
    expect(grouped.get("a#2")?.map((r) => r.n)).toEqual([2]);
  });
});
