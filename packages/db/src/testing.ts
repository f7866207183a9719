// Test databases: a fresh, migrated database per test file. PGlite in memory by default;
// with TEST_DATABASE_URL, a new database on that PostgreSQL server, dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migratePostgres } from "./adapters/postgres";
import { createDb, type DbHandle } from "./client";
import { REQUEST_ROLE } from "./database";
import { testDatabaseUrl } from "./env";

export { testDatabaseUrl };

export interface TestDatabase {
  /** The new database's URL; undefined when the tests run on PGlite. */
  url: string | undefined;
  /** Drops the database (PostgreSQL); nothing to do on PGlite. */
  drop(): Promise<void>;
}

/** A new, empty database on TEST_DATABASE_URL's server, or nothing to make for PGlite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) return { url: undefined, drop: () => Promise.resolve() };
  const name = `progboard_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A fresh migrated database. On PostgreSQL, the hardened setup: migrated as the owner
 * (TEST_DATABASE_URL's user), then served by a pool that logs in as the request role itself.
 */
export async function createTestDb(): Promise<DbHandle> {
  const database = await createTestDatabase();
  if (!database.url) return createDb({ dataDir: "memory://" });
  const handle = await createDb({ databaseUrl: await requestRoleUrl(database.url), migrationUrl: database.url, maxConnections: 5 });
  return {
    ...handle,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

/**
 * Migrates the database at `ownerUrl` and lets the request role log in (roles are cluster-wide;
 * the test server trusts local connections, a real one would take a password here): the URL of
 * the same database as progboard_app.
 */
async function requestRoleUrl(ownerUrl: string): Promise<string> {
  await migratePostgres(ownerUrl);
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await owner.unsafe(`alter role ${REQUEST_ROLE} login`);
  } finally {
    await owner.end();
  }
  const url = new URL(ownerUrl);
  url.username = REQUEST_ROLE;
  url.password = "";
  return url.toString();
}
