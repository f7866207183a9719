// The ingestion ledger: one row per report, the single source of truth for what is queued,
// running, done or failed, and how far a running ingestion got. Claims use FOR UPDATE SKIP LOCKED,
// so two workers never take the same report; a lease that runs out (its worker died) lets another
// worker resume the report where it stopped.
import { ingestionLedger, queryRows } from "@progboard/db";
import { FILE_REPORT_PREFIX } from "@progboard/domain";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { IngestSummary } from "./ingest";
import { IngestError, type IngestionDb } from "./types";

export interface Claim {
  code: string;
  attempts: number;
}

/**
 * An imported file's key (`file:…`) is queued only by its import, which claims it at once: the
 * worker never picks a queued one (it has no file to read).
 */
const NOT_QUEUED_FILE = sql`and not (status = 'queued' and starts_with(report_code, ${FILE_REPORT_PREFIX}))`;

/**
 * A report's key says where its runs read it: an FFLogs code from FFLogs (any worker can resume a
 * run that died), a file key from an uploaded file (only the process that had it). A file run
 * whose lease ran out cannot be resumed by anyone else, so it is failed in words instead.
 */
const IS_FILE = sql`starts_with(report_code, ${FILE_REPORT_PREFIX})`;

/** What a file import whose run died says: nobody else has its file. */
export const ABANDONED_IMPORT = "The import stopped before it finished (the server stopped or lost its database): import the file again";

/**
 * Claims the next due report (or `code` only), marking it running with a
 * lease. A running report whose lease ran out (its worker died or stalled) is taken over, except a
 * file import's by anyone but a new import of it: no one else has its file (failAbandonedImports).
 */
export async function claimNext(db: IngestionDb, leaseMs: number, code?: string): Promise<Claim | null> {
  return db.withIngestion(async (tx) => {
    const [claimed] = await queryRows<{ report_code: string; attempts: number }>(
      tx,
      sql`
      update ingestion_ledger l
         set status = 'running', attempts = l.attempts + 1, started_at = now(), updated_at = now(),
             lease_until = now() + ${leaseMs} * interval '1 millisecond', last_error = null
       where l.report_code = (
               select report_code from ingestion_ledger
                where ((status = 'queued' and next_attempt_at <= now())
                       or (status = 'running' and lease_until < now() ${code === undefined ? sql`and not ${IS_FILE}` : sql``}))
                  ${code === undefined ? NOT_QUEUED_FILE : sql`and report_code = ${code}`}
                order by next_attempt_at, report_code
                limit 1
                for update skip locked)
      returning l.report_code, l.attempts`,
    );
    return claimed ? { code: claimed.report_code, attempts: claimed.attempts } : null;
  });
}

/**
 * Fails the file imports whose lease ran out (the process that had the file died or stalled), in
 * words that say what to do; returns their codes. The worker runs it before claiming.
 */
export async function failAbandonedImports(db: IngestionDb): Promise<string[]> {
  return db.withIngestion(async (tx) => {
    const rows = await queryRows<{ report_code: string }>(
      tx,
      sql`
      update ingestion_ledger
         set status = 'failed', last_error = ${ABANDONED_IMPORT}, lease_until = null, finished_at = now(), updated_at = now()
       where ${IS_FILE} and status = 'running' and lease_until < now()
      returning report_code`,
    );
    return rows.map((r) => r.report_code);
  });
}

/**
 * Ends every running claim's lease at once: for a database only one process can open (the embedded
 * one), whatever was running when it was opened died with the last process. Returns their codes.
 */
export async function endLeases(db: IngestionDb): Promise<string[]> {
  return db.withIngestion(async (tx) => {
    const rows = await queryRows<{ report_code: string }>(
      tx,
      sql`update ingestion_ledger set lease_until = now() - interval '1 millisecond' where status = 'running' returning report_code`,
    );
    return rows.map((r) => r.report_code);
  });
}

/**
 * Renews a running claim's lease (the run's heartbeat). False when the claim is no longer this
 * run's (failed, released, or taken over after its lease ran out).
 */
export async function renewLease(db: IngestionDb, claim: Claim, leaseMs: number): Promise<boolean> {
  return db.withIngestion(async (tx) => {
    const rows = await queryRows<{ report_code: string }>(
      tx,
      sql`
      update ingestion_ledger
         set lease_until = now() + ${leaseMs} * interval '1 millisecond'
       where report_code = ${claim.code} and status = 'running' and attempts = ${claim.attempts}
      returning report_code`,
    );
    return rows.length === 1;
  });
}

