import { describe, expect, it } from "vitest";
import { attributeFaults, attributePull, faultTotals, type PullFaults } from "./faults";
import { ABILITY, analyse, at, cast, death, hit, partyWipe, prepared, pull, type Scenario } from "./testing";
import type { FaultOverride, StratEntry } from "./types";

const strat = (ability: number, assignee: { role?: "tank" | "healer" | "dps"; memberId?: number } = {}): StratEntry => ({
  encounterId: 1079,
  mechanicRef: String(ability),
  role: assignee.role ?? null,
  memberId: assignee.memberId ?? null,
});

function faultsOf(scenario: Omit<Scenario, "pulls"> & { pulls?: Scenario["pulls"] }, overrides: FaultOverride[] = []): PullFaults {
  const a = analyse({ pulls: [pull(1)], ...scenario });
  return attributePull(prepared(a, 1), a.options, overrides);
}

const scoreMap = (f: PullFaults) => Object.fromEntries(f.scores.map((s) => [s.player, s.score]));

// Eve dies first (Line AoE), Finn second (Cleave), then the rest of the party: the cutoff is Finn.
const simpleWipe = [
  death(at(1, 60), 5, ABILITY.line),
  death(at(1, 70), 6, ABILITY.cleave),
  death(at(1, 80), 7, ABILITY.raidwide),
  ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 3, 4, 8]),
];

