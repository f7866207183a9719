// Hand-built fixtures for the unit tests: one static of eight, small pulls whose answers are
// known by hand. Not exported from index.ts.

import type { AnalysisOptionsInput } from "./options";
import { type Analysis, prepareAnalysis } from "./prepare";
import { type Ability, type Actor, type AnalysisEvent, type Pull, pullKey, type StaticConfig } from "./types";

export const REPORT = "rep0000A";
/** 2025-01-14 19:00 UTC = 20:00 in Berlin. */
export const REPORT_START = Date.UTC(2025, 0, 14, 19, 0);
export const ENCOUNTER = 1079;
export const BOSS = 100;

export const ABILITY = { tower: 1001, raidwide: 1002, tankbuster: 1003, cleave: 1004, enrage: 1005, line: 1006, auto: 1007 } as const;

// Actor ids 1–8; Hana (8) has no alias, so she is an unknown player.
const PLAYERS = [
  { id: 1, name: "Aria Stone", job: "Paladin", member: "Aria", role: "tank" },
  { id: 2, name: "Bram Oak", job: "Warrior", member: "Bram", role: "tank" },
  { id: 3, name: "Cleo Reed", job: "WhiteMage", member: "Cleo", role: "healer" },
  { id: 4, name: "Dax Moor", job: "Scholar", member: "Dax", role: "healer" },
  { id: 5, name: "Eve Lark", job: "Samurai", member: "Eve", role: "dps" },
  { id: 6, name: "Finn Ash", job: "Bard", member: "Finn", role: "dps" },
  { id: 7, name: "Gus Fern", job: "BlackMage", member: "Gus", role: "dps" },
  { id: 8, name: "Hana Vale", job: "Dancer", member: null, role: "dps" },
] as const;

export function actors(reportCode = REPORT): Actor[] {
  return [
    ...PLAYERS.map((p) => ({ reportCode, id: p.id, name: p.name, server: "Twintania", type: "Player", subType: p.job })),
    { reportCode, id: 50, name: "Limit Break", server: null, type: "Player", subType: "LimitBreak" },
    { reportCode, id: BOSS, name: "The Boss", server: null, type: "NPC", subType: "Boss" },
  ];
}

export function abilities(reportCode = REPORT): Ability[] {
  const names: Record<number, string> = {
    1001: "Tower",
    1002: "Raidwide",
    1003: "Tankbuster",
    1004: "Cleave",
    1005: "Enrage",
    1006: "Line AoE",
    1007: "Attack",
  };
  return Object.entries(names).map(([id, name]) => ({ reportCode, gameId: Number(id), name }));
}

export function config(overrides: Partial<StaticConfig> = {}): StaticConfig {
  return {
    roster: PLAYERS.filter((p) => p.member !== null).map((p) => ({ id: p.id * 10, name: p.member ?? "", job: null, role: p.role })),
    // Lower case on purpose: aliases match case-insensitively.
    aliases: PLAYERS.filter((p) => p.member !== null).map((p) => ({ memberId: p.id * 10, characterName: p.name.toLowerCase(), server: "twintania" })),
    strats: [],
    progPoints: [],
    faultOverrides: [],
    timeZone: "Europe/Berlin",
    ...overrides,
  };
}

/** Pull `fightId` starts fightId × 10 min into the report and lasts 3 min unless told otherwise. */
export function pull(fightId: number, overrides: Partial<Pull> & { durationMs?: number } = {}): Pull {
  const { durationMs = 180_000, ...rest } = overrides;
  const startTime = rest.startTime ?? fightId * 600_000;
  return {
    reportCode: REPORT,
    fightId,
    encounterId: ENCOUNTER,
    name: "The Boss",
    startTime,
    endTime: startTime + durationMs,
    reportStartTime: REPORT_START,
    kill: false,
    fightPercentage: 50,
    bossPercentage: 50,
    lastPhase: 1,
    lastPhaseAbsoluteIndex: 0,
    lastPhaseIsIntermission: false,
    phaseTransitions: null,
    friendlyPlayers: [1, 2, 3, 4, 5, 6, 7, 8],
    ...rest,
  };
}

/** ms from report start of `seconds` into pull `fightId` (when it starts at the default time). */
export function at(fightId: number, seconds: number): number {
  return fightId * 600_000 + seconds * 1000;
}

export function death(timestamp: number, targetId: number, abilityId: number | null): AnalysisEvent {
  return {
    timestamp,
    type: "death",
    sourceId: BOSS,
    targetId,
    abilityGameId: null,
    amount: null,
    data: abilityId === null ? {} : { killingAbilityGameID: abilityId },
  };
}

export function hit(timestamp: number, targetId: number, abilityId: number, data: Record<string, unknown> = {}): AnalysisEvent {
  return { timestamp, type: "damage", sourceId: BOSS, targetId, abilityGameId: abilityId, amount: 10_000, data };
}

export function cast(timestamp: number, abilityId: number): AnalysisEvent {
  return { timestamp, type: "cast", sourceId: BOSS, targetId: null, abilityGameId: abilityId, amount: null, data: {} };
}

/** Eight deaths within half a second at `seconds`: the whole party wiping at once. */
export function partyWipe(
  fightId: number,
  seconds: number,
  abilityId: number = ABILITY.raidwide,
  ids: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8],
): AnalysisEvent[] {
  return ids.map((id, i) => death(at(fightId, seconds) + i * 50, id, abilityId));
}

export interface Scenario {
  pulls: Pull[];
  /** By fight id, or by pullKey when several reports share fight ids. */
  events?: Record<string | number, AnalysisEvent[]>;
  config?: Partial<StaticConfig>;
  options?: AnalysisOptionsInput;
}

export function analyse({ pulls, events = {}, config: cfg, options }: Scenario): Analysis {
  const eventsByPull = new Map<string, AnalysisEvent[]>();
  for (const p of pulls)
    eventsByPull.set(
      pullKey(p.reportCode, p.fightId),
      [...(events[pullKey(p.reportCode, p.fightId)] ?? events[p.fightId] ?? [])].sort((a, b) => a.timestamp - b.timestamp),
    );
  const codes = [...new Set(pulls.map((p) => p.reportCode))];
  return prepareAnalysis(
    { pulls, actors: codes.flatMap((c) => actors(c)), abilities: codes.flatMap((c) => abilities(c)), eventsByPull, config: config(cfg) },
    options,
  );
}

/** The prepared pull with this fight id. */
export function prepared(analysis: Analysis, fightId: number, reportCode = REPORT) {
  const p = analysis.pulls.find((x) => x.pull.fightId === fightId && x.pull.reportCode === reportCode);
  if (!p) throw new Error(`no pull ${reportCode}#${fightId}`);
  return p;
}
