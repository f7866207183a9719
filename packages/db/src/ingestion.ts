// Shared raw data is written only by ingestion: a DbHandle's withIngestion runs a transaction as
// progboard_ingest (migrations/0004), the one role allowed to write it. Requests never can.
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { type CopyIn, prelude, type TransactionDb, type TransactionRunner } from "./database";
import { RAW_STORAGE } from "./registry";

declare const ingesting: unique symbol;
/** Where an ingestion transaction keeps its COPY stream (postgres.js); null on PGlite. */
const COPY_IN: unique symbol = Symbol("progboard.copyIn");

/** A drizzle handle on a transaction that may write the shared raw tables. */
export type IngestDb = TransactionDb & { readonly [ingesting]: true; readonly [COPY_IN]: CopyIn | null };

// synchronous_commit off: a crash may lose the last few ingestion commits, never corrupt them, and
// each one carries its own ledger progress, so a resumed run simply writes those fights again.
// statement_timeout 5 min: one COPY of a large report's events may outlast a request's deadline.
const SWITCH_ROLE = prelude(
  "select set_config('role', 'progboard_ingest', true), set_config('synchronous_commit', 'off', true), set_config('statement_timeout', '300s', true)",
);

export type WithIngestion = <T>(fn: (tx: IngestDb) => Promise<T>) => Promise<T>;

/** withIngestion over an adapter's runner. Keep the transaction short: no FFLogs calls inside. */
export function ingestionRunner(run: TransactionRunner): WithIngestion {
  return (fn) =>
    run(SWITCH_ROLE, (tx) => {
      // The transaction's handle is ours alone (the adapter made it for this transaction).
      Object.defineProperty(tx.db, COPY_IN, { value: tx.copyIn });
      return fn(tx.db as unknown as IngestDb);
    });
}

/** True when `tx` can take `COPY … FROM STDIN` (postgres.js); PGlite's transactions cannot. */
export function canCopy(tx: IngestDb): boolean {
  return tx[COPY_IN] !== null;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

const dialect = new PgDialect();

/**
 * Where COPY writes `table`'s rows: PostgreSQL refuses COPY FROM into a table with row-level
 * security, so a shared raw table limited by RLS (events, migrations/0020) is loaded through its
 * storage partition, which has none; its rows then read through the parent like any other.
 */
export function copyTarget(table: string): string {
  for (const [partition, parent] of RAW_STORAGE) if (parent === table) return partition;
  return table;
}

/**
 * Streams rows in COPY text format (`chunks`: whole lines, each ending in a newline) into `table`
 * inside the ingestion transaction `tx`, so they commit or roll back with the rest of it (and as
 * its role). Each chunk is built only once the previous one was taken (backpressure). `before`
 * (statements of the same transaction) run first, in order, sent with the COPY: no round trip each.
 */
export function copyRows(
  tx: IngestDb,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string>,
  before: readonly SQL[] = [],
): Promise<void> {
  const copyIn = tx[COPY_IN];
  if (!copyIn) return Promise.reject(new Error("copyRows: this driver has no COPY FROM STDIN (check canCopy first)"));
  // Names are inlined into the statement: only plain lower-case identifiers pass.
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) return Promise.reject(new Error(`copyRows: not a plain identifier: ${name}`));
  const compiled = before.map((statement) => {
    const { sql, params } = dialect.sqlToQuery(statement);
    return { sql, params };
  });
  return copyIn(`copy ${copyTarget(table)} (${columns.join(", ")}) from stdin`, chunks, compiled);
}
