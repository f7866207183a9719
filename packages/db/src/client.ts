// createDb: opens PGlite or PostgreSQL, migrates it, and hands back a DbHandle whose type carries
// its transaction runners, so a transaction can only be opened on a handle createDb made.
import { sql } from "drizzle-orm";
import { openPglite } from "./adapters/pglite";
import { openPostgres } from "./adapters/postgres";
import { type Adapter, type Database, type DbTimeouts, DEFAULT_TIMEOUTS, MIGRATIONS_FOLDER, queryRows } from "./database";
import { ingestionRunner, type WithIngestion } from "./ingestion";
import {
  demoRunner,
  demoSeedRunner,
  grantRunner,
  tenantRunner,
  type WithDemo,
  type WithDemoSeed,
  type WithGrant,
  type WithTenant,
  type WithWorkerTenant,
  workerTenantRunner,
} from "./tenancy";

export interface DbOptions {
  /** PostgreSQL URL; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Embedded database only: start from this dump of a data folder (PGlite's dumpDataDir) instead of empty. */
  pgliteDump?: Blob | undefined;
  /**
   * PostgreSQL URL of the owner, to migrate as; when absent, migrations run as `databaseUrl`'s user.
   * The hardened setup: `databaseUrl` logs in as progboard_app, this one as the owner.
   */
  migrationUrl?: string | undefined;
  /** Connections in the postgres.js pool. */
  maxConnections?: number | undefined;
  /** PostgreSQL deadlines; each one left out keeps its default (DEFAULT_TIMEOUTS). */
  timeouts?: Partial<DbTimeouts> | undefined;
}

export interface DbHandle {
  kind: "pglite" | "postgres";
  /**
   * The unbound handle, as the request role: identity and tenancy tables (the auth layer, the
   * membership service). Static-scoped tables refuse it; shared raw tables are read-only to it.
   */
  db: Database;
  /**
   * The identity layer's handle (Better Auth), as progboard_auth on its own connections: the only
   * one that reads sessions, accounts and verifications.
   */
  authDb: Database;
  /**
   * Runs `fn` in a transaction bound to (the credential's user, static): row-level security limits
   * every row to that static. Throws TenantBindError when the user is not a member,
   * CredentialRefusedError when the credential is dead or unknown. No external I/O inside.
   */
  withTenant: WithTenant;
  /**
   * A background job's withTenant (the follows poller, the progboard command): bound to a user the
   * server names, on the worker's own connections, which the request role cannot reach.
   */
  withWorkerTenant: WithWorkerTenant;
  /**
   * Runs `fn` in a READ ONLY transaction bound through a grant to the granter's static, as the
   * grantee role. Throws GrantBindError unless the grant is active, addressed to the grantee static
   * and the user is a member of it. No external I/O inside.
   */
  withGrant: WithGrant;
  /**
   * Runs `fn` in a READ ONLY transaction bound to the seeded demo static as progboard_demo (SELECT
   * only; migrations/0012). Throws DemoBindError when there is no seeded demo static.
   */
  withDemo: WithDemo;
  /**
   * Writes the demo static while it is being seeded (refused by PostgreSQL once it is seeded), on
   * the worker's connections: the request role cannot bind it (migrations/0019).
   */
  withDemoSeed: WithDemoSeed;
  /** Runs `fn` in a transaction as the ingestion role, the only one that writes shared raw data. */
  withIngestion: WithIngestion;
  /** True when the database answers and every committed migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens the database, applies pending migrations under an advisory lock (as the owner: the
 * migration URL's user, else the connecting user), then hands back a handle that acts as the
 * request role.
 */
export async function createDb(options: DbOptions = {}): Promise<DbHandle> {
  const adapter = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.maxConnections ?? 10, options.migrationUrl, { ...DEFAULT_TIMEOUTS, ...options.timeouts })
    : await openPglite(options.dataDir ?? "memory://", options.pgliteDump);
  return handleOf(adapter);
}

function handleOf(adapter: Adapter): DbHandle {
  return {
    kind: adapter.kind,
    db: adapter.db,
    authDb: adapter.authDb,
    withTenant: tenantRunner(adapter.run),
    withWorkerTenant: workerTenantRunner(adapter.runIngest),
    withGrant: grantRunner(adapter.run),
    withDemo: demoRunner(adapter.run),
    withDemoSeed: demoSeedRunner(adapter.runIngest),
    withIngestion: ingestionRunner(adapter.runIngest),
    isReady: () => checkReady(adapter.db),
    close: () => adapter.close(),
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
