import { describe, expect, it } from "vitest";
import {
  consistencyChart,
  DEATH_COLUMNS,
  type DeathRow,
  deathRows,
  describeFaults,
  describeFirstDeaths,
  describeFirstDeathsByPlayer,
  describeTrends,
  describeWipeTypes,
  faultRows,
  firstDeathRows,
  missingTrendMessage,
  wipeTypeRows,
} from "./analysis-charts";
import { pullRow } from "./analysis-fixtures";
import type { Consistency, PlayerConsistency } from "./api";

describe("wipe types", () => {
  const rows = wipeTypeRows({ mechanic: 12, reset: 3, kill: 1, cascade: 8, attrition: 0, "dps-check": 1 });

  it("lists the types that occurred, kill first, resets last, with their share", () => {
    expect(rows.map((r) => [r.label, r.pulls, r.share])).toEqual([
      ["Kill", 1, 4],
      ["Mechanic", 12, 48],
      ["Cascade", 8, 32],
      ["DPS check", 1, 4],
      ["Reset", 3, 12],
    ]);
  });

  it("says it in one sentence, most common first", () => {
    expect(describeWipeTypes(rows)).toBe("25 pulls: 12 mechanic, 8 cascade, 3 reset, 1 kill, 1 DPS check.");
    expect(describeWipeTypes([])).toBeNull();
  });
});

describe("first deaths by ability", () => {
  const death = (player: string, abilityName: string, forced: "enrage" | null = null) => ({
    playerKey: player,
    player,
    abilityId: 1,
    abilityName,
    atMs: 1000,
    forced,
  });
  const pulls = [
    pullRow(1, { firstDeath: death("Aoi", "Ashfall") }),
    pullRow(2, { firstDeath: death("Ben", "Ashfall") }),
    pullRow(3, { firstDeath: death("Aoi", "Ashfall") }),
    pullRow(4, { firstDeath: death("Cid (unknown player)", "Pyre Tethers") }),
    pullRow(5, { firstDeath: death("Cid", "Ashen Apocalypse", "enrage"), wipeType: "dps-check" }),
    pullRow(6, { firstDeath: death("Ben", "Cinder Crown"), wipeType: "reset" }),
    pullRow(7, { kill: true, wipeType: "kill", firstDeath: death("Dee", "Ashfall") }),
  ];

  it("counts the wipes each ability started (counted deaths only), with who died", () => {
    expect(firstDeathRows(pulls)).toEqual([
      { ability: "Ashfall", isRest: false, wipes: 3, players: "Aoi 2, Ben 1" },
      { ability: "Pyre Tethers", isRest: false, wipes: 1, players: "Cid 1" },
    ]);
    expect(describeFirstDeaths(firstDeathRows(pulls), pulls)).toBe("Ashfall started 3 of 5 wipes; Pyre Tethers 1.");
    // A wipe without its events has no known first death: never counted as started by nothing.
    const partial = [...pulls, pullRow(40, { eventsComplete: false, deaths: null, firstDeath: null, wipeType: "unknown" })];
    expect(describeFirstDeaths(firstDeathRows(partial), partial)).toBe(
      "Ashfall started 3 of 5 wipes with known deaths; Pyre Tethers 1. 1 more wipe without its events: first death unknown.",
    );
  });

  it("folds the long tail into one row when it stays below the named causes", () => {
    const many = ["A", "A", "A", "B", "C", "D"].map((name, i) => pullRow(i + 1, { firstDeath: death("Aoi", name) }));
    expect(firstDeathRows(many, 3).map((r) => [r.ability, r.wipes])).toEqual([
      ["A", 3],
      ["B", 1],
      ["2 other abilities", 2],
    ]);
  });

  it("never lets the folded row dwarf the named causes: the tail is said in words instead", () => {
    const many = ["A", "B", "C", "D"].map((name, i) => pullRow(i + 1, { firstDeath: death("Aoi", name) }));
    const rows = firstDeathRows(many, 3);
    expect(rows.map((r) => [r.ability, r.wipes])).toEqual([
      ["A", 1],
      ["B", 1],
    ]);
    expect(describeFirstDeaths(rows, many)).toBe(
      "A started 1 of 4 wipes; B 1. 2 more wipes started with other abilities, none of them more often than B (not charted).",
    );
  });
});

function player(name: string, overrides: Partial<PlayerConsistency> = {}): PlayerConsistency {
  return {
    playerKey: name,
    player: name,
    onRoster: true,
    eligiblePulls: 40,
    deaths: 10,
    cascadeDeaths: 3,
    firstDeaths: 4,
    deathsPerPull: 0.25,
    sessions: [],
    trend: null,
    trendMessage: "Insufficient data: 1 session with at least 5 eligible pulls (at least 3 needed for a trend).",
    summary: null,
    insufficientData: false,
    message: null,
    ...overrides,
  };
}

