// One ingestion run: a claimed report, from its source to its outcome in the ledger. The worker,
// the file import and the CLI all run reports through here, so however a run ends (done, stopped
// part-way, failed) it ends the same way wherever it started.
import { type IngestProgress, type IngestSummary, ingestReport } from "./ingest";
import { type Claim, keepComplete, markDone, markFailed, releaseClaim, renewLease } from "./ledger";
import { IngestError, type IngestionDb, type ReportSource } from "./types";

export const NOT_CONFIGURED =
  "FFLogs API credentials are not configured on this server (FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET): import the report from a file instead";
export const INTERRUPTED_IMPORT = "The import was interrupted by a server shutdown: import the file again";

/** The source of an imported file's run the worker finds interrupted: the file is not kept. */
export const INTERRUPTED_FILE: ReportSource = {
  resumable: false,
  fetchReport: () => Promise.reject(new IngestError(INTERRUPTED_IMPORT, false)),
  fightEvents: () => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new IngestError(INTERRUPTED_IMPORT, false)) }),
  }),
};
/** A report whose data another source completed, asked for again where FFLogs cannot be reached. */
export const KEPT_WITHOUT_FFLOGS =
  "Not fetched again: FFLogs API credentials are not configured on this server; every pull already fetched is still here";

/** Why a complete report was not refreshed, in words (never a query or its parameters). */
function notFetchedAgain(error: unknown): string {
  if (error instanceof IngestError && error.message === NOT_CONFIGURED) return KEPT_WITHOUT_FFLOGS;
  const why = error instanceof IngestError ? error.message : "an unexpected error (the server log has the details)";
  return `Not fetched again: ${why}; every pull already fetched is still here`;
}

export type RunLog = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;

export interface RunReportOptions {
  /** How long the claim stays ours without progress (renewed after every fight). */
  leaseMs: number;
  /** Attempts before a retryable failure is final. A source that cannot resume gets one. */
  maxAttempts: number;
  /** Checked between fights: the run stops cleanly. */
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: IngestProgress) => void) | undefined;
  log?: RunLog | undefined;
  /**
   * The run's heartbeat: how often the lease is renewed while the run is alive (default a third of
   * the lease), so a claim outlives the lease only while its process does.
   */
  heartbeatMs?: number | undefined;
  /** A run with no fight done for this long is stalled: stopped, and retried or failed in words. */
  stallMs?: number | undefined;
}

export const DEFAULT_STALL_MS = 5 * 60_000;
/** Words for a stalled run, by whether its source can resume. */
/** Why a stalled run was stopped; whether (and when) it is retried is said by describeFailure. */
export const stalledMessage = (stallMs: number, resumable: boolean) =>
  `Ingestion made no progress for ${Math.round(stallMs / 1000)} s and was stopped${resumable ? "" : ": import the file again"}`;

export type RunOutcome =
  | { status: "done"; summary: IngestSummary }
  /** Stopped between fights (signal) from a resumable source: the claim is handed back and the report resumes. */
  | { status: "stopped"; summary: IngestSummary }
  | { status: "retrying" | "failed"; error: string };

/**
 * Ingests the claimed report from `source` (null: FFLogs is not configured) and records the
 * outcome. A run from a source that cannot resume (a file) that stops part-way, or fails, is
 * failed for good, in words that say what to do; the worker retries the others with backoff.
 */
export async function runClaimedReport(db: IngestionDb, claim: Claim, source: ReportSource | null, options: RunReportOptions): Promise<RunOutcome> {
  const log = options.log ?? (() => undefined);
  const watch = watchRun(db, claim, source?.resumable ?? true, options, log);
  try {
    if (!source) throw new IngestError(NOT_CONFIGURED, false);
    const run = ingestReport(db, source, claim.code, {
      leaseMs: options.leaseMs,
      signal: watch.signal,
      onProgress: (progress) => {
        watch.progressed();
        options.onProgress?.(progress);
      },
    });
    // A stalled run is abandoned here (its source may never answer); it stops at its next fight.
    run.catch(() => undefined);
    const summary = await Promise.race([run, watch.stalled]);
    if (summary.complete) {
      await markDone(db, claim.code, summary.revision);
      log("info", "report ingested", { code: claim.code, fights: summary.fights, pulls: summary.pulls, events: summary.events });
      return { status: "done", summary };
    }
    // Stopped midway (a shutdown): hand the claim back, so another worker or the next start
    // resumes the report at once rather than after the lease.
    if (source.resumable) {
      await releaseClaim(db, claim);
      return { status: "stopped", summary };
    }
    throw new IngestError(INTERRUPTED_IMPORT, false);
  } catch (error) {
    const resumable = source?.resumable !== false;
    // The status is about the data, not about who asked: when a fetch again (another static's
    // watch, a retry, a live poll) fails on a report whose every fight is here, it stays done for
    // everyone, saying why it was not refreshed.
    if (resumable) {
      const kept = await keepComplete(db, claim.code, notFetchedAgain(error));
      if (kept) {
        log("warn", "report not fetched again; its data is complete", { code: claim.code, error });
        return { status: "done", summary: kept };
      }
    }
    const { status, message } = await markFailed(db, claim, error, resumable ? options.maxAttempts : 1, { resumable });
    log(status === "failed" ? "error" : "warn", "ingestion failed", {
      code: claim.code,
      attempt: claim.attempts,
      outcome: status,
      error,
    });
    return { status, error: message };
  } finally {
    watch.stop();
  }
}

/**
 * The heartbeat of a run: renews its lease every `heartbeatMs` while fights keep being done; when
 * none is done for `stallMs`, `stalled` rejects with the words for it and the run is told to stop.
 */
function watchRun(db: IngestionDb, claim: Claim, resumable: boolean, options: RunReportOptions, log: RunLog) {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(options.leaseMs / 3));
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  let lastProgress = Date.now();
  let fail: (error: IngestError) => void = () => undefined;
  const stalled = new Promise<never>((_resolve, reject) => (fail = reject));
  stalled.catch(() => undefined);
  const timer = setInterval(() => {
    if (Date.now() - lastProgress > stallMs) {
      clearInterval(timer);
      controller.abort();
      log("error", "ingestion stalled", { code: claim.code, stallMs });
      fail(new IngestError(stalledMessage(stallMs, resumable), resumable));
      return;
    }
    renewLease(db, claim, options.leaseMs).then(
      (ours) => {
        if (!ours) controller.abort();
      },
      // The database is away: the next beat tries again; the lease covers the gap.
      () => undefined,
    );
  }, heartbeatMs);
  timer.unref?.();
  return {
    signal: controller.signal,
    stalled,
    progressed: () => (lastProgress = Date.now()),
    stop: () => {
      clearInterval(timer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}
