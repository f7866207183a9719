// Connection loss on PostgreSQL (TEST_DATABASE_URL): the app's backends are terminated while its
// transactions and plain queries are in flight. Nothing may escape as an uncaught exception (vitest
// fails the run on one), every call settles, the ones that lost their connection say so
// (isDatabaseUnavailable), and the pool serves again. PGlite is in-process: no connection to lose.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Adapter, type DbTimeouts, DEFAULT_TIMEOUTS, prelude, queryRows } from "../database";
import { isDatabaseUnavailable, sqlState } from "../errors";
import { createTestDatabase, eventually, type TestDatabase, testDatabaseUrl } from "../testing";
import { openPostgres } from "./postgres";

let database: TestDatabase;
let adapter: Adapter | undefined;
let admin: postgres.Sql | undefined;
beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) return;
  adapter = await openPostgres(database.url, 4);
  admin = postgres(database.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await adapter?.close();
  await admin?.end();
  await database.drop();
});

function open(): Adapter {
  if (!adapter) throw new Error("no PostgreSQL adapter");
  return adapter;
}

const PRELUDE = prelude("select set_config('app.fault', 'x', true)");

/** Terminates every backend of the test database except the admin's own. */
async function terminateAppBackends(): Promise<number> {
  if (!admin) throw new Error("no admin connection");
  const rows = await admin`
    select pg_terminate_backend(pid) as done from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;
  return rows.filter((r) => r.done).length;
}

describe.skipIf(!testDatabaseUrl())("a dropped connection (PostgreSQL)", () => {
  const transaction = (i: number) =>
    open().run(
      PRELUDE,
      async ({ db }) => {
        await db.execute(sql`select pg_sleep(0.05)`);
        const rows = await queryRows<{ n: number }>(db, sql`select ${i}::int as n from pg_sleep(0.2)`);
        // Work after the first failure: the runner must not write to the dead connection again.
        await db.execute(sql`select 1`);
        return rows[0]?.n;
      },
      { readOnly: i % 2 === 0 },
    );
  const plain = () => queryRows<{ n: number }>(open().db, sql`select 1 as n from pg_sleep(0.2)`);

  it("settles every call in flight, says the database is unavailable, and serves again", async () => {
    for (let round = 0; round < 3; round++) {
      const calls = [...Array.from({ length: 12 }, (_, i) => transaction(i)), plain(), plain()];
      // Settled from the start: a call may fail before the connections are pulled (one the last
      // round's termination left dead in the pool), and its failure is an outcome to check, not
      // an unhandled rejection while the test waits.
      const settled = Promise.allSettled(calls);
      // Let the calls reach their connections, then pull the connections from under them.
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await terminateAppBackends()).toBeGreaterThan(0);
      const outcomes = await settled;
      const failures: unknown[] = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
      // The pool heals: transactions (on reserved connections) and plain queries work again.
      expect(await eventually(() => transaction(7))).toBe(7);
      const again = await Promise.all(Array.from({ length: 8 }, (_, i) => transaction(100 + i)));
      expect(again).toEqual(Array.from({ length: 8 }, (_, i) => 100 + i));
      expect(await plain()).toEqual([{ n: 1 }]);
    }
  });

  it("a transaction whose connection dies before its callback throws gives the connection error, not a crash", async () => {
    const outcome = open().run(PRELUDE, async ({ db }) => {
      await db.execute(sql`select 1`);
      await terminateAppBackends();
      // The next statement is written to a connection PostgreSQL has closed.
      await db.execute(sql`select pg_sleep(0.01)`);
      throw new Error("unreachable: the statement above fails");
    });
    await expect(outcome).rejects.toSatisfy(isDatabaseUnavailable);
    expect(await eventually(() => transaction(3))).toBe(3);
  });
});

describe.skipIf(!testDatabaseUrl())("deadlines (PostgreSQL)", () => {
  /** A pool of its own with some deadlines shortened; closed after `fn`. */
  async function withPool<T>(timeouts: Partial<DbTimeouts>, fn: (pool: Adapter) => Promise<T>): Promise<T> {
    const pool = await openPostgres(database.url ?? "", 2, database.url ?? "", { ...DEFAULT_TIMEOUTS, ...timeouts });
    try {
      return await fn(pool);
    } finally {
      await pool.close();
    }
  }
  const appConnections = async () =>
    (
      await queryRows<{ n: number }>(
        open().db,
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'pool-under-test'`,
      )
    )[0]?.n;

  it("a statement past its deadline is cancelled (57014), and the pool goes on", async () => {
    await withPool({ statementMs: 300 }, async (pool) => {
      const slow = pool.run(PRELUDE, ({ db }) => db.execute(sql`select pg_sleep(5)`));
      await expect(slow).rejects.toSatisfy((error: unknown) => sqlState(error) === "57014");
      expect(await queryRows(pool.db, sql`select 1 as n`)).toEqual([{ n: 1 }]);
    });
  });

  it("a transaction left idle is ended by PostgreSQL, and the pool goes on", async () => {
    await withPool({ idleInTransactionMs: 200 }, async (pool) => {
      const stalled = pool.run(PRELUDE, async ({ db }) => {
        await db.execute(sql`select 1`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return db.execute(sql`select 2`);
      });
      await expect(stalled).rejects.toSatisfy(isDatabaseUnavailable);
      expect(await eventually(() => queryRows(pool.db, sql`select 1 as n`))).toEqual([{ n: 1 }]);
    });
  });

  it("a bad statement_timeout set on the database does not reach the app's connections", async () => {
    if (!admin) throw new Error("no admin connection");
    const name = (await admin`select current_database() as name`)[0]?.name as string;
    await admin.unsafe(`alter database ${name} set statement_timeout = '1ms'`);
    try {
      await withPool({}, async (pool) => {
        const rows = await pool.run(PRELUDE, ({ db }) => queryRows<{ n: number }>(db, sql`select 1 as n from pg_sleep(0.05)`));
        expect(rows).toEqual([{ n: 1 }]);
      });
    } finally {
      await admin.unsafe(`alter database ${name} reset statement_timeout`);
    }
  });

  it("idle pooled connections are closed, so whatever they picked up does not outlive them", async () => {
    const url = new URL(database.url ?? "");
    url.searchParams.set("application_name", "pool-under-test");
    const pool = await openPostgres(url.toString(), 2, url.toString(), { ...DEFAULT_TIMEOUTS, idleMs: 300 });
    try {
      await Promise.all([queryRows(pool.db, sql`select pg_sleep(0.05)`), queryRows(pool.db, sql`select pg_sleep(0.05)`)]);
      expect(await appConnections()).toBeGreaterThan(0);
      await eventually(async () => {
        if ((await appConnections()) !== 0) throw new Error("idle connections still open");
      });
    } finally {
      await pool.close();
    }
  });
});

describe("isDatabaseUnavailable", () => {
  it("knows a lost connection from a query error", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("plain"))).toBe(false);
  });
});
