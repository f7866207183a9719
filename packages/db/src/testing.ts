// Test databases: a fresh, migrated database per test file. PGlite in memory by default;
// with TEST_DATABASE_URL, a new database on that PostgreSQL server, dropped afterwards.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { migratedPgliteDump } from "./adapters/pglite";
import { migratePostgres } from "./adapters/postgres";
import { createDb, type DbHandle } from "./client";
import { MIGRATIONS_FOLDER, REQUEST_ROLE } from "./database";
import { testDatabaseUrl } from "./env";
import { addMemberAs, createStaticAs } from "./memberships";
import { sessions, users } from "./schema";
import { type Credential, sessionCredential } from "./tenancy";

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
  if (!database.url) return createDb({ dataDir: "memory://", pgliteDump: await pgliteTemplate() });
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
 * Fills the folder `dataDir` with a migrated embedded database (from the template), for a test that
 * starts the whole server on it (DATA_DIR): the server then finds nothing to migrate, where on an
 * empty folder it would create and migrate one (seconds of CPU per test file).
 */
export async function migratedDataDir(dataDir: string): Promise<void> {
  const handle = await createDb({ dataDir, pgliteDump: await pgliteTemplate() });
  await handle.close();
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

/**
 * A migrated embedded database to start test databases from: loading it takes about a second where
 * creating and migrating one takes several. Made once per set of migrations and PGlite version, and
 * kept in the db package's node_modules/.cache (written under a temporary name, then renamed, so
 * test files starting together never read half a file).
 */
async function pgliteTemplate(): Promise<Blob> {
  const key = createHash("sha256").update(fileURLToPath(import.meta.resolve("@electric-sql/pglite")));
  for (const name of (await readdir(MIGRATIONS_FOLDER, { recursive: true })).sort()) {
    if (!name.endsWith(".sql") && !name.endsWith("_journal.json")) continue;
    key.update(name).update(await readFile(path.join(MIGRATIONS_FOLDER, name)));
  }
  const folder = path.join(MIGRATIONS_FOLDER, "..", "node_modules", ".cache");
  const file = path.join(folder, `pglite-template-${key.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const dump = await migratedPgliteDump();
    await mkdir(folder, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  }
}

/** Runs `attempt` until it succeeds, at most `tries` times, `pauseMs` apart; else throws its last error. */
export async function eventually<T>(attempt: () => Promise<T>, tries = 50, pauseMs = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  throw last;
}

/** A user row for a test (its email made from its name), written by the identity layer, by id. */
export async function createTestUser(handle: Pick<DbHandle, "authDb">, name: string): Promise<number> {
  const [row] = await handle.authDb
    .insert(users)
    .values({ username: name, displayName: name, email: `${name}@test.invalid`, emailCanonical: `${name}@test.invalid` })
    .returning({ id: users.id });
  if (!row) throw new Error("no user");
  return row.id;
}

/** A static made by its first member (its owner), who adds the others. */
export async function createTestStatic(handle: Pick<DbHandle, "db" | "authDb">, name: string, members: number[]): Promise<number> {
  const [owner, ...others] = members;
  if (owner === undefined) throw new Error("a static needs a member");
  const actor = await credentialOf(handle, owner);
  const id = await createStaticAs(handle.db, actor, name);
  for (const userId of others) await addMemberAs(handle.db, actor, id, userId);
  return id;
}

const testSessions = new WeakMap<object, Map<number, Promise<Credential>>>();

/**
 * A live session's credential for `userId` (a row in sessions, written on the identity layer's
 * handle as Better Auth would), made once per handle and user: what tests bind and act with.
 */
export function credentialOf(handle: Pick<DbHandle, "authDb">, userId: number): Promise<Credential> {
  let known = testSessions.get(handle.authDb);
  if (!known) testSessions.set(handle.authDb, (known = new Map<number, Promise<Credential>>()));
  let credential = known.get(userId);
  if (!credential) {
    const token = randomBytes(24).toString("base64url");
    credential = handle.authDb
      .insert(sessions)
      .values({ token, userId, expiresAt: new Date(Date.now() + 24 * 3_600_000), userAgent: "progboard tests" })
      .then(() => sessionCredential(token));
    known.set(userId, credential);
  }
  return credential;
}