describe("attributePull", () => {
  it("with an empty strat config, weighs own deaths by order up to the 2nd death", () => {
    const f = faultsOf({ events: { 1: simpleWipe } });
    // Eve 0.75 × 1, Finn 0.75 × 0.5: normalized 2/3 and 1/3; Gus died after the cutoff.
    expect(f.incidents.map((i) => [i.type, i.involved, i.rank, i.weight])).toEqual([
      ["death", ["Eve"], 0, 0.75],
      ["death", ["Finn"], 1, 0.375],
    ]);
    expect(scoreMap(f)).toEqual({ Eve: 0.6667, Finn: 0.3333 });
    expect(f.scores[0]).toMatchObject({ playerKey: "member:50", actorId: 5, overridden: false });
    expect(f.summary).toBe("First incident: Eve died to Line AoE. Shares: Eve 67%, Finn 33%.");
  });

  it("blames a failed mechanic on its assigned member, not on who died", () => {
    const events = [
      death(at(1, 60), 3, ABILITY.tower),
      death(at(1, 80), 4, ABILITY.raidwide),
      ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 5, 6, 7, 8]),
    ];
    const f = faultsOf({ events: { 1: events }, config: { strats: [strat(ABILITY.tower, { memberId: 50 })] } });
    expect(f.incidents[0]).toMatchObject({ type: "failed-mechanic", involved: ["Cleo"], shares: [{ player: "Eve", share: 1 }] });
    // Eve 1 (failed tower), Dax 0.75 × 0.5.
    expect(scoreMap(f)).toEqual({ Eve: 0.7273, Dax: 0.2727 });
  });

  it("shares a role's mechanic 1/k among that role in the pull (unknown players included)", () => {
    const events = [death(at(1, 60), 3, ABILITY.tower), ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 4, 5, 6, 7, 8])];
    const f = faultsOf({ events: { 1: events }, config: { strats: [strat(ABILITY.tower, { role: "dps" })] } });
    expect(scoreMap(f)).toEqual({ Eve: 0.25, Finn: 0.25, Gus: 0.25, "Hana Vale (unknown player)": 0.25 });
  });

  it("falls back to who died when the assigned member is not in the pull", () => {
    const events = [death(at(1, 60), 3, ABILITY.tower), ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 4, 6, 7, 8])];
    const f = faultsOf({
      pulls: [pull(1, { friendlyPlayers: [1, 2, 3, 4, 6, 7, 8] })],
      events: { 1: events },
      config: { strats: [strat(ABILITY.tower, { memberId: 50 })] },
    });
    expect(scoreMap(f)).toEqual({ Cleo: 1 });
  });

  it("counts avoidable hits: a configured mechanic hitting someone it is not meant for", () => {
    const events = [
      hit(at(1, 10), 8, ABILITY.line), // before the hit window (first death − 30 s)
      hit(at(1, 50), 6, ABILITY.line),
      hit(at(1, 51), 6, ABILITY.line), // same AoE again: one incident
      hit(at(1, 55), 6, ABILITY.line, { tick: true }), // a DoT tick is no new hit
      hit(at(1, 52), 1, ABILITY.tankbuster), // Aria is a tank: her buster
      hit(at(1, 53), 5, ABILITY.tankbuster), // Eve is not
      death(at(1, 60), 5, ABILITY.cleave),
      hit(at(1, 70), 7, ABILITY.line), // the hit that killed Gus is his death, not a hit
      death(at(1, 70), 7, ABILITY.line),
      ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 3, 4, 6, 8]),
    ];
    const f = faultsOf({ events: { 1: events }, config: { strats: [strat(ABILITY.line), strat(ABILITY.tankbuster, { role: "tank" })] } });
    expect(f.incidents.map((i) => [i.type, i.involved[0], i.abilityName, i.weight])).toEqual([
      ["avoidable-hit", "Finn", "Line AoE", 0.25],
      ["avoidable-hit", "Eve", "Tankbuster", 0.25],
      ["death", "Eve", "Cleave", 0.75],
      ["failed-mechanic", "Gus", "Line AoE", 0.5],
    ]);
    // Finn 0.25, Eve 1.0, Gus 0.5 of 1.75.
    expect(scoreMap(f)).toEqual({ Eve: 0.5714, Gus: 0.2857, Finn: 0.1429 });
  });

  it("ignores hits and casts of unconfigured abilities when the strat config is empty", () => {
    const events = [
      hit(at(1, 50), 6, ABILITY.line),
      cast(at(1, 55), ABILITY.tower),
      death(at(1, 60), 5, ABILITY.tower),
      ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8]),
    ];
    const f = faultsOf({ events: { 1: events } });
    expect(f.incidents.map((i) => i.type)).toEqual(["death"]);
    expect(scoreMap(f)).toEqual({ Eve: 1 });
  });

  it("splits deaths at the same moment equally (a tie)", () => {
    const sameAbility = faultsOf({
      events: {
        1: [death(at(1, 60), 5, ABILITY.line), death(at(1, 60), 6, ABILITY.line), ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 3, 4, 7, 8])],
      },
    });
    expect(sameAbility.incidents).toHaveLength(1);
    expect(scoreMap(sameAbility)).toEqual({ Eve: 0.5, Finn: 0.5 });
    const twoAbilities = faultsOf({
      events: {
        1: [death(at(1, 60), 5, ABILITY.line), death(at(1, 60), 6, ABILITY.cleave), ...partyWipe(1, 170, ABILITY.raidwide, [1, 2, 3, 4, 7, 8])],
      },
    });
    expect(twoAbilities.incidents.map((i) => i.rank)).toEqual([0, 0]);
    expect(scoreMap(twoAbilities)).toEqual({ Eve: 0.5, Finn: 0.5 });
  });

  it("gives forced deaths nothing: an enrage wipe has no attribution", () => {
    const f = faultsOf({ events: { 1: [cast(at(1, 170), ABILITY.enrage), ...partyWipe(1, 171, ABILITY.enrage)] } });
    expect(f).toMatchObject({ isWipe: true, attributed: false, incidents: [], scores: [] });
    expect(f.summary).toBe("No incident before the cutoff (deaths forced or none).");
  });

  it("gives the last player alive nothing", () => {
    const a = analyse({
      pulls: [pull(1, { friendlyPlayers: [5, 6] })],
      events: { 1: [death(at(1, 60), 5, ABILITY.line), death(at(1, 100), 6, ABILITY.cleave)] },
    });
    const p = prepared(a, 1);
    expect(p.digest.deaths.map((d) => d.forced)).toEqual([null, "last-alive"]);
    expect(scoreMap(attributePull(p, a.options))).toEqual({ Eve: 1 });
  });

  it("counts a closing burst to a configured mechanic as that mechanic failing", () => {
    const f = faultsOf({ events: { 1: partyWipe(1, 100, ABILITY.tower) }, config: { strats: [strat(ABILITY.tower, { memberId: 30 })] } });
    expect(f.incidents).toHaveLength(1);
    expect(scoreMap(f)).toEqual({ Cleo: 1 });
  });

  it("does not attribute kills or resets", () => {
    expect(faultsOf({ pulls: [pull(1, { kill: true })], events: { 1: [death(at(1, 60), 5, ABILITY.line)] } })).toMatchObject({
      isWipe: false,
      attributed: false,
    });
    expect(faultsOf({ pulls: [pull(1, { durationMs: 15_000 })], events: { 1: [death(at(1, 5), 1, ABILITY.auto)] } }).summary).toBe(
      "Reset: not a wipe, no attribution.",
    );
  });

  it("lets manual overrides win; the others share what is left", () => {
    const override = (actorId: number, score: number): FaultOverride => ({ reportCode: "rep0000A", fightId: 1, actorId, score });
    expect(scoreMap(faultsOf({ events: { 1: simpleWipe } }, [override(6, 100)]))).toEqual({ Finn: 1, Eve: 0 });
    expect(scoreMap(faultsOf({ events: { 1: simpleWipe } }, [override(5, 0)]))).toEqual({ Finn: 1, Eve: 0 });
    expect(scoreMap(faultsOf({ events: { 1: simpleWipe } }, [override(5, 50), override(7, 20)]))).toEqual({ Eve: 0.5, Gus: 0.2, Finn: 0.3 });
    expect(scoreMap(faultsOf({ events: { 1: simpleWipe } }, [override(5, 80), override(6, 80)]))).toEqual({ Eve: 0.5, Finn: 0.5 });
    const f = faultsOf({ events: { 1: simpleWipe } }, [override(6, 100)]);
    expect(f.scores[0]).toMatchObject({ player: "Finn", actorId: 6, overridden: true });
    expect(f.summary.startsWith("Set by hand.")).toBe(true);
  });

  it("attributes a reset that was overridden by hand", () => {
    const f = faultsOf({ pulls: [pull(1, { durationMs: 15_000 })] }, [{ reportCode: "rep0000A", fightId: 1, actorId: 1, score: 100 }]);
    expect(f).toMatchObject({ isWipe: true, attributed: true });
    expect(scoreMap(f)).toEqual({ Aria: 1 });
  });

  it("honours a different cutoff and decay", () => {
    const f = faultsOf({ events: { 1: simpleWipe }, options: { faultCutoffDeaths: 3, orderDecay: 1 } });
    expect(scoreMap(f)).toEqual({ Eve: 0.3333, Finn: 0.3333, Gus: 0.3333 });
  });
});

