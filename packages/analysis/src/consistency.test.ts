import { describe, expect, it } from "vitest";
import { buildConsistency, findTrend } from "./consistency";
import { ABILITY, analyse, at, death, partyWipe, pull, type Scenario } from "./testing";
import type { AnalysisEvent, Pull } from "./types";

/** A report of five wipes in which Eve dies first on the first `eveDeaths` pulls; everyone else dies in the closing burst. */
function night(code: string, day: number, eveDeaths: number): { pulls: Pull[]; events: Record<string, AnalysisEvent[]> } {
  const pulls = [1, 2, 3, 4, 5].map((id) => pull(id, { reportCode: code, reportStartTime: Date.UTC(2025, 0, day, 19, 0) }));
  const events: Record<string, AnalysisEvent[]> = {};
  for (const id of [1, 2, 3, 4, 5]) {
    events[`${code}#${id}`] =
      id <= eveDeaths ? [death(at(id, 60), 5, ABILITY.line), ...partyWipe(id, 170, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])] : partyWipe(id, 170);
  }
  return { pulls, events };
}

function scenario(...nights: ReturnType<typeof night>[]): Scenario {
  return { pulls: nights.flatMap((n) => n.pulls), events: Object.assign({}, ...nights.map((n) => n.events)) as Scenario["events"] };
}

describe("buildConsistency", () => {
  const three = scenario(night("nightAAA", 14, 5), night("nightBBB", 16, 3), night("nightCCC", 21, 1));

  it("counts deaths per eligible pull, leaving out forced deaths", () => {
    const report = buildConsistency(analyse(three));
    const eve = report.players.find((p) => p.player === "Eve");
    expect(eve).toMatchObject({ eligiblePulls: 15, deaths: 9, firstDeaths: 9, deathsPerPull: 0.6 });
    expect(eve?.sessions.map((s) => [s.sessionLabel, s.deaths, s.deathsPerPull])).toEqual([
      ["nightAAA", 5, 1],
      ["nightBBB", 3, 0.6],
      ["nightCCC", 1, 0.2],
    ]);
    // Everyone else only died in closing bursts: no deaths, no first deaths.
    expect(report.players.find((p) => p.player === "Finn")).toMatchObject({ deaths: 0, firstDeaths: 0, deathsPerPull: 0 });
  });

  it("describes the trend over sessions in words, without advice", () => {
    const eve = buildConsistency(analyse(three)).players.find((p) => p.player === "Eve");
    expect(eve?.trend).toEqual({ direction: "fewer", slopePerSession: -0.4, from: 1, to: 0.2, sessions: 3 });
    expect(eve?.summary).toBe(
      "Eve died 9 times before a wipe was decided in 15 eligible pulls (0.6 per pull), and 0 more after; died first on 9 of 15. Deaths per pull: 1 in the first of 3 sessions, 0.2 in the last.",
    );
    expect(buildConsistency(analyse(three)).players.find((p) => p.player === "Finn")?.trend?.direction).toBe("steady");
  });

  it("lists an unknown player under their character name", () => {
    const hana = buildConsistency(analyse(three)).players.find((p) => p.playerKey === "character:hana vale@twintania");
    expect(hana).toMatchObject({ player: "Hana Vale (unknown player)", onRoster: false, eligiblePulls: 15 });
  });

  it("leaves resets out of eligible pulls", () => {
    const n = night("nightAAA", 14, 5);
    n.pulls.push(pull(9, { reportCode: "nightAAA", reportStartTime: Date.UTC(2025, 0, 14, 19, 0), durationMs: 12_000 }));
    n.events["nightAAA#9"] = [death(at(9, 5), 5, ABILITY.auto)];
    const eve = buildConsistency(analyse(scenario(n))).players.find((p) => p.player === "Eve");
    expect(eve).toMatchObject({ eligiblePulls: 5, deaths: 5 });
  });

  it("answers Insufficient data for thin data: no rate, no trend", () => {
    const thin = scenario(night("nightAAA", 14, 2), night("nightBBB", 16, 1));
    const thinner = { ...thin, pulls: thin.pulls.filter((p) => p.fightId <= 2) };
    const report = buildConsistency(analyse(thinner));
    expect(report).toMatchObject({ insufficientData: true, message: "Insufficient data: 4 eligible pulls (at least 5 needed)." });
    const eve = report.players.find((p) => p.player === "Eve");
    expect(eve).toMatchObject({ deaths: 3, eligiblePulls: 4, deathsPerPull: null, trend: null, summary: null, insufficientData: true });
    expect(eve?.trendMessage).toBe("Insufficient data: 0 sessions with at least 5 eligible pulls (at least 3 needed for a trend).");
  });

  it("states no trend over two sessions", () => {
    const eve = buildConsistency(analyse(scenario(night("nightAAA", 14, 5), night("nightBBB", 16, 1)))).players.find((p) => p.player === "Eve");
    expect(eve?.deathsPerPull).toBe(0.6);
    expect(eve?.trend).toBeNull();
    expect(eve?.summary).toBe(
      "Eve died 6 times before a wipe was decided in 10 eligible pulls (0.6 per pull), and 0 more after; died first on 6 of 10.",
    );
  });
});

describe("findTrend", () => {
  it("is steady when the change over the sessions is small, and skips sessions without a rate", () => {
    expect(findTrend([{ deathsPerPull: 0.3 }, { deathsPerPull: null }, { deathsPerPull: 0.35 }, { deathsPerPull: 0.32 }])).toMatchObject({
      direction: "steady",
      sessions: 3,
    });
    expect(findTrend([{ deathsPerPull: 0.1 }, { deathsPerPull: 0.4 }, { deathsPerPull: 0.7 }])).toMatchObject({
      direction: "more",
      slopePerSession: 0.3,
    });
    expect(findTrend([{ deathsPerPull: 0.1 }, { deathsPerPull: 0.4 }])).toBeNull();
  });
});
