// Test databases: a fresh, migrated database per test file. PGlite in memory by default;
// with TEST_DATABASE_URL, a new database on that PostgreSQL server, dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type DbHandle } from "./client";
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

export async function createTestDb(): Promise<DbHandle> {
  const database = await createTestDatabase();
  if (!database.url) return createDb({ dataDir: "memory://" });
  const handle = await createDb({ databaseUrl: database.url, maxConnections: 5 });
  return {
    ...handle,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}
