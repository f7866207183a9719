export * from "./types";
export { ingestReport, type IngestOptions, type IngestProgress, type IngestSummary } from "./ingest";
export { EVENT_COLUMNS, eventCopyLine, inEngineOrder } from "./events";
export { claimNext, enqueue, markDone, markFailed, queueLiveReports, retryDelayMs, type Claim } from "./ledger";
export { startIngestionRunner, type IngestionRunner, type RunnerOptions } from "./runner";
export { createFflogsClient, type FflogsClient, type FflogsClientOptions } from "./fflogs/client";
export { openReportFile, type ReportFile } from "./file";
export { isPull, isPlayerActor, isStatusId, baseAbilityId, pullStart } from "./normalize";
export { NOT_CONFIGURED } from "./runner";
