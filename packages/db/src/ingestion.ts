// Shared raw data is written only by ingestion: withIngestion runs a transaction as
// progboard_ingest (migrations/0004), the one role allowed to write it. Requests never can.
import type { Database } from "./client";
import { runBound } from "./tenancy";

declare const ingesting: unique symbol;
/** A drizzle handle on a transaction that may write the shared raw tables. */
export type IngestDb = Omit<Database, "transaction"> & { readonly [ingesting]: true };

// synchronous_commit off: a crash may lose the last few ingestion commits, never corrupt them, and
// each one carries its own ledger progress, so a resumed run simply writes those fights again.
const SWITCH_ROLE = "select set_config('role', 'progboard_ingest', true), set_config('synchronous_commit', 'off', true)";

/** Runs `fn` in a transaction as the ingestion role. Keep it short: no FFLogs calls inside. */
export function withIngestion<T>(db: Database, fn: (tx: IngestDb) => Promise<T>): Promise<T> {
  return runBound(db, SWITCH_ROLE, (tx) => fn(tx as unknown as IngestDb));
}
