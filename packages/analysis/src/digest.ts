// One pass over a pull's events, keeping only what the analyses need: who was there, who died to
// what, hits from configured mechanics, when the enrage went off, when watched abilities appeared.
// Everything else reads the digest, so events (millions of them) are walked exactly once.
import { FFLOGS_STATUS_OFFSET } from "@progboard/domain";
import type { AnalysisOptions } from "./options";
import { sortInPlace } from "./order";
import { isPlayerActor, type PlayerIndex, type PlayerRef } from "./players";
import { type Ability, type Actor, type AnalysisEvent, type Pull, ruleOf, type StratEntry } from "./types";

/** Why a death carries no blame: the enrage went off, the whole party died at once, or nobody was left. */
export type ForcedReason = "enrage" | "wipe-burst" | "last-alive";

export interface Death {
  /** ms from report start. */
  timestamp: number;
  actorId: number;
  player: PlayerRef;
  abilityId: number | null;
  abilityName: string;
  forced: ForcedReason | null;
}

export interface MechanicHit {
  timestamp: number;
  actorId: number;
  player: PlayerRef;
  abilityId: number;
  abilityName: string;
  mechanic: StratEntry;
}

export interface PullDigest {
  /** Players in the pull, by actor id. */
  present: Map<number, PlayerRef>;
  /** In time order. */
  deaths: Death[];
  /** Direct (non-tick) hits on players from configured mechanics, in time order. */
  hits: MechanicHit[];
  /** Applications of configured failure debuffs on players, in time order. */
  debuffs: MechanicHit[];
  enrageAt: number | null;
  enrageName: string | null;
  /** First timestamp of each watched ability (prog points). */
  seen: Map<number, number>;
  /** Configured mechanics of this pull's encounter, by ability id. */
  mechanics: ReadonlyMap<number, StratEntry>;
}

/** The actors and abilities of one report, indexed. */
export interface ReportContext {
  players: Map<number, PlayerRef>;
  abilityNames: Map<number, string>;
  abilityIdsByName: Map<string, number[]>;
}

export function createReportContext(actors: readonly Actor[], abilities: readonly Ability[], index: PlayerIndex): ReportContext {
  const players = new Map<number, PlayerRef>();
  for (const a of actors) if (isPlayerActor(a)) players.set(a.id, index.resolve(a));
  const abilityNames = new Map<number, string>();
  const abilityIdsByName = new Map<string, number[]>();
  for (const a of abilities) {
    abilityNames.set(a.gameId, a.name);
    const name = a.name.trim().toLowerCase();
    abilityIdsByName.set(name, [...(abilityIdsByName.get(name) ?? []), a.gameId]);
  }
  return { players, abilityNames, abilityIdsByName };
}

/**
 * Strat entries of one encounter by ability id: a numeric ref is the id, anything else an ability
 * name. A failure debuff's id matches both ways FFLogs and the game write it (FFLogs' status id is
 * the game's + 1,000,000).
 */
export function resolveMechanics(strats: readonly StratEntry[], report: ReportContext): Map<number, StratEntry> {
  const out = new Map<number, StratEntry>();
  for (const s of strats) {
    const ref = s.mechanicRef.trim();
    const ids = /^\d+$/.test(ref) ? [Number(ref)] : (report.abilityIdsByName.get(ref.toLowerCase()) ?? []);
    for (const id of ids) {
      out.set(id, s);
      if (ruleOf(s) === "debuff") out.set(id < FFLOGS_STATUS_OFFSET ? id + FFLOGS_STATUS_OFFSET : id - FFLOGS_STATUS_OFFSET, s);
    }
  }
  return out;
}

/** Debuff application events (a stack added counts as one more application). */
export const DEBUFF_APPLICATIONS: ReadonlySet<string> = new Set(["applydebuff", "applydebuffstack"]);

