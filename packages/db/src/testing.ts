// Test databases: a fresh, migrated database per test file. PGlite in memory by default;
// with TEST_DATABASE_URL, a new database on that PostgreSQL server, dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type DbHandle } from "./client";
import { testDatabaseUrl } from "./env";

export { testDatabaseUrl };

export async function createTestDb(): Promise<DbHandle> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) return createDb({ dataDir: "memory://" });

  const name = `progboard_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString(), maxConnections: 5 });
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
