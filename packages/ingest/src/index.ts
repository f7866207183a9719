export * from "./types";
export { ingestReport, isPull, type IngestOptions, type IngestProgress, type IngestSummary } from "./ingest";
export { claimNext, enqueue, markDone, markFailed, queueLiveReports, retryDelayMs, type Claim } from "./ledger";
export { startIngestionRunner, type IngestionRunner, type RunnerOptions } from "./runner";
