// Ingestion inside the server: the ledger-driven runner (FFLogs, when configured) and report-file
// imports, which go through the same ledger and engine with the file as their source.
import { rm } from "node:fs/promises";
import type { DbHandle } from "@progboard/db";
import {
  claimNext,
  createFflogsClient,
  enqueue,
  ingestReport,
  IngestError,
  markDone,
  markFailed,
  startIngestionRunner,
  type Claim,
  type IngestionRunner,
  type ReportSource,
} from "@progboard/ingest";
import type { Env } from "./env";
import { log } from "./log";

export interface Ingestion {
  runner: IngestionRunner | null;
  /**
   * Claims `code` for `source` and ingests it in the background. Throws IngestError (in words)
   * when another ingestion of the same report is running.
   */
  ingestInBackground(code: string, source: ReportSource, options?: { cleanup?: string }): Promise<Claim>;
  /** Stops the runner and waits for background imports to stop between fights. */
  close(): Promise<void>;
}

const LEASE_MS = 5 * 60_000;

export function createIngestion(env: Env, db: DbHandle): Ingestion {
  const source = env.fflogs
    ? createFflogsClient({ apiUrl: env.fflogs.apiUrl, tokenUrl: env.fflogs.tokenUrl, clientId: env.fflogs.clientId, clientSecret: env.fflogs.clientSecret })
    : null;
  const runner = env.ingestWorker
    ? startIngestionRunner({
        db,
        source,
        pollIntervalMs: env.pollIntervalMs,
        leaseMs: LEASE_MS,
        log: (level, message, fields) => log[level](message, fields ?? {}),
      })
    : null;
  const controller = new AbortController();
  const background = new Set<Promise<void>>();

  return {
    runner,
    async ingestInBackground(code, fileSource, options = {}) {
      await enqueue(db, code);
      const claim = await claimNext(db, LEASE_MS, code);
      if (!claim) throw new IngestError(`Report ${code} is being fetched right now: try again when it is done`, true);
      const work = (async () => {
        try {
          const summary = await ingestReport(db, fileSource, code, { leaseMs: LEASE_MS, signal: controller.signal });
          if (!summary.complete) throw new IngestError("The import was interrupted by a server shutdown: import the file again", false);
          await markDone(db, code, summary.revision);
          log.info("report imported", { code, fights: summary.fights, pulls: summary.pulls, events: summary.events });
        } catch (error) {
          await markFailed(db, claim, error, 1).catch(() => undefined);
          log.warn("report import failed", { code, cause: String(error) });
        } finally {
          if (options.cleanup) await rm(options.cleanup, { force: true });
        }
      })();
      background.add(work);
      void work.finally(() => background.delete(work));
      return claim;
    },
    async close() {
      controller.abort();
      await runner?.stop();
      await Promise.allSettled([...background]);
    },
  };
}
