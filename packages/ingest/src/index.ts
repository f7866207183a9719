export { EVENT_COLUMNS, eventCopyLine, inEngineOrder } from "./events";
export { createFflogsAccess, type FflogsAccess, type FflogsAccessOptions, type FflogsCredentials } from "./fflogs/access";
export {
  createFflogsClient,
  DEFAULT_API_URL,
  describeOwner,
  type FflogsClient,
  type FflogsClientOptions,
  type ReportListing,
  type ReportListPage,
  type ReportOwner,
} from "./fflogs/client";
export { EVENT_STREAMS, friendlyActorIds, streamOf } from "./fflogs/streams";
export { type ImportedReportFile, openImportedReportFile, openReportFile, type ReportFile } from "./file";
export { type IngestOptions, type IngestProgress, type IngestSummary, ingestReport } from "./ingest";
export {
  ABANDONED_IMPORT,
  type Claim,
  claimNext,
  claimReport,
  endLeases,
  enqueue,
  failAbandonedImports,
  ingestionStatus,
  markDone,
  markFailed,
  queueLiveReports,
  releaseClaim,
  renewLease,
  retryDelayMs,
} from "./ledger";
export { checkJsonBounds, FILE_LIMITS } from "./limits";
export { baseAbilityId, isCountedEvent, isPlayerActor, isPull, isStatusId, normalizeEvent, pullStart } from "./normalize";
export {
  DEFAULT_STALL_MS,
  INTERRUPTED_IMPORT,
  NOT_CONFIGURED,
  type RunLog,
  type RunOutcome,
  type RunReportOptions,
  runClaimedReport,
  stalledMessage,
} from "./run";
export { type IngestionRunner, type RunnerOptions, startIngestionRunner } from "./runner";
export { GENERATED_ENCOUNTER, GENERATED_PLAYERS, type GeneratedReport, generateReport } from "./synthetic/generator";
export { writeReportData } from "./synthetic/write-report";
export * from "./types";
