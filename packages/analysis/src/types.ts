// Inputs of the analysis, shaped like the database rows (packages/db/src/schema/raw.ts and
// scoped.ts) so a query layer can fill them directly. Times: `reportStartTime` is epoch ms; fight
// and event times are ms from the report's start (pull time = reportStartTime + startTime).
import type { Role, StratRule } from "@progboard/domain";
import type { PullDigest } from "./digest";

export type { Role, StratRule };

/** One boss attempt: a `fights` row with encounterId ≠ 0 (trash is not a pull). */
export interface Pull {
  reportCode: string;
  fightId: number;
  encounterId: number;
  name: string;
  startTime: number;
  endTime: number;
  reportStartTime: number;
  /** Authoritative: a kill's fightPercentage may still be above 0. */
  kill: boolean | null;
  /** Percentage *remaining* (100 = nothing done). */
  fightPercentage: number | null;
  bossPercentage: number | null;
  /** FFLogs counts this from 1 separately per phase type (phases, intermissions). */
  lastPhase: number | null;
  /** Phases and intermissions counted together from 0. */
  lastPhaseAbsoluteIndex: number | null;
  lastPhaseIsIntermission: boolean | null;
  /** `id` is the 1-indexed absolute phase id; `startTime` is ms from report start. */
  phaseTransitions: readonly { id: number; startTime: number }[] | null;
  /**
   * False when the pull's events were not (all) ingested: its deaths, first death and wipe type are
   * then unknown. When absent, a pull counts as having events when some were given for it.
   */
  eventsComplete?: boolean;
  /** Actor ids of the players in the pull; when absent, presence is read from the events. */
  friendlyPlayers?: readonly number[];
}

/** An `actors` row. */
export interface Actor {
  reportCode: string;
  id: number;
  name: string;
  server: string | null;
  /** Player, NPC, Pet… */
  type: string;
  /** The job for players. */
  subType: string | null;
  /** A person; derived from type/subType/name when absent (Limit Break is not a person). */
  isPlayer?: boolean;
}

/** An `abilities` row. */
export interface Ability {
  reportCode: string;
  gameId: number;
  name: string;
}

/** An `events` row of one pull (`calculateddamage` already dropped by ingestion). */
export interface AnalysisEvent {
  timestamp: number;
  type: string;
  sourceId: number | null;
  targetId: number | null;
  abilityGameId: number | null;
  amount: number | null;
  /** The raw FFLogs event: deaths may carry killerID / killingAbilityGameID, damage `tick`. */
  data: Record<string, unknown>;
}

export interface RosterMember {
  id: number;
  name: string;
  /** Job abbreviation, e.g. WAR. */
  job: string | null;
  role: Role | null;
}

/** Maps an FFLogs character (name + server, case-insensitive) to a roster member. */
export interface CharacterAlias {
  memberId: number;
  characterName: string;
  server: string;
}

/**
 * Who handles a mechanic. `mechanicRef` is an ability id as text, or an ability name (a status id
 * or name for a failure debuff). `rule` says what a mistake is (see @progboard/domain's
 * STRAT_RULES); when absent, "only" with a member or role, else "none" (nobody should take it).
 */
export interface StratEntry {
  encounterId: number;
  mechanicRef: string;
  role: Role | null;
  memberId: number | null;
  rule?: StratRule | null;
  /** For "exactly": how many players each cast should hit. */
  expectedHits?: number | null;
}

/** The rule a strat entry applies (see StratEntry). */
export function ruleOf(s: Pick<StratEntry, "rule" | "role" | "memberId">): StratRule {
  return s.rule ?? (s.role !== null || s.memberId !== null ? "only" : "none");
}

export interface ProgPoint {
  id: number;
  encounterId: number;
  label: string;
  /** Absolute phase index (FFLogs' lastPhaseAsAbsoluteIndex). */
  phaseIndex: number;
  /** When set, the point is reached once this ability is seen in that phase. */
  abilityId: number | null;
}

/** A hand-set share of the blame for one wipe, 0–100 (fault_scores.override_score). */
export interface FaultOverride {
  reportCode: string;
  fightId: number;
  actorId: number;
  score: number;
}

export interface StaticConfig {
  roster: readonly RosterMember[];
  aliases: readonly CharacterAlias[];
  strats: readonly StratEntry[];
  progPoints: readonly ProgPoint[];
  faultOverrides: readonly FaultOverride[];
  /** IANA time zone, e.g. "Europe/Berlin"; an unknown zone falls back to UTC. */
  timeZone: string;
}

export interface AnalysisInput {
  pulls: readonly Pull[];
  actors: readonly Actor[];
  abilities: readonly Ability[];
  /** Events per pull, keyed by `pullKey(reportCode, fightId)`, in timestamp order. */
  eventsByPull: ReadonlyMap<string, readonly AnalysisEvent[]>;
  /**
   * Digests kept from an earlier analysis with the same report revision and the same roster,
   * aliases, strats and prog points (a pull found here is not digested again).
   */
  digests?: ReadonlyMap<string, PullDigest>;
  config: StaticConfig;
}

/** What every aggregate carries so thin data never reads as a conclusion. */
export interface Sufficiency {
  insufficientData: boolean;
  /** "Insufficient data: …" when insufficientData, else null. */
  message: string | null;
}

/** Which pull: its report and its fight in that report. */
export interface PullRef {
  reportCode: string;
  fightId: number;
}

/**
 * A pull as a Map or Set key (`eventsByPull`, kept digests). Only ever compared, never taken
 * apart: code that needs the report or the fight passes a PullRef.
 */
export function pullKey(reportCode: string, fightId: number): string {
  return `${reportCode}#${fightId}`;
}
