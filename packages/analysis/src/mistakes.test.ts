import { describe, expect, it } from "vitest";
import { prepareAnalysis } from "./prepare";
import { ABILITY, abilities, actors, analyse, at, config, death, hit, prepared, pull, REPORT } from "./testing";
import { type AnalysisEvent, pullKey, type StratEntry } from "./types";

const ENC = 1079;
const strat = (mechanicRef: string, rest: Partial<StratEntry> = {}): StratEntry => ({
  encounterId: ENC,
  mechanicRef,
  role: null,
  memberId: null,
  ...rest,
});
const debuff = (timestamp: number, targetId: number, abilityId: number, type = "applydebuff"): AnalysisEvent => ({
  timestamp,
  type,
  sourceId: 100,
  targetId,
  abilityGameId: abilityId,
  amount: null,
  data: {},
});
const mistakesOf = (events: AnalysisEvent[], strats: StratEntry[]) =>
  prepared(analyse({ pulls: [pull(1)], events: { 1: events }, config: { strats } }), 1).mistakes;

describe("mistakes without deaths", () => {
  it("should hit no one: every hit is a mistake, a multi-hit AoE once per player", () => {
    const m = mistakesOf(
      [hit(at(1, 10), 5, ABILITY.line), hit(at(1, 10.5), 5, ABILITY.line), hit(at(1, 30), 6, ABILITY.line)],
      [strat("1006", { rule: "none" })],
    );
    expect(m.map((x) => [x.player, x.atMs, x.kind])).toEqual([
      ["Eve", 10_000, "hit someone"],
      ["Finn", 30_000, "hit someone"],
    ]);
    expect(m[0]?.what).toBe("Line AoE hit Eve, and should hit no one");
  });

  it("should hit only a role: a hit on another role is a mistake, the role's own hits are not", () => {
    const m = mistakesOf([hit(at(1, 10), 1, ABILITY.tankbuster), hit(at(1, 10), 5, ABILITY.tankbuster)], [strat("Tankbuster", { role: "tank" })]);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ player: "Eve", rule: "only", kind: "hit a non-tank", what: "Tankbuster hit Eve, a non-tank" });
  });

  it("should hit only a member: anyone else is a mistake, even of the same role", () => {
    const m = mistakesOf(
      [hit(at(1, 10), 1, ABILITY.tankbuster), hit(at(1, 10), 2, ABILITY.tankbuster)],
      [strat("1003", { role: "tank", memberId: 10 })],
    );
    expect(m.map((x) => [x.player, x.kind])).toEqual([["Bram", "hit someone other than Aria"]]);
  });

  it("should hit only a role nobody in the pull has: not judged (unknown, not a mistake)", () => {
    const m = mistakesOf([hit(at(1, 10), 5, ABILITY.tankbuster)], [strat("1003", { memberId: 999 })]);
    expect(m).toEqual([]);
  });

  it("should hit exactly N: too many hit is a mistake of each, too few one of the pull, the right count none", () => {
    const events = [
      // Cast 1: 2 players, as expected.
      hit(at(1, 10), 1, ABILITY.tower),
      hit(at(1, 10.1), 2, ABILITY.tower),
      // Cast 2: 3 players.
      hit(at(1, 40), 3, ABILITY.tower),
      hit(at(1, 40.1), 4, ABILITY.tower),
      hit(at(1, 40.2), 5, ABILITY.tower),
      // Cast 3: 1 player.
      hit(at(1, 70), 6, ABILITY.tower),
    ];
    const m = mistakesOf(events, [strat("Tower", { rule: "exactly", expectedHits: 2 })]);
    expect(m.map((x) => [x.atMs, x.player, x.kind])).toEqual([
      [40_000, "Cleo", "hit 3 players (2 expected)"],
      [40_100, "Dax", "hit 3 players (2 expected)"],
      [40_200, "Eve", "hit 3 players (2 expected)"],
      [70_000, null, "hit 1 of 2 players"],
    ]);
  });

  it("failure debuffs: matched by name, by FFLogs' status id and by the game's id, applications and added stacks", () => {
    const DAMAGE_DOWN_GAME = 2911;
    const FFLOGS_ID = 1_002_911;
    const events = [
      debuff(at(1, 5), 5, FFLOGS_ID),
      debuff(at(1, 50), 6, FFLOGS_ID, "applydebuffstack"),
      debuff(at(1, 60), 7, FFLOGS_ID, "removedebuff"),
    ];
    const byGameId = mistakesOf(events, [strat(String(DAMAGE_DOWN_GAME), { rule: "debuff" })]);
    const byFflogsId = mistakesOf(events, [strat(String(FFLOGS_ID), { rule: "debuff" })]);
    expect(byGameId.map((x) => [x.player, x.kind])).toEqual([
      ["Eve", "applied"],
      ["Finn", "applied"],
    ]);
    expect(byFflogsId.map((x) => [x.player, x.atMs])).toEqual(byGameId.map((x) => [x.player, x.atMs]));
    // By name (any case): through the report's abilities, where FFLogs lists statuses too.
    const byName = prepareAnalysis({
      pulls: [pull(1)],
      actors: actors(),
      abilities: [...abilities(), { reportCode: REPORT, gameId: FFLOGS_ID, name: "Damage Down" }],
      eventsByPull: new Map([[pullKey(REPORT, 1), events]]),
      config: config({ strats: [strat("damage down", { rule: "debuff" })] }),
    }).pulls[0]?.mistakes;
    expect(byName?.map((x) => x.what)).toEqual(["Eve got Damage Down", "Finn got Damage Down"]);
    // Not configured: no mistake.
    expect(mistakesOf(events, [])).toEqual([]);
  });

  it("a debuff is not a hit: its rule never makes damage a mistake", () => {
    expect(mistakesOf([hit(at(1, 10), 5, ABILITY.line)], [strat("1006", { rule: "debuff" })])).toEqual([]);
  });

  it("feeds wipe classification: a mechanic wipe can start with a debuff, not a death", () => {
    const events = [debuff(at(1, 50), 5, 1_002_911), death(at(1, 60), 6, ABILITY.auto), death(at(1, 120), 7, ABILITY.cleave)];
    const a = analyse({ pulls: [pull(1)], events: { 1: events }, config: { strats: [strat("2911", { rule: "debuff" })] } });
    expect(prepared(a, 1).wipe.type).toBe("mechanic");
    expect(prepared(a, 1).wipe.reason).toMatch(/^Started with a mistake at 0:50: Eve got Ability 1002911/);
    const without = analyse({ pulls: [pull(1)], events: { 1: events } });
    expect(without.pulls[0]?.wipe.type).toBe("attrition");
  });
});
