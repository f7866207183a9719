// The embedded PGlite adapter. In-process, so round trips cost nothing: a plain drizzle
// transaction with the prelude first. PGlite has no COPY stream (ingestion INSERTs instead), and
// its session user is always a superuser: after migrating, everything runs as the request role.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite, type QueryOptions } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import {
  type Adapter,
  AUTH_ROLE,
  type Database,
  INGEST_ROLE,
  MIGRATION_LOCK_KEY,
  MIGRATIONS_FOLDER,
  type Prelude,
  REQUEST_ROLE,
  type TransactionRunner,
} from "../database";
import * as schema from "../schema";

/**
 * Opens (and migrates) the embedded database in `dataDir`. `loadDataDir` starts it from a dump of
 * a data folder instead of empty (a migrated dump, migratedPgliteDump: nothing left to migrate).
 */
export async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Adapter> {
  if (!dataDir.startsWith("memory://")) mkdirSync(path.resolve(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  const drizzled = drizzle(client, { schema });
  await migratePglite(client);
  await client.exec(`SET ROLE ${REQUEST_ROLE}`);
  const db = drizzled as unknown as Database;
  // The worker's transactions (ingestion, background binds) start as progboard_ingest, as the
  // PostgreSQL adapter's ingestion connections do: only that role may bind a user by id.
  const runAs =
    (role: string | null): TransactionRunner =>
    (prelude, fn, { readOnly = false } = {}) =>
      db.transaction(
        async (tx) => {
          if (role) await tx.execute(sql.raw(`select set_config('role', '${role}', true)`));
          await tx.execute(preludeSql(prelude));
          return fn({ db: tx, copyIn: null });
        },
        { accessMode: readOnly ? "read only" : "read write" },
      );
  const run = runAs(null);
  // The identity layer's queries each run in a transaction switched to its role (the session
  // user is a superuser underneath, so the switch needs no membership); PGlite runs one
  // transaction at a time, so nothing else runs under that role meanwhile.
  const asAuthRole = new Proxy(client, {
    get(target, property, receiver) {
      if (property === "query") {
        return (query: string, params?: unknown[], options?: QueryOptions) =>
          target.transaction(async (tx) => {
            await tx.query(`select set_config('role', '${AUTH_ROLE}', true)`);
            return tx.query(query, params, options);
          });
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const authDb = drizzle(asAuthRole, { schema }) as unknown as Database;
  return { kind: "pglite", db, run, runIngest: runAs(INGEST_ROLE), authDb, close: () => client.close() };
}

/** A prelude as drizzle SQL: its text, with each `$n` a bound parameter. */
function preludeSql({ text, params }: Prelude): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
}

async function migratePglite(client: PGlite): Promise<void> {
  await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}

/** A freshly migrated embedded database's data folder, as a tar (PGlite's dumpDataDir). */
export async function migratedPgliteDump(): Promise<Blob> {
  const client = await PGlite.create("memory://");
  try {
    await migratePglite(client);
    return await client.dumpDataDir("none");
  } finally {
    await client.close();
  }
}