/**
 * Queues `code` and claims it at once, for a run that has its own source (a file). Throws
 * IngestError (in words, retryable) when a live run of the same report is under way; a dead one
 * (its lease ran out) is taken over.
 */
export async function claimReport(db: IngestionDb, code: string, leaseMs: number): Promise<Claim> {
  await enqueue(db, code);
  const claim = await claimNext(db, leaseMs, code);
  if (!claim) throw new IngestError(`Report ${code} is being fetched right now: try again when it is done`, true);
  return claim;
}

/** The ledger's status of a report, or null when it was never queued. */
export async function ingestionStatus(db: IngestionDb, code: string): Promise<string | null> {
  const [row] = await db.withIngestion((tx) =>
    tx.select({ status: ingestionLedger.status }).from(ingestionLedger).where(eq(ingestionLedger.reportCode, code)),
  );
  return row?.status ?? null;
}

/** Puts a report in the queue (or back in it), unless it is already queued or running. */
export async function enqueue(db: IngestionDb, code: string): Promise<void> {
  await db.withIngestion((tx) =>
    tx
      .insert(ingestionLedger)
      .values({ reportCode: code })
      .onConflictDoUpdate({
        target: ingestionLedger.reportCode,
        set: { status: "queued", nextAttemptAt: sql`now()`, attempts: 0, lastError: null, updatedAt: sql`now()` },
        setWhere: sql`${ingestionLedger.status} in ('done', 'failed')`,
      }),
  );
}

/**
 * The statement that marks a fight's events complete and records the ledger's progress, run in
 * the transaction that writes the fight, so the three never disagree. One statement, so it can
 * travel with the fight's rows: the WITH's UPDATE runs whatever the outer one reads, and the count
 * (which cannot see that UPDATE) counts this fight itself.
 */
export function fightDone(code: string, fightId: number, pages: number, leaseMs: number): SQL {
  return sql`
    with flagged as (update fights set events_complete = true where report_code = ${code} and id = ${fightId})
    update ingestion_ledger
       set fights_done = (select count(*)::int from fights f where f.report_code = ${code} and (f.events_complete or f.id = ${fightId})),
           pages_done = pages_done + ${pages},
           lease_until = now() + ${leaseMs} * interval '1 millisecond',
           updated_at = now()
     where report_code = ${code}`;
}

export async function markDone(db: IngestionDb, code: string, revision: number): Promise<void> {
  await db.withIngestion((tx) =>
    tx
      .update(ingestionLedger)
      .set({ status: "done", revision, finishedAt: sql`now()`, leaseUntil: null, lastError: null, updatedAt: sql`now()` })
      .where(eq(ingestionLedger.reportCode, code)),
  );
}

/**
 * Hands a claim back after a clean stop (a shutdown): the report is due again at once, for another
 * worker or the next start, and the stop does not count as a failed attempt. Its progress stays.
 */
