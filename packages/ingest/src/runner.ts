// The ingestion runner: a ledger-driven worker on the application's own database (no job queue
// service): it claims due reports with FOR UPDATE SKIP LOCKED, runs each (run.ts), queues live
// reports again every poll interval, and stops between fights on shutdown.

import { isFileReportCode } from "@progboard/domain";
import type { IngestSummary } from "./ingest";
import { claimNext, failAbandonedImports, queueLiveReports } from "./ledger";
import { INTERRUPTED_FILE, type RunLog, runClaimedReport } from "./run";
import type { IngestionDb, ReportSource } from "./types";

export interface RunnerOptions {
  db: IngestionDb;
  /**
   * Where reports come from (the FFLogs client); null when FFLogs is not configured. A function is
   * asked again before each report, so credentials set while the server runs are used at once.
   */
  source: ReportSource | null | (() => Promise<ReportSource | null>);
  /** How often live reports are fetched again. */
  pollIntervalMs: number;
  /** How long to wait when nothing is due. */
  idleMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** A run with no fight done for this long is stopped and retried (run.ts). */
  stallMs?: number;
  log?: RunLog;
  /** Told of each report whose run finished (the Discord poster looks for ended sessions then). */
  onReportDone?: (code: string) => void;
}

export interface IngestionRunner {
  /** Claims and ingests due reports until none is due; resolves with what it did. For tests and the CLI. */
  drain(): Promise<IngestSummary[]>;
  /** Stops after the current fight; resolves when the worker has stopped. */
  stop(): Promise<void>;
}

export function startIngestionRunner(options: RunnerOptions, { autostart = true } = {}): IngestionRunner {
  const idleMs = options.idleMs ?? 2_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const log = options.log ?? (() => undefined);
  const controller = new AbortController();
  let lastLivePoll = 0;
  let wake: (() => void) | null = null;

  async function currentSource(): Promise<ReportSource | null> {
    const { source } = options;
    return typeof source === "function" ? source() : source;
  }

  async function drain(): Promise<IngestSummary[]> {
    const done: IngestSummary[] = [];
    if (Date.now() - lastLivePoll >= options.pollIntervalMs) {
      lastLivePoll = Date.now();
      const queued = await queueLiveReports(options.db, options.pollIntervalMs);
      if (queued.length) log("info", "live reports queued", { codes: queued });
    }
    const abandoned = await failAbandonedImports(options.db);
    if (abandoned.length) log("warn", "file imports abandoned by a stopped process failed", { codes: abandoned });
    while (!controller.signal.aborted) {
      const claim = await claimNext(options.db, leaseMs);
      if (!claim) break;
      // An imported file's run that was interrupted: the file is gone, FFLogs cannot fetch its key.
      const source = isFileReportCode(claim.code) ? INTERRUPTED_FILE : await currentSource();
      const outcome = await runClaimedReport(options.db, claim, source, {
        leaseMs,
        maxAttempts,
        signal: controller.signal,
        log,
        stallMs: options.stallMs,
      });
      if (outcome.status === "done" || outcome.status === "stopped") done.push(outcome.summary);
      if (outcome.status === "done") options.onReportDone?.(claim.code);
    }
    return done;
  }

  async function loop(): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        await drain();
      } catch (error) {
        // The database went away, say: wait and try again; nothing is lost (the ledger holds it).
        log("error", "ingestion runner error", { error });
      }
      if (controller.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  const running = autostart ? loop() : Promise.resolve();
  return {
    drain,
    async stop() {
      controller.abort();
      wake?.();
      await running;
    },
  };
}
