// What every part of packages/db shares: the drizzle handle's type, the roles and constants, and
// the one thing a driver adapter provides besides the handle: a transaction runner.
import { fileURLToPath } from "node:url";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { CompiledStatement } from "./copy";
import type * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle handle, whichever driver is underneath (PGlite or postgres.js). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** The role every request runs as: not a superuser, no BYPASSRLS, owns nothing. */
export const REQUEST_ROLE = "progboard_app";
/** Better Auth's role: the identity tables (users, sessions, accounts, verifications), nothing else. */
export const AUTH_ROLE = "progboard_auth";
/** Ingestion's role: writes the shared raw tables. */
export const INGEST_ROLE = "progboard_ingest";
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));
/**
 * Deadlines of the PostgreSQL pool, in milliseconds. The statement and idle-in-transaction timeouts
 * are sent as startup parameters, so they hold whatever a role or database setting says (and a bad
 * `ALTER … SET` cannot reach the app); idle and lifetime limits retire pooled connections, so
 * anything a connection picked up clears without a restart.
 */
export interface DbTimeouts {
  /** Longest a statement may run (statement_timeout). */
  statementMs: number;
  /** Longest a transaction may sit idle with nothing sent (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
  /** Longest a connection attempt may take. */
  connectMs: number;
  /** An idle pooled connection is closed after this long. */
  idleMs: number;
  /** A pooled connection is closed (once idle) after this long, whatever its use. */
  maxLifetimeMs: number;
}

export const DEFAULT_TIMEOUTS: DbTimeouts = {
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
  connectMs: 10_000,
  idleMs: 60_000,
  maxLifetimeMs: 15 * 60_000,
};

/** Key of the advisory lock that serializes migrations across processes. */
export const MIGRATION_LOCK_KEY = 727_011_001;

export interface RunOptions {
  /**
   * A READ ONLY transaction (PostgreSQL refuses any write in it); the caller gets its answer
   * without waiting for COMMIT.
   */
  readOnly?: boolean;
}

/** Streams COPY text (whole lines) into a `COPY … FROM STDIN` on a transaction's own connection. */
export type CopyIn = (statement: string, chunks: Iterable<string>, before?: readonly CompiledStatement[]) => Promise<void>;

/**
 * A drizzle handle on a transaction: the query builders, without nested transactions and without
 * the relational query API (`query.*`), which transactions never need.
 */
export type TransactionDb = Omit<Database, "transaction" | "query">;

/** A transaction as an adapter opens it: a drizzle handle on it, and COPY when the driver has it. */
export interface AdapterTransaction {
  db: TransactionDb;
  copyIn: CopyIn | null;
}

/**
 * A transaction's first statement (a tenant bind, a role switch): SQL text that never varies, so a
 * connection prepares it once, and the values it binds as parameters ($1, $2, …). Text built per
 * call (a credential inlined) would be parsed and planned again on every connection, and each
 * text kept there as a prepared statement for the connection's life.
 */
export interface Prelude {
  text: string;
  params: readonly (string | number)[];
}

/** A parameter-free prelude. */
export function prelude(text: string): Prelude {
  return { text, params: [] };
}

/**
 * Runs `fn` in a transaction whose first statement is `prelude`. The transaction's handle refuses
 * to run anything once `fn` has settled.
 */
export type TransactionRunner = <T>(prelude: Prelude, fn: (tx: AdapterTransaction) => Promise<T>, options?: RunOptions) => Promise<T>;

/** A driver, opened and migrated: the unbound handle, its transaction runner, and how to close it. */
export interface Adapter {
  kind: "pglite" | "postgres";
  db: Database;
  run: TransactionRunner;
  /** Transactions on connections of their own that may take the ingestion role (the request role cannot). */
  runIngest: TransactionRunner;
  /** The identity layer's handle, as the auth role, on connections of its own. */
  authDb: Database;
  close(): Promise<void>;
}

/** Runs a raw query on either driver and returns its rows. */
export async function queryRows<T>(db: Pick<Database, "execute">, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
