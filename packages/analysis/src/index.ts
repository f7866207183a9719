// @progboard/analysis: pure functions over normalized pulls, deaths, hits and casts plus the
// static's roster, aliases and strat config. No database, no tRPC: the API's query layer fills
// AnalysisInput, calls prepareAnalysis once, then any of the views below.
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
  Sufficiency,
} from "./types";
export { pullKey } from "./types";
export { DEFAULT_OPTIONS, resolveOptions, type AnalysisOptions, type AnalysisOptionsInput } from "./options";
export { eventsNeeded, pullsListingNoPlayers, prepareAnalysis, groupEventsByPull, type Analysis, type EventsNeeded, type PreparedPull } from "./prepare";
export type { Death, ForcedReason, PullDigest } from "./digest";
export { createPlayerIndex, isPlayerActor, roleOfJob, type PlayerIndex, type PlayerRef } from "./players";
export { absolutePhase, phaseLabel, phaseSpans, createPhaseLabeler, type PhaseSpan } from "./phases";
export { nightOf, sessionOf, type Session, type SessionRule } from "./sessions";
export { buildPullTable, comparePulls, describePull, findBestPull, toPullRow, type FirstDeath, type PullRow, type RankablePull } from "./pulls";
export { classifyWipe, type WipeClassification, type WipeType } from "./wipes";
export { buildProgCurve, type ProgCurve, type ProgCurvePoint } from "./prog-curve";
export { buildProgPoints, findProgPointsReached, reachesProgPoint, type ProgPointReached } from "./prog-points";
export { buildSessionReport, listSessions, type SessionDeaths, type SessionListing, type SessionPhase, type SessionReport } from "./session-report";
export {
  attributeFaults,
  attributePull,
  type FaultReport,
  type Incident,
  type IncidentShare,
  type IncidentType,
  type PlayerFaultTotals,
  type PlayerScore,
  type PullFaults,
} from "./faults";
export {
  buildConsistency,
  findTrend,
  MIN_TREND_SESSIONS,
  type ConsistencyReport,
  type ConsistencyTrend,
  type PlayerConsistency,
  type SessionConsistency,
} from "./consistency";
export { toCsv, type CsvColumn, type CsvOptions } from "./csv";
export { formatDuration } from "./format";