const session = (sessionKey: string, deathsPerPull: number | null) => ({
  sessionKey,
  sessionLabel: sessionKey.slice(7),
  eligiblePulls: deathsPerPull === null ? 2 : 10,
  deaths: 2,
  cascadeDeaths: 1,
  firstDeaths: 1,
  deathsPerPull,
  insufficientData: deathsPerPull === null,
  message: null,
});

describe("deaths per player", () => {
  const rows = deathRows({
    players: [
      player("Ben", { deaths: 4, firstDeaths: 1 }),
      player("Aoi", { firstDeaths: 12 }),
      player("Cid Vane (unknown player)", { deaths: 4, firstDeaths: 0, onRoster: false }),
    ],
  });

  it("sorts by deaths, then first deaths, players off the roster by character name", () => {
    expect(rows.map((r) => [r.player, r.onRoster])).toEqual([
      ["Aoi", true],
      ["Ben", true],
      ["Cid Vane", false],
    ]);
    expect(DEATH_COLUMNS.map((c) => c.value(rows[2] as DeathRow))).toEqual(["Cid Vane", "no", 40, 4, 0, 0.25, 3]);
  });

  it("says who died first most often, in counts", () => {
    expect(describeFirstDeathsByPlayer(rows)).toEqual(["Aoi died first on 12 of 40 pulls.", "Ben died first on 1 of 40 pulls."]);
  });
});

describe("faults per player", () => {
  it("counts whole wipes, started and shared, never fractions", () => {
    const rows = faultRows({
      players: [
        {
          playerKey: "b",
          player: "Ben",
          onRoster: true,
          wipes: 26,
          attributed: 2.25,
          firstDeaths: 2,
          started: 3,
          shared: 2,
          summary: null,
          insufficientData: false,
          message: null,
        },
        {
          playerKey: "a",
          player: "Aoi",
          onRoster: true,
          wipes: 26,
          attributed: 4.5,
          firstDeaths: 5,
          started: 6,
          shared: 1,
          summary: null,
          insufficientData: false,
          message: null,
        },
        {
          playerKey: "c",
          player: "Cid",
          onRoster: true,
          wipes: 26,
          attributed: 0,
          firstDeaths: 0,
          started: 0,
          shared: 0,
          summary: null,
          insufficientData: false,
          message: null,
        },
      ],
    });
    expect(rows.map((r) => [r.player, r.started, r.shared, r.perWipe])).toEqual([
      ["Aoi", 6, 1, 23.1],
      ["Ben", 3, 2, 11.5],
      ["Cid", 0, 0, 0],
    ]);
    expect(describeFaults(rows)).toEqual(["Aoi started 6 of 26 wipes; shared 1 with others.", "Ben started 3 of 26 wipes; shared 2 with others."]);
  });
});

describe("consistency", () => {
  const names = new Map([
    ["report:A", "Mon"],
    ["report:B", "Tue"],
    ["report:C", "Wed"],
    ["report:D", "Thu"],
  ]);
  const report: Pick<Consistency, "players" | "message"> = {
    message: null,
    players: [
      player("Aoi", {
        sessions: [session("report:A", 0.6), session("report:B", null), session("report:C", 0.2)],
        trend: { direction: "fewer", slopePerSession: -0.2, from: 0.6, to: 0.2, sessions: 2 },
        trendMessage: null,
      }),
      player("Ben", { sessions: [session("report:B", null)] }),
      player("Cid", {
        sessions: [session("report:A", 0.3), session("report:C", 0.3), session("report:D", 0.35)],
        trend: { direction: "steady", slopePerSession: 0.02, from: 0.3, to: 0.35, sessions: 3 },
        trendMessage: null,
      }),
    ],
  };

  it("draws a line per player whose rate moved, over the sessions with a rate, gaps where a session is thin", () => {
    const chart = consistencyChart(report, ["report:A", "report:B", "report:C", "report:D"], names);
    expect(chart.sessions.map((s) => s.name)).toEqual(["Mon", "Wed"]);
    expect(chart.series).toEqual([{ player: "Aoi", values: [0.6, 0.2] }]);
    expect(chart.rows.map((r) => [r.player, r.session, r.deathsPerPull])).toEqual([
      ["Aoi", "Mon", 0.6],
      ["Aoi", "Wed", 0.2],
    ]);
  });

  it("describes trends, or says why there is none", () => {
    expect(describeTrends(report)).toEqual([
      "Aoi: 0.6 → 0.2 deaths per pull over 2 sessions (fewer deaths).",
      "About the same over the sessions, not drawn: Cid.",
    ]);
    expect(missingTrendMessage(report)).toBeNull();
    expect(missingTrendMessage({ message: null, players: [player("Ben")] })).toMatch(/^Insufficient data: 1 session/);
  });
});
