// eventsNeeded is a contract with the loader: the events it names are all the digests read. Here
// a loader is played by hand (the rules in prepare.ts, applied to a pull's events) and the views
// of the trimmed events must equal the views of every event.
import { describe, expect, it } from "vitest";
import {
  type AnalysisEvent,
  attributeFaults,
  buildConsistency,
  buildNightReport,
  buildProgPoints,
  buildPullTable,
  type EventsNeeded,
  eventsNeeded,
  prepareAnalysis,
} from "./index";
import { ABILITY, abilities, actors, at, cast, config, death, hit, partyWipe, pull, REPORT } from "./testing";
import { type Pull, pullKey, type StaticConfig } from "./types";

/** What a loader following eventsNeeded reads of one pull's events. */
function trim(events: readonly AnalysisEvent[], needed: EventsNeeded, reportCode: string, key: string): AnalysisEvent[] {
  if (needed.pullsReadingAllEvents.has(key)) return [...events];
  const ids = needed.abilities.get(reportCode);
  const keep = new Set<AnalysisEvent>();
  const firstAny = new Set<number>();
  const firstCast = new Set<number>();
  events.forEach((e, i) => {
    const ability = e.abilityGameId;
    if (e.type === "death") {
      keep.add(e);
      const named = typeof e.data.killingAbilityGameID === "number" || (ability !== null && ability > 0);
      if (!named) {
        const before = events
          .slice(0, i)
          .reverse()
          .find((x) => x.type === "damage" && x.targetId === e.targetId);
        if (before) keep.add(before);
      }
    }
    if (ability === null || !ids) return;
    if (ids.hitIds.has(ability) && e.type === "damage" && e.data.tick !== true) keep.add(e);
    if (ids.debuffIds.has(ability) && (e.type === "applydebuff" || e.type === "applydebuffstack")) keep.add(e);
    if (ids.firstAnyIds.has(ability) && !firstAny.has(ability)) {
      firstAny.add(ability);
      keep.add(e);
    }
    if (ids.firstCastIds.has(ability) && (e.type === "cast" || e.type === "damage") && !firstCast.has(ability)) {
      firstCast.add(ability);
      keep.add(e);
    }
  });
  return events.filter((e) => keep.has(e));
}

function debuff(timestamp: number, targetId: number, abilityId: number, type: string): AnalysisEvent {
  return { timestamp, type, sourceId: 100, targetId, abilityGameId: abilityId, amount: null, data: {} };
}

function begincast(timestamp: number, abilityId: number): AnalysisEvent {
  return { ...cast(timestamp, abilityId), type: "begincast" };
}