/**
 * The time of the death that decides a wipe (the `faultCutoffDeaths`-th, default the 2nd), or
 * Infinity with fewer deaths: deaths after it are the cascade, not what the wipe was about.
 */
export function decidingCutoff(digest: Pick<PullDigest, "deaths">, options: Pick<AnalysisOptions, "faultCutoffDeaths">): number {
  return digest.deaths[options.faultCutoffDeaths - 1]?.timestamp ?? Number.POSITIVE_INFINITY;
}

/** Ability ids (or names, via the report's abilities) as a set of ids. */
export function resolveAbilityIds(refs: readonly (number | string)[], report: ReportContext): Set<number> {
  const out = new Set<number>();
  for (const r of refs) {
    if (typeof r === "number") out.add(r);
    else for (const id of report.abilityIdsByName.get(r.trim().toLowerCase()) ?? []) out.add(id);
  }
  return out;
}

export interface DigestContext {
  report: ReportContext;
  mechanics: ReadonlyMap<number, StratEntry>;
  enrageIds: ReadonlySet<number>;
  watched: ReadonlySet<number>;
  burstWindowMs: number;
}

// When a death event names no killing ability, the last hit the player took this recently is it.
const KILLING_HIT_LOOKBACK_MS = 10_000;

/** The first death, unless forced: a wipe that opens with the enrage or the closing burst has no first death to count against anyone. */
export function firstCountedDeath(digest: Pick<PullDigest, "deaths">): Death | null {
  const first = digest.deaths[0];
  return first && first.forced === null ? first : null;
}

/** A digest kept from an earlier analysis, its players taken from this one's index (same keys). */
export function rebindPlayers(digest: PullDigest, players: ReadonlyMap<string, PlayerRef>): PullDigest {
  const ref = (p: PlayerRef) => players.get(p.key) ?? p;
  return {
    ...digest,
    present: new Map([...digest.present].map(([id, p]) => [id, ref(p)])),
    deaths: digest.deaths.map((d) => ({ ...d, player: ref(d.player) })),
    hits: digest.hits.map((h) => ({ ...h, player: ref(h.player) })),
    debuffs: digest.debuffs.map((h) => ({ ...h, player: ref(h.player) })),
  };
}