export async function releaseClaim(db: IngestionDb, claim: Claim): Promise<void> {
  await db.withIngestion((tx) =>
    tx
      .update(ingestionLedger)
      .set({
        status: "queued",
        attempts: sql`greatest(${ingestionLedger.attempts} - 1, 0)`,
        nextAttemptAt: sql`now()`,
        leaseUntil: null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(ingestionLedger.reportCode, claim.code), eq(ingestionLedger.status, "running"), eq(ingestionLedger.attempts, claim.attempts))),
  );
}

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min… capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** "30 s", "2 min", "1 h": how long until a retry, in words. */
export function describeDelay(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 60 * 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / (60 * 60_000))} h`;
}

export interface FailureContext {
  /** False for a source that cannot be read again (an uploaded file): its failure is final. */
  resumable: boolean;
}

/**
 * What the Reports tab, the API and the CLI say about a failure. Only a failure that is really
 * retried says it will be (and when); a file import's failure is final and says what to do.
 */
export function describeFailure(error: unknown, retrying: boolean, attempts: number, maxAttempts: number, context: FailureContext): string {
  // The source's own "will retry" is dropped: whether it is retried is decided here.
  const known = error instanceof IngestError ? error.message.replace(/[;,]? *will retry( later)?\.?$/i, "") : null;
  if (retrying) {
    const when = `it will be retried in ${describeDelay(retryDelayMs(attempts))} (attempt ${attempts + 1} of ${maxAttempts})`;
    return known ? `${known}; ${when}` : `Ingestion stopped on an unexpected error; ${when}`;
  }
  if (!context.resumable) {
    if (known && /import the file again/i.test(known)) return known;
    const why = known ?? "The import stopped on an unexpected error (the server log has the details)";
    return `${why}. Nothing more is read from this file: import the file again after fixing it`;
  }
  if (known && !(error as IngestError).retryable) return known;
  const why = known ?? "Ingestion stopped on an unexpected error (the server log has the details)";
  return `${why}; gave up after ${plural(attempts, "attempt")}: press Retry to fetch it again`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Records a failure in words. Retryable ones go back in the queue with a delay until
 * `maxAttempts`; the rest (and the last try) end as failed until someone presses retry.
 */
export async function markFailed(
  db: IngestionDb,
  claim: Claim,
  error: unknown,
  maxAttempts: number,
  context: FailureContext = { resumable: true },
): Promise<{ status: "retrying" | "failed"; message: string }> {
  const ingestError = error instanceof IngestError ? error : null;
  const retrying = (ingestError?.retryable ?? true) && claim.attempts < maxAttempts;
  const message = describeFailure(error, retrying, claim.attempts, maxAttempts, context);
  await db.withIngestion((tx) =>
    tx
      .update(ingestionLedger)
      .set({
        status: retrying ? "queued" : "failed",
        lastError: message.slice(0, 500),
        nextAttemptAt: retrying ? sql`now() + ${retryDelayMs(claim.attempts)} * interval '1 millisecond'` : sql`now()`,
        leaseUntil: null,
        finishedAt: retrying ? null : sql`now()`,
        updatedAt: sql`now()`,
      })
      // Only this run's claim: one taken over after its lease ran out is another run's now.
      .where(and(eq(ingestionLedger.reportCode, claim.code), eq(ingestionLedger.status, "running"), eq(ingestionLedger.attempts, claim.attempts))),
  );
  return { status: retrying ? "retrying" : "failed", message };
}

/**
 * The report's data is all there (every fight with its events, from any source): a run that
 * cannot fetch it puts its status back to done, with `note` in words, instead of failing it.
 */
export async function keepComplete(db: IngestionDb, code: string, note: string): Promise<IngestSummary | null> {
  return db.withIngestion(async (tx) => {
    const [row] = await queryRows<{ fights: number; complete: number; pulls: number; revision: number }>(
      tx,
      sql`select count(*)::int as fights, count(*) filter (where f.events_complete)::int as complete,
                 count(*) filter (where f.encounter_id > 0)::int as pulls,
                 (select r.revision from reports r where r.code = ${code}) as revision
            from fights f where f.report_code = ${code}`,
    );
    if (!row || row.fights === 0 || row.complete !== row.fights) return null;
    await tx
      .update(ingestionLedger)
      .set({
        status: "done",
        lastError: note,
        leaseUntil: null,
        fightsDone: row.fights,
        fightsTotal: row.fights,
        finishedAt: sql`coalesce(${ingestionLedger.finishedAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(ingestionLedger.reportCode, code), eq(ingestionLedger.status, "running")));
    return { code, revision: row.revision ?? 0, fights: row.fights, pulls: row.pulls, fightsWritten: 0, events: 0, pages: 0, complete: true };
  });
}

/** Queues live reports (some static keeps polling them) whose last ingestion is older than `intervalMs`. */
export async function queueLiveReports(db: IngestionDb, intervalMs: number): Promise<string[]> {
  return db.withIngestion(async (tx) => {
    const rows = await queryRows<{ report_code: string }>(
      tx,
      sql`
        update ingestion_ledger l
           set status = 'queued', next_attempt_at = now(), attempts = 0, updated_at = now()
         where l.status = 'done'
           and l.finished_at < now() - ${intervalMs} * interval '1 millisecond'
           and l.report_code in (select app.live_report_codes())
           and not starts_with(l.report_code, ${FILE_REPORT_PREFIX})
        returning l.report_code`,
    );
    return rows.map((r) => r.report_code);
  });
}
