// Watching a report: the one path for the API (watchedReports.add), file imports (through it) and
// the CLI, in the static's bound transaction.

import { ingestionLedger, type TenantDb, watchedReports } from "@progboard/db";
import { isFileReportCode } from "@progboard/domain";
import { eq, sql } from "drizzle-orm";

/** What a watch shows, besides who added it. */
export const watchColumns = {
  code: watchedReports.code,
  label: watchedReports.label,
  live: watchedReports.live,
  addedAt: watchedReports.addedAt,
};

export interface Watch {
  staticId: number;
  userId: number;
  code: string;
  label?: string | null | undefined;
  live?: boolean | undefined;
}

/**
 * Watches `code` for the bound static and queues its fetch in the same transaction (shared: a
 * report watched by several statics is fetched once). Null when the static already watches it.
 * An imported file's key (`file:…`) is queued by its import, which holds the file, never here:
 * FFLogs cannot fetch it, and re-queueing it would change what other importers of it see.
 */
export async function watchReport(db: TenantDb, watch: Watch) {
  const [added] = await db
    .insert(watchedReports)
    .values({ staticId: watch.staticId, code: watch.code, label: watch.label ?? null, live: watch.live ?? false, addedBy: watch.userId })
    .onConflictDoNothing()
    .returning(watchColumns);
  if (!added) return null;
  if (isFileReportCode(watch.code)) return added;
  // Already fetched (for another static, say): watching it too changes nothing shared. Fetching
  // it again is retry's job (issue 12: an outsider's watch must not flip a finished report).
  const [ledger] = await db.select({ status: ingestionLedger.status }).from(ingestionLedger).where(eq(ingestionLedger.reportCode, watch.code));
  if (ledger?.status === "done") return added;
  // app.request_ingestion re-checks the watch under RLS and queues only what is idle.
  await db.execute(sql`select app.request_ingestion(${watch.code})`);
  return added;
}