describe("attributeFaults", () => {
  // Report A: five wipes where Eve dies first, one kill. Report B: two wipes where Finn dies first.
  const B = "rep0000B";
  const scenario: Scenario = {
    pulls: [
      ...[1, 2, 3, 4, 5].map((id) => pull(id)),
      pull(6, { kill: true }),
      pull(1, { reportCode: B, reportStartTime: Date.UTC(2025, 0, 21, 19, 0) }),
      pull(2, { reportCode: B, reportStartTime: Date.UTC(2025, 0, 21, 19, 0) }),
    ],
    events: {
      ...Object.fromEntries(
        [1, 2, 3, 4, 5].map((id) => [id, [death(at(id, 60), 5, ABILITY.line), ...partyWipe(id, 170, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])]]),
      ),
      ...Object.fromEntries(
        [1, 2].map((id) => [`${B}#${id}`, [death(at(id, 60), 6, ABILITY.line), ...partyWipe(id, 170, ABILITY.raidwide, [1, 2, 3, 4, 5, 7, 8])]]),
      ),
    },
  };

  it("totals scores and first deaths per player, overall and per session", () => {
    const report = attributeFaults(analyse(scenario));
    expect(report.insufficientData).toBe(false);
    expect(report.pulls).toHaveLength(8);
    const eve = report.players.find((p) => p.player === "Eve");
    expect(eve).toMatchObject({ wipes: 7, attributed: 5, firstDeaths: 5, insufficientData: false });
    expect(eve?.summary).toBe("Eve: started 5 wipes of 7; shared 0 with others; died first on 5 of 7.");
    const [a, b] = report.sessions;
    expect(a).toMatchObject({ sessionKey: "report:rep0000A", wipes: 5 });
    expect(a?.players[0]).toMatchObject({
      player: "Eve",
      attributed: 5,
      summary: "Eve: started 5 wipes of 5; shared 0 with others; died first on 5 of 5.",
    });
    expect(b).toMatchObject({ sessionKey: "report:rep0000B", wipes: 2 });
    expect(b?.players[0]).toMatchObject({ player: "Finn", attributed: 2, insufficientData: true, summary: null });
    expect(b?.players[0]?.message).toBe("Insufficient data: 2 wipes (at least 5 needed).");
  });

  it("answers Insufficient data on thin data instead of a conclusion", () => {
    const report = attributeFaults(analyse({ ...scenario, pulls: scenario.pulls.slice(0, 2) }));
    expect(report).toMatchObject({ insufficientData: true, message: "Insufficient data: 2 wipes (at least 5 needed)." });
    expect(report.players.every((p) => p.summary === null && p.insufficientData)).toBe(true);
  });

  it("gives the same totals without the pulls (faultTotals): overrides, resets, kills, pulls without events, hits and mechanics", () => {
    const withEverything: Scenario = {
      ...scenario,
      pulls: [...scenario.pulls, pull(7, { durationMs: 15_000 }), pull(8, { eventsComplete: false }), pull(9)],
      events: {
        ...scenario.events,
        9: [hit(at(9, 50), 1, ABILITY.tower), hit(at(9, 51), 6, ABILITY.tankbuster), death(at(9, 60), 3, ABILITY.tower), ...partyWipe(9, 170)],
      },
      config: {
        strats: [strat(ABILITY.tower, { role: "dps" }), strat(ABILITY.tankbuster, { role: "tank" })],
        faultOverrides: [
          { reportCode: "rep0000A", fightId: 7, actorId: 2, score: 100 },
          { reportCode: "rep0000A", fightId: 3, actorId: 5, score: 40 },
        ],
      },
    };
    for (const a of [analyse(scenario), analyse(withEverything), analyse({ ...scenario, pulls: scenario.pulls.slice(0, 2) })]) {
      const { pulls, ...totals } = attributeFaults(a);
      expect(faultTotals(a)).toEqual(totals);
      expect(faultTotals(a, 1079)).toEqual(totals);
      expect(pulls.some((p) => p.isWipe)).toBe(true);
    }
    const { pulls } = attributeFaults(analyse(withEverything));
    // The cases are there: a reset set by hand counted, a pull without events left out, hits on the wrong player.
    expect(pulls.find((p) => p.fightId === 7)).toMatchObject({ isWipe: true, attributed: true });
    expect(pulls.find((p) => p.fightId === 8)).toMatchObject({ isWipe: false });
    expect(pulls.find((p) => p.fightId === 9 && p.reportCode === "rep0000A")?.incidents.map((i) => i.type)).toContain("avoidable-hit");
  });
});
