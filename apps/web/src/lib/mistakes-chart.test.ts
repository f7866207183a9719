import { describe, expect, it } from "vitest";
import type { MistakesOverSessions } from "./api";
import { toCsv } from "./csv";
import { describeMistakes, MISTAKES_OVER_SESSIONS_COLUMNS, mistakePlayers, mistakesChart } from "./mistakes-chart";

type Session = MistakesOverSessions["sessions"][number];
const mech = (abilityName: string, count: number, mechanicRef = abilityName) => ({ mechanicRef, abilityName, kind: "hit a non-tank", count });
const session = (key: string, pullsWithEvents: number, byPlayer: Session["byPlayer"], playersSeen: string[]): Session => {
  const totals = new Map<string, number>();
  for (const p of byPlayer) for (const m of p.byMechanic) totals.set(m.abilityName, (totals.get(m.abilityName) ?? 0) + m.count);
  return {
    sessionKey: key,
    sessionLabel: `Label ${key}`,
    pullsWithEvents,
    total: byPlayer.reduce((sum, p) => sum + p.count, 0),
    byMechanic: [...totals].map(([name, n]) => mech(name, n)),
    byPlayer,
    playersSeen,
  };
};
const player = (playerKey: string | null, name: string, byMechanic: { abilityName: string; count: number }[]) => ({
  playerKey,
  player: name,
  count: byMechanic.reduce((sum, m) => sum + m.count, 0),
  byMechanic,
});

// Three sessions: the middle one has no events; Aoi missed the last one.
const MISTAKES: MistakesOverSessions = {
  pullsWithEvents: 30,
  total: 17,
  byMechanic: [],
  byPlayer: [player("member:1", "Aoi", []), player("member:2", "Ben", [])].map((p, i) => ({ ...p, count: 9 - i, pulls: 3 })),
  sessions: [
    session(
      "s1",
      12,
      [
        player("member:1", "Aoi", [
          { abilityName: "Pyre Tethers", count: 3 },
          { abilityName: "Damage Down", count: 1 },
        ]),
        player("member:2", "Ben", [{ abilityName: "Pyre Tethers", count: 2 }]),
      ],
      ["member:1", "member:2"],
    ),
    session("s2", 0, [], []),
    session(
      "s3",
      18,
      [
        player("member:2", "Ben", [
          { abilityName: "Pyre Tethers", count: 9 },
          { abilityName: "Towers", count: 1 },
        ]),
        player(null, "Not in the log (too few hit)", [{ abilityName: "Pair Stack", count: 1 }]),
      ],
      ["member:2", "member:3"],
    ),
  ],
};
const NAMES = new Map([
  ["s1", "Tue 3 Jun"],
  ["s3", "Tue 17 Jun"],
]);

describe("mistakesChart", () => {
  it("draws everyone's top mechanics per session, with no data (not 0) for a session without events", () => {
    const chart = mistakesChart(MISTAKES, { kind: "everyone" }, NAMES, 3);
    expect(chart.sessions.map((s) => s.name)).toEqual(["Tue 3 Jun", "Label s2", "Tue 17 Jun"]);
    expect(chart.series).toEqual([
      { mechanic: "Pyre Tethers", total: 14, values: [5, null, 9], byPlayer: [["Aoi 3", "Ben 2"], [], ["Ben 9"]] },
      { mechanic: "Damage Down", total: 1, values: [1, null, 0], byPlayer: [["Aoi 1"], [], []] },
      { mechanic: "Pair Stack", total: 1, values: [0, null, 1], byPlayer: [[], [], ["Not in the log (too few hit) 1"]] },
    ]);
  });

  it("narrows to one player: a session they were not in is unknown, one they were in without mistakes is 0", () => {
    const aoi = mistakesChart(MISTAKES, { kind: "player", playerKey: "member:1" }, NAMES);
    expect(aoi.series).toEqual([
      { mechanic: "Pyre Tethers", total: 3, values: [3, null, null], byPlayer: [[], [], []] },
      { mechanic: "Damage Down", total: 1, values: [1, null, null], byPlayer: [[], [], []] },
    ]);
    expect(aoi.rows.filter((r) => r.mechanic === "Pyre Tethers").map((r) => [r.session, r.mistakes, r.reason])).toEqual([
      ["Tue 3 Jun", 3, null],
      ["Label s2", null, "no data"],
      ["Tue 17 Jun", null, "not in this session"],
    ]);
    const ben = mistakesChart(MISTAKES, { kind: "player", playerKey: "member:2" }, NAMES);
    expect(ben.series.map((s) => [s.mechanic, s.values])).toEqual([
      ["Pyre Tethers", [2, null, 9]],
      ["Towers", [0, null, 1]],
    ]);
    // Cleo was in the last session and made none: no line to draw.
    expect(mistakesChart(MISTAKES, { kind: "player", playerKey: "member:3" }, NAMES).series).toEqual([]);
  });

  it("says unknown in words in the table and its CSV", () => {
    const csv = toCsv(mistakesChart(MISTAKES, { kind: "everyone" }, NAMES, 1).rows, MISTAKES_OVER_SESSIONS_COLUMNS);
    expect(csv).toBe(
      "Session,Mechanic,Mistakes,Pulls with events\r\nTue 3 Jun,Pyre Tethers,5,12\r\nLabel s2,Pyre Tethers,no data,0\r\nTue 17 Jun,Pyre Tethers,9,18\r\n",
    );
  });

  it("lists the players to narrow to, nobody-in-the-log as a key of its own", () => {
    expect(mistakePlayers(MISTAKES)).toEqual([
      { key: "member:1", name: "Aoi", count: 9 },
      { key: "member:2", name: "Ben", count: 8 },
    ]);
    const nobody = mistakesChart(MISTAKES, { kind: "player", playerKey: "" }, NAMES);
    expect(nobody.series.map((s) => [s.mechanic, s.values])).toEqual([["Pair Stack", [0, null, 1]]]);
  });
});

describe("who made them", () => {
  it("names the players of a session's mistakes, most first, the rest counted", () => {
    const crowd = session(
      "s9",
      6,
      ["Aoi", "Ben", "Cleo", "Dag", "Eve"].map((name, i) => player(`member:${i}`, name, [{ abilityName: "Towers", count: 5 - i }])),
      [],
    );
    const chart = mistakesChart({ ...MISTAKES, sessions: [crowd] }, { kind: "everyone" }, NAMES);
    expect(chart.series[0]?.byPlayer).toEqual([["Aoi 5", "Ben 4", "Cleo 3", "and 2 more"]]);
  });
});

describe("describeMistakes", () => {
  it("compares the last session with the one before, unknown said as such", () => {
    const chart = mistakesChart(MISTAKES, { kind: "everyone" }, NAMES, 1);
    expect(describeMistakes(chart)).toEqual(["Pyre Tethers: 14 mistakes over 3 sessions; 9 in Tue 17 Jun, no data for Label s2."]);
    const one = mistakesChart({ ...MISTAKES, sessions: MISTAKES.sessions.slice(0, 1) }, { kind: "everyone" }, NAMES, 1);
    expect(describeMistakes(one)).toEqual(["Pyre Tethers: 5 mistakes over 1 session."]);
  });
});
