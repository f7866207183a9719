// Ingestion inside the server: the ledger-driven runner (FFLogs, when configured) and report-file
// imports, which go through the same ledger and the same run (runClaimedReport) with the file as
// their source.
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { type AnalysisCache, createAnalysisCache, type DiscordPoster, pollFollows, startDiscordPoster } from "@progboard/api";
import type { DbHandle } from "@progboard/db";
import {
  type Claim,
  claimReport,
  createFflogsAccess,
  type FflogsAccess,
  type IngestionRunner,
  ingestionStatus,
  type ReportSource,
  type RunLog,
  runClaimedReport,
  startIngestionRunner,
} from "@progboard/ingest";
import type { Env } from "./env";
import { log } from "./log";

export interface Ingestion {
  /** The instance's FFLogs access (environment or credentials set in the app). */
  fflogs: FflogsAccess;
  /** The worker, unless this instance runs none (`INGEST_WORKER=false`). */
  runner: IngestionRunner | null;
  /** The analysis caches of this instance: the API's and the Discord poster's. */
  analysisCache: AnalysisCache;
  /** Posts ended sessions' recaps to Discord, unless this instance runs no worker. */
  discord: DiscordPoster | null;
  /**
   * Claims `code` for `source` and ingests it in the background. Throws IngestError (in words)
   * when another ingestion of the same report is running.
   */
  ingestInBackground(code: string, source: ReportSource, options?: { cleanup?: string }): Promise<Claim>;
  /** The ledger's status of a report (null: never queued). */
  status(code: string): Promise<string | null>;
  /** Stops the runner and waits for background imports to stop between fights. */
  close(): Promise<void>;
}

// A claim lives a minute past its run's last heartbeat (every 20 s): a dead process's claim is
// taken over within a minute. A run with no fight done for 5 minutes is stalled (run.ts).
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;
const runLog: RunLog = (level, message, fields) => log[level](message, fields ?? {});

/**
 * Deletes uploads no import holds: at start, every file in DATA_DIR/imports is one (its import
 * died with the process before; the worker fails it in words). Returns how many were deleted.
 */
export async function sweepAbandonedUploads(dataDir: string): Promise<number> {
  const folder = path.join(dataDir, "imports");
  const names = await readdir(folder).catch(() => [] as string[]);
  const uploads = names.filter((name) => name.endsWith(".upload"));
  await Promise.all(uploads.map((name) => rm(path.join(folder, name), { force: true })));
  return uploads.length;
}

export function createIngestion(env: Env, db: DbHandle): Ingestion {
  const fflogs = createFflogsAccess({
    db,
    env: env.fflogs ? { clientId: env.fflogs.clientId, clientSecret: env.fflogs.clientSecret } : null,
    apiUrl: env.fflogsApiUrl,
    tokenUrl: env.fflogsTokenUrl,
  });
  const analysisCache = createAnalysisCache({ maxBytes: env.analysisCacheBytes });
  const discord = env.ingestWorker
    ? startDiscordPoster(db, {
        analysisCache,
        apiBase: env.discord.apiUrl,
        idleMinutes: env.discord.idleMinutes,
        intervalMs: Math.min(env.pollIntervalMs, 60_000),
        log: runLog,
      })
    : null;
  // Asked before every report: credentials an admin sets while the server runs are used at once.
  const runner = env.ingestWorker
    ? startIngestionRunner({
        db,
        source: () => fflogs.client(),
        pollIntervalMs: env.pollIntervalMs,
        leaseMs: LEASE_MS,
        maxAttempts: MAX_ATTEMPTS,
        log: runLog,
        onReportDone: () => discord?.wake(),
      })
    : null;
  const controller = new AbortController();
  const background = new Set<Promise<void>>();
  const follows = env.ingestWorker ? startFollowPoller(db, fflogs, env.pollIntervalMs, controller.signal) : Promise.resolve();

  return {
    fflogs,
    runner,
    analysisCache,
    discord,
    async ingestInBackground(code, fileSource, options = {}) {
      const claim = await claimReport(db, code, LEASE_MS);
      const work = runClaimedReport(db, claim, fileSource, { leaseMs: LEASE_MS, maxAttempts: MAX_ATTEMPTS, signal: controller.signal, log: runLog })
        .then(
          () => discord?.wake(),
          // Recording the outcome failed (the database went away): the claim runs out, and the
          // ledger shows the report as running until then.
          (error: unknown) => log.error("report import could not record its outcome", { code, error }),
        )
        .finally(() => (options.cleanup ? rm(options.cleanup, { force: true }) : undefined));
      background.add(work);
      void work.finally(() => background.delete(work));
      return claim;
    },
    status: (code) => ingestionStatus(db, code),
    async close() {
      controller.abort();
      await runner?.stop();
      await discord?.stop();
      await follows;
      await Promise.allSettled([...background]);
    },
  };
}

/**
 * Every poll interval, looks at the follows that are due (services/follows.ts in the API): new
 * reports of a static's guild or user are watched, and the runner fetches them. Stops on `signal`.
 */
async function startFollowPoller(db: DbHandle, fflogs: FflogsAccess, intervalMs: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const client = await fflogs.client();
      await pollFollows(db, { list: client ? (owner, options) => client.listReports(owner, options) : null, intervalMs, log: runLog, signal });
    } catch (error) {
      // The database went away, say: the follows are looked at again at the next interval.
      log.error("follow poller error", { error });
    }
    await delay(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
