// The ingestion runner: a ledger-driven worker on the application's own database (no job queue
// service): it claims due reports with FOR UPDATE SKIP LOCKED, ingests them, records the outcome,
// queues live reports again every poll interval, and stops between fights on shutdown.
import { ingestReport, type IngestSummary } from "./ingest";
import { claimNext, markDone, markFailed, queueLiveReports, type Claim } from "./ledger";
import { IngestError, type IngestionDb, type ReportSource } from "./types";

export interface RunnerOptions {
  db: IngestionDb;
  /** Where reports come from (the FFLogs client); null when FFLogs is not configured. */
  source: ReportSource | null;
  /** How often live reports are fetched again. */
  pollIntervalMs: number;
  /** How long to wait when nothing is due. */
  idleMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

export interface IngestionRunner {
  /** Claims and ingests due reports until none is due; resolves with what it did. For tests and the CLI. */
  drain(): Promise<IngestSummary[]>;
  /** Stops after the current fight; resolves when the worker has stopped. */
  stop(): Promise<void>;
}

export const NOT_CONFIGURED = "FFLogs API credentials are not configured on this server (FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET): import the report from a file instead";

export function startIngestionRunner(options: RunnerOptions, { autostart = true } = {}): IngestionRunner {
  const idleMs = options.idleMs ?? 2_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const log = options.log ?? (() => undefined);
  const controller = new AbortController();
  let lastLivePoll = 0;
  let wake: (() => void) | null = null;

  async function runOne(claim: Claim): Promise<IngestSummary | null> {
    try {
      if (!options.source) throw new IngestError(NOT_CONFIGURED, false);
      const summary = await ingestReport(options.db, options.source, claim.code, { leaseMs, signal: controller.signal });
      // Stopped midway: leave the claim to run out, so the next start resumes the report.
      if (!summary.complete) return summary;
      await markDone(options.db, claim.code, summary.revision);
      log("info", "report ingested", { code: claim.code, fights: summary.fights, pulls: summary.pulls, events: summary.events });
      return summary;
    } catch (error) {
      const outcome = await markFailed(options.db, claim, error, maxAttempts);
      log(outcome === "failed" ? "error" : "warn", "ingestion failed", { code: claim.code, attempt: claim.attempts, outcome, cause: String(error) });
      return null;
    }
  }

  async function drain(): Promise<IngestSummary[]> {
    const done: IngestSummary[] = [];
    if (Date.now() - lastLivePoll >= options.pollIntervalMs) {
      lastLivePoll = Date.now();
      const queued = await queueLiveReports(options.db, options.pollIntervalMs);
      if (queued.length) log("info", "live reports queued", { codes: queued });
    }
    while (!controller.signal.aborted) {
      const claim = await claimNext(options.db, leaseMs);
      if (!claim) break;
      const summary = await runOne(claim);
      if (summary) done.push(summary);
    }
    return done;
  }

  async function loop(): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        await drain();
      } catch (error) {
        // The database went away, say: wait and try again; nothing is lost (the ledger holds it).
        log("error", "ingestion runner error", { cause: String(error) });
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
