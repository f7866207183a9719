// @progboard/analysis: pure functions over normalized pulls, deaths, hits and casts plus the
// static's roster, aliases and strat config. No database, no tRPC: the API's query layer fills
// AnalysisInput, calls prepareAnalysis once, then any of the views below.

export {
  buildConsistency,
  type ConsistencyReport,
  type ConsistencyTrend,
  findTrend,
  MIN_TREND_SESSIONS,
  type PlayerConsistency,
  type SessionConsistency,
} from "./consistency";
export { type CsvColumn, type CsvOptions, toCsv } from "./csv";
export type { Death, ForcedReason, PullDigest } from "./digest";
export {
  attributeFaults,
  attributePull,
  type FaultReport,
  faultTotals,
  type Incident,
  type IncidentShare,
  type IncidentType,
  type PlayerFaultTotals,
  type PlayerScore,
  type PullFaults,
} from "./faults";
export { formatDuration } from "./format";
export { findMistakes, type Mistake } from "./mistakes";
export {
  type BreakdownMechanic,
  type BreakdownPhase,
  type BreakdownPlayer,
  buildNightReport,
  buildWipeBreakdown,
  countMistakes,
  countMistakesBySession,
  groupPullsBySession,
  type MechanicMistakes,
  type MistakeCounts,
  type NightComparison,
  type NightReport,
  type PlayerMistakes,
  type PullLink,
  pullLine,
  type WipeCause,
  wipeCause,
} from "./night";
export { type AnalysisOptions, type AnalysisOptionsInput, DEFAULT_OPTIONS, resolveOptions } from "./options";
export { sortInPlace } from "./order";
export { absolutePhase, createPhaseLabeler, type PhaseSpan, phaseKnown, phaseLabel, phaseSpans } from "./phases";
export { createPlayerIndex, isPlayerActor, type PlayerIndex, type PlayerRef, roleOfJob } from "./players";
export {
  type Analysis,
  type EventsNeeded,
  type ExcludedPulls,
  eventsNeeded,
  excludedPulls,
  groupEventsByPull,
  type PreparedPull,
  prepareAnalysis,
  pullsListingNoPlayers,
} from "./prepare";
export { buildProgCurve, type ProgCurve, type ProgCurvePoint } from "./prog-curve";
export { buildProgPoints, findProgPointsReached, type ProgPointReached, reachesProgPoint } from "./prog-points";
export { buildPullTable, comparePulls, describePull, type FirstDeath, findBestPull, type PullRow, type RankablePull, toPullRow } from "./pulls";
export { buildSessionReport, listSessions, type SessionDeaths, type SessionListing, type SessionPhase, type SessionReport } from "./session-report";
export { nightOf, type Session, type SessionRule, sessionOf } from "./sessions";
export type {
  Ability,
  Actor,
  AnalysisEvent,
  AnalysisInput,
  CharacterAlias,
  FaultOverride,
  ProgPoint,
  Pull,
  PullRef,
  Role,
  RosterMember,
  StaticConfig,
  StratEntry,
  StratRule,
  Sufficiency,
} from "./types";
export { pullKey, ruleOf } from "./types";
export { classifyWipe, type WipeClassification, type WipeType } from "./wipes";