/** Reads a pull's events once into a digest (see PullDigest). */
export function digestPull(pull: Pull, events: readonly AnalysisEvent[], ctx: DigestContext): PullDigest {
  const { players, abilityNames } = ctx.report;
  const present = new Map<number, PlayerRef>();
  for (const id of pull.friendlyPlayers ?? []) {
    const p = players.get(id);
    if (p) present.set(id, p);
  }
  const fromEvents = present.size === 0;
  const lastHit = new Map<number, { abilityId: number; timestamp: number }>();
  const deaths: Death[] = [];
  const hits: MechanicHit[] = [];
  const debuffs: MechanicHit[] = [];
  const seen = new Map<number, number>();
  let enrageAt: number | null = null;
  let enrageId: number | null = null;

  for (const e of events) {
    const ability = e.abilityGameId;
    if (ability !== null && ctx.watched.has(ability) && !seen.has(ability)) seen.set(ability, e.timestamp);
    // `cast` is when the ability goes off (`begincast` only starts the bar).
    if (enrageAt === null && ability !== null && ctx.enrageIds.has(ability) && (e.type === "cast" || e.type === "damage")) {
      enrageAt = e.timestamp;
      enrageId = ability;
    }
    const target = e.targetId === null ? undefined : players.get(e.targetId);
    if (fromEvents) {
      if (target && e.targetId !== null) present.set(e.targetId, target);
      const source = e.sourceId === null ? undefined : players.get(e.sourceId);
      if (source && e.sourceId !== null) present.set(e.sourceId, source);
    }
    if (!target || e.targetId === null) continue;
    if (e.type === "damage" && ability !== null) {
      // One record per player, updated in place: tens of thousands of hits allocate nothing here.
      const last = lastHit.get(e.targetId);
      if (last) {
        last.abilityId = ability;
        last.timestamp = e.timestamp;
      } else lastHit.set(e.targetId, { abilityId: ability, timestamp: e.timestamp });
      const mechanic = ctx.mechanics.get(ability);
      // DoT ticks (`tick: true`) come from a debuff already landed: not a new hit.
      if (mechanic && e.data.tick !== true && ruleOf(mechanic) !== "debuff")
        hits.push({
          timestamp: e.timestamp,
          actorId: e.targetId,
          player: target,
          abilityId: ability,
          abilityName: nameOf(abilityNames, ability),
          mechanic,
        });
    } else if (ability !== null && DEBUFF_APPLICATIONS.has(e.type)) {
      const mechanic = ctx.mechanics.get(ability);
      if (mechanic && ruleOf(mechanic) === "debuff")
        debuffs.push({
          timestamp: e.timestamp,
          actorId: e.targetId,
          player: target,
          abilityId: ability,
          abilityName: nameOf(abilityNames, ability),
          mechanic,
        });
    } else if (e.type === "death") {
      const abilityId = killingAbility(e, lastHit.get(e.targetId));
      deaths.push({
        timestamp: e.timestamp,
        actorId: e.targetId,
        player: target,
        abilityId,
        abilityName: abilityId === null ? "Unknown" : nameOf(abilityNames, abilityId),
        forced: null,
      });
      present.set(e.targetId, target);
    }
  }
  // In stream order, so (nearly always) in time order already.
  sortInPlace(deaths, byTime);
  sortInPlace(hits, byTime);
  sortInPlace(debuffs, byTime);
  markForced(deaths, present.size, enrageAt, ctx);
  const enrageName = enrageId === null ? null : nameOf(abilityNames, enrageId);
  return { present, deaths, hits, debuffs, enrageAt, enrageName, seen, mechanics: ctx.mechanics };
}

/** An ability's name in the report (a module function: not a closure named per pull under tsx). */
function nameOf(abilityNames: ReadonlyMap<number, string>, id: number): string {
  return abilityNames.get(id) ?? `Ability ${id}`;
}

const byTime = (a: { timestamp: number }, b: { timestamp: number }) => a.timestamp - b.timestamp;

function killingAbility(e: AnalysisEvent, last: { abilityId: number; timestamp: number } | undefined): number | null {
  const fromData = e.data.killingAbilityGameID;
  if (typeof fromData === "number" && fromData > 0) return fromData;
  if (e.abilityGameId !== null && e.abilityGameId > 0) return e.abilityGameId;
  return last && e.timestamp - last.timestamp <= KILLING_HIT_LOOKBACK_MS ? last.abilityId : null;
}

/**
 * Forced deaths (no blame): at or after the enrage; the closing burst (at least half the party,
 * and at least 2 players, dying within `burstWindowMs` of the last death), unless it is to a
 * configured mechanic, which is then that mechanic failing; and the last player alive once every
 * other player has died (raises are not tracked: everyone having died once counts).
 */
function markForced(deaths: Death[], partySize: number, enrageAt: number | null, ctx: DigestContext): void {
  const last = deaths[deaths.length - 1];
  if (!last) return;
  for (const d of deaths) if (enrageAt !== null && d.timestamp >= enrageAt) d.forced = "enrage";
  const burst = deaths.filter((d) => last.timestamp - d.timestamp <= ctx.burstWindowMs);
  if (burst.length >= Math.max(2, Math.ceil(partySize / 2))) {
    for (const d of burst) if (d.forced === null && (d.abilityId === null || !ctx.mechanics.has(d.abilityId))) d.forced = "wipe-burst";
  }
  const dead = new Set(deaths.map((d) => d.actorId));
  if (partySize >= 2 && dead.size >= partySize && last.forced === null) last.forced = "last-alive";
}
