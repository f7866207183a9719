import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres, PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { copyFromChunks, noDelaySocket, registerCopyIn } from "./copy";
import * as schema from "./schema";
import { registerBoundRunner, type BoundRunner } from "./tenancy";

export type Schema = typeof schema;
/** The drizzle handle, whichever driver is underneath (PGlite or postgres.js). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** The role every request runs as: not a superuser, no BYPASSRLS, owns nothing. */
export const REQUEST_ROLE = "progboard_app";
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));
/** Key of the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK_KEY = 727_011_001;

export interface DbOptions {
  /** PostgreSQL URL; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Connections in the postgres.js pool. */
  maxConnections?: number | undefined;
}

export interface DbHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** True when the database answers and every committed migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens the database, applies pending migrations under an advisory lock, then hands back a
 * handle that acts as the request role. Migrations run as the connecting (owner) user.
 */
export async function createDb(options: DbOptions = {}): Promise<DbHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.maxConnections ?? 10) : openPglite(options.dataDir ?? "memory://");
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  if (!dataDir.startsWith("memory://")) mkdirSync(path.resolve(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema });
  await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
  // PGlite's session user is always a superuser; from here on, everything runs as the request role.
  await client.exec(`SET ROLE ${REQUEST_ROLE}`);
  const handle = db as unknown as Database;
  // In-process, so round trips cost nothing: a plain drizzle transaction, bind first.
  registerBoundRunner(handle, (statement, fn, { readOnly = false } = {}) =>
    handle.transaction(
      async (tx) => {
        await tx.execute(sql.raw(statement));
        return fn(tx);
      },
      { accessMode: readOnly ? "read only" : "read write" },
    ),
  );
  return {
    db: handle,
    kind: "pglite",
    isReady: () => checkReady(handle),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await owner`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(owner), { migrationsFolder: MIGRATIONS_FOLDER });
    await owner`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await owner.end();
  }
  // `role` as a startup parameter: every pooled connection starts as the request role.
  // (`socket` is a postgres.js option its type declarations leave out.)
  const client = postgres(url, { max, onnotice: () => {}, connection: { role: REQUEST_ROLE }, ...({ socket: noDelaySocket() } as object) });
  const drizzled = drizzlePostgres(alwaysPrepared(client), { schema });
  const handle = drizzled as unknown as Database;
  registerBoundRunner(handle, pipelinedRunner(client, drizzled._.schema ? { fullSchema: drizzled._.fullSchema, schema: drizzled._.schema, tableNamesMap: drizzled._.tableNamesMap } : undefined));
  return {
    db: handle,
    kind: "postgres",
    isReady: () => checkReady(handle),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle asks postgres.js for unnamed statements, which cost two round trips when parameterized
 * (postgres.js first describes the statement to learn its parameter types). Named statements are
 * described once per connection, then run in one round trip: force them.
 */
function alwaysPrepared(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => target.unsafe(query, params, { ...options, prepare: true });
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

type RelationalConfig = ConstructorParameters<typeof PostgresJsSession>[2];

/**
 * Bound transactions on postgres.js in as few round trips as the callback allows: BEGIN and the
 * bind statement are dispatched on a reserved connection without waiting, so they travel in the
 * same flight as the callback's first query (postgres.js pipelines in order on one connection);
 * COMMIT is the second trip. A one-query scoped read costs 2 round trips, and a read-only one
 * answers after the first: its COMMIT completes in the background.
 */
function pipelinedRunner(client: postgres.Sql, relational: RelationalConfig): BoundRunner {
  const dialect = new PgDialect();
  return async (statement, fn, { readOnly = false } = {}) => {
    const reserved = await client.reserve();
    let open = true;
    // The callback's handle refuses to run anything once the transaction is over: the connection
    // goes back to the pool, where a stray query would land in another request's transaction.
    const guarded = {
      options: reserved.options,
      unsafe: (...args: Parameters<typeof reserved.unsafe>) => {
        if (!open) throw new Error("withTenant: the bound transaction is already over");
        const [query, params, options] = args;
        return reserved.unsafe(query, params, { ...options, prepare: true });
      },
    } as unknown as postgres.Sql;
    const tx = new PostgresJsTransaction(dialect, new PostgresJsSession(guarded, dialect, relational) as never, relational);
    registerCopyIn(tx, (copyStatement, chunks, before) =>
      open ? copyFromChunks(reserved, copyStatement, chunks, before) : Promise.reject(new Error("withTenant: the bound transaction is already over")),
    );
    let handedOff = false;
    try {
      const begin = reserved.unsafe(readOnly ? "begin read only" : "begin").execute();
      const bind = reserved.unsafe(statement).execute();
      const work = Promise.resolve().then(() => fn(tx as unknown as Database));
      // Settle all three so a failed bind, not the aborted-transaction error it causes in the
      // callback's queries, is what the caller sees.
      const [began, boundResult, result] = await Promise.allSettled([begin, bind, work]);
      if (began.status === "rejected") throw began.reason;
      if (boundResult.status === "rejected") throw boundResult.reason;
      if (result.status === "rejected") throw result.reason;
      open = false;
      const commit = reserved.unsafe("commit").execute();
      if (readOnly) {
        // A READ ONLY transaction has nothing to make durable: its answer is final once read, so
        // the caller need not wait for COMMIT's round trip. The connection returns to the pool
        // only after it (or, should it fail, a ROLLBACK), so the next user finds it idle.
        handedOff = true;
        void commit.then(
          () => reserved.release(),
          () => reserved.unsafe("rollback").then(() => reserved.release(), () => reserved.release()),
        );
        return result.value;
      }
      await commit;
      handedOff = true;
      reserved.release();
      return result.value;
    } finally {
      open = false;
      if (!handedOff) {
        await reserved.unsafe("rollback").catch(() => undefined);
        reserved.release();
      }
    }
  };
}

async function checkReady(db: Database): Promise<boolean> {
  const { readMigrationFiles } = await import("drizzle-orm/migrator");
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  try {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return (row?.n ?? 0) >= expected;
  } catch {
    return false;
  }
}

/** Runs a raw query on either driver and returns its rows. */
export async function queryRows<T>(db: Pick<Database, "execute">, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