describe("eventsNeeded", () => {
  const cfg: StaticConfig = config({
    strats: [
      { encounterId: 1079, mechanicRef: "tower", role: "dps", memberId: null },
      { encounterId: 1079, mechanicRef: String(ABILITY.cleave), role: null, memberId: 10 },
      { encounterId: 1079, mechanicRef: "2911", role: null, memberId: null, rule: "debuff" },
      { encounterId: 1079, mechanicRef: String(ABILITY.line), role: null, memberId: null, rule: "exactly", expectedHits: 2 },
    ],
    progPoints: [{ id: 1, encounterId: 1079, label: "Towers", phaseIndex: 0, abilityId: ABILITY.tower }],
  });
  const pulls: Pull[] = [1, 2, 3, 4, 5, 6].map((id) => pull(id, id === 4 ? { friendlyPlayers: [] } : {}));
  const filler = (id: number) => Array.from({ length: 40 }, (_, i) => hit(at(id, 5 + i), (i % 8) + 1, ABILITY.auto));
  const events: Record<number, AnalysisEvent[]> = {
    1: [
      ...filler(1),
      begincast(at(1, 50), ABILITY.tower),
      cast(at(1, 55), ABILITY.tower),
      hit(at(1, 56), 3, ABILITY.tower),
      hit(at(1, 57), 3, ABILITY.tower, { tick: true }),
      death(at(1, 58), 3, ABILITY.tower),
      ...partyWipe(1, 120),
    ],
    // A death naming no ability: the hit just before it names the killer.
    2: [...filler(2), hit(at(2, 70), 6, ABILITY.line), death(at(2, 70) + 200, 6, null), hit(at(2, 80), 1, ABILITY.cleave), ...partyWipe(2, 130)],
    // The enrage: its begincast does not count, its cast does.
    3: [...filler(3), begincast(at(3, 150), ABILITY.enrage), cast(at(3, 160), ABILITY.enrage), ...partyWipe(3, 161, ABILITY.enrage)],
    // No players listed: presence comes from every event.
    4: [...filler(4), death(at(4, 90), 2, ABILITY.tankbuster), ...partyWipe(4, 140, ABILITY.raidwide, [1, 3, 4, 5, 6, 7, 8])],
    5: [
      ...filler(5),
      begincast(at(5, 40), ABILITY.tower),
      death(at(5, 45), 7, ABILITY.cleave),
      death(at(5, 46), 8, ABILITY.cleave),
      ...partyWipe(5, 100, ABILITY.raidwide, [1, 2, 3, 4, 5, 6]),
    ],
    6: [
      ...filler(6),
      cast(at(6, 55), ABILITY.tower),
      hit(at(6, 56), 1, ABILITY.tower),
      debuff(at(6, 60), 5, 1_002_911, "applydebuff"),
      debuff(at(6, 61), 5, 1_002_911, "applydebuffstack"),
      debuff(at(6, 70), 5, 1_002_911, "removedebuff"),
      debuff(at(6, 75), 6, 1_002_912, "applydebuff"),
    ],
  };
  const base = { pulls, actors: actors(), abilities: abilities(), config: cfg };
  const byKey = new Map(pulls.map((p) => [pullKey(REPORT, p.fightId), [...(events[p.fightId] ?? [])].sort((a, b) => a.timestamp - b.timestamp)]));
  const needed = eventsNeeded(base);

  it("names the abilities by report, resolved from names and ids, and the pulls that list no players", () => {
    expect(needed.abilities.get(REPORT)).toEqual({
      hitIds: new Set([ABILITY.tower, ABILITY.cleave, ABILITY.line]),
      debuffIds: new Set([2911, 1_002_911]),
      firstAnyIds: new Set([ABILITY.tower]),
      firstCastIds: new Set([ABILITY.enrage]),
    });
    expect(needed.pullsReadingAllEvents).toEqual(new Set([pullKey(REPORT, 4)]));
  });

  it("is all the digests read: the views of the trimmed events equal the views of every event", () => {
    const full = prepareAnalysis({ ...base, eventsByPull: byKey });
    const trimmed = new Map([...byKey].map(([key, list]) => [key, trim(list, needed, REPORT, key)]));
    const read = [...trimmed.values()].reduce((n, l) => n + l.length, 0);
    expect(read).toBeLessThan([...byKey.values()].reduce((n, l) => n + l.length, 0) / 2);
    const fromTrimmed = prepareAnalysis({ ...base, eventsByPull: trimmed });
    expect(buildPullTable(fromTrimmed)).toEqual(buildPullTable(full));
    expect(attributeFaults(fromTrimmed)).toEqual(attributeFaults(full));
    expect(buildProgPoints(fromTrimmed, 1079)).toEqual(buildProgPoints(full, 1079));
    expect(buildConsistency(fromTrimmed)).toEqual(buildConsistency(full));
    expect(buildNightReport(fromTrimmed, `report:${REPORT}`, 1079)).toEqual(buildNightReport(full, `report:${REPORT}`, 1079));
    // And the digests saw what was set up: a configured hit, the enrage, the unnamed death's killer.
    expect(full.pulls[0]?.digest.hits.length).toBeGreaterThan(0);
    expect(full.pulls[2]?.digest.enrageAt).toBe(at(3, 160));
    expect(full.pulls[1]?.digest.deaths[0]?.abilityName).toBe("Line AoE");
    expect(full.pulls[5]?.mistakes.map((m) => m.what)).toEqual(["Tower hit Aria, a non-dps", "Eve got Ability 1002911"]);
  });

  it("reuses kept digests as they are, with this analysis' players", () => {
    const full = prepareAnalysis({ ...base, eventsByPull: byKey });
    const digests = new Map(full.pulls.map((p) => [p.key, p.digest]));
    const again = prepareAnalysis({ ...base, eventsByPull: new Map(), digests });
    expect(buildPullTable(again)).toEqual(buildPullTable(full));
    expect(attributeFaults(again)).toEqual(attributeFaults(full));
  });
});
