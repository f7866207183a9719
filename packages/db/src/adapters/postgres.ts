// The postgres.js adapter. It reaches into drizzle-orm's internals, which is why it is kept in one
// file, why drizzle-orm and postgres are pinned to exact versions (pnpm-workspace.yaml's catalog),
// and why adapter.test.ts holds it to a contract (order, read-only, rollback, use after the end):
// - a transaction is drizzle's PostgresJsTransaction over a session we build on a *reserved*
//   connection (`new PostgresJsSession(…) as never`, without the relational query API: building
//   its query builders for every table cost ~8 µs a transaction, and transactions do not use it),
//   so BEGIN, the prelude and the callback's first query leave in one flight;
//   drizzle's own `transaction()` awaits BEGIN before anything else (one more round trip);
// - statements are forced to named (prepared) ones (`alwaysPrepared`): drizzle asks for unnamed
//   statements, which postgres.js describes before running when parameterized (two round trips);
// - sockets set TCP_NODELAY (`socket`, an option postgres.js's types leave out): with Nagle's
//   algorithm on, a transaction's last small message waits ~40 ms for the server's delayed ACK.
import net from "node:net";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle, PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { copyFromChunks } from "../copy";
import {
  type Adapter,
  AUTH_ROLE,
  type CopyIn,
  type Database,
  type DbTimeouts,
  DEFAULT_TIMEOUTS,
  INGEST_ROLE,
  MIGRATION_LOCK_KEY,
  MIGRATIONS_FOLDER,
  REQUEST_ROLE,
  type TransactionDb,
  type TransactionRunner,
} from "../database";
import * as schema from "../schema";

const MIGRATION_STATEMENT_MS = 10 * 60_000;

/** Applies pending migrations as the URL's user (the owner), under the migration lock. */
export async function migratePostgres(ownerUrl: string, timeouts: DbTimeouts = DEFAULT_TIMEOUTS): Promise<void> {
  // A database that does not answer fails the start instead of hanging it.
  const owner = postgres(ownerUrl, {
    max: 1,
    onnotice: () => {},
    connect_timeout: timeouts.connectMs / 1000,
    // Its own deadline, long enough for any migration, and out of reach of role settings too.
    connection: { statement_timeout: MIGRATION_STATEMENT_MS },
  });
  try {
    await owner`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(owner), { migrationsFolder: MIGRATIONS_FOLDER });
    await owner`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await owner.end();
  }
}

/**
 * Migrates as `migrationUrl`'s user (the owner; the URL's own user when absent), then opens a pool
 * on `url` whose connections start as the request role. In the hardened setup `url` logs in as the
 * request role itself, so no connection of the pool can get back to the owner.
 */
export async function openPostgres(url: string, max: number, migrationUrl: string = url, timeouts: DbTimeouts = DEFAULT_TIMEOUTS): Promise<Adapter> {
  await migratePostgres(migrationUrl, timeouts);
  // `role` as a startup parameter: every pooled connection starts as its role. The deadlines too
  // (see DbTimeouts): startup parameters win over role and database settings.
  const pool = (loginUrl: string, role: string) =>
    postgres(loginUrl, {
      max,
      onnotice: () => {},
      connect_timeout: timeouts.connectMs / 1000,
      backoff: reconnectDelaySeconds,
      idle_timeout: timeouts.idleMs / 1000,
      max_lifetime: timeouts.maxLifetimeMs / 1000,
      connection: {
        role,
        statement_timeout: timeouts.statementMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      },
      ...({ socket: noDelaySocket() } as object),
    });
  const client = pool(url, REQUEST_ROLE);
  // Identity and ingestion get connections of their own, logged in as the owner and started as
  // their role: the request role is a member of neither, so nothing a request runs reaches them.
  const authClient = pool(migrationUrl, AUTH_ROLE);
  const ingestClient = pool(migrationUrl, INGEST_ROLE);
  const drizzled = drizzle(alwaysPrepared(client), { schema });
  return {
    kind: "postgres",
    db: drizzled as unknown as Database,
    run: pipelinedRunner(client),
    runIngest: pipelinedRunner(ingestClient),
    authDb: drizzle(alwaysPrepared(authClient), { schema }) as unknown as Database,
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), authClient.end({ timeout: 5 }), ingestClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * How long a connection that closed on an error waits before it connects again, in seconds.
 * postgres.js's default grows to 20 s with the errors the pool has seen since its last successful
 * start (3^n / 100), and a request waiting for that connection waits as long: after PostgreSQL
 * killed a few rounds of backends, requests took 20 s or never answered in time. A short cap keeps
 * a restarting database from being hammered, and a request learns within about a second whether
 * the database is back (its answer) or not (a 503).
 */
export function reconnectDelaySeconds(errorsSinceStart: number): number {
  return Math.min(0.05 * 2 ** errorsSinceStart, 1);
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
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const OVER = "the transaction is already over";

/**
 * Transactions in as few round trips as the callback allows: BEGIN and the prelude are dispatched
 * on a reserved connection without waiting, so they travel in the same flight as the callback's
 * first query (postgres.js pipelines in order on one connection); COMMIT is the second trip. A
 * one-query read costs 2 round trips, and a read-only one answers after the first: its COMMIT
 * completes in the background.
 */
function pipelinedRunner(client: postgres.Sql): TransactionRunner {
  const dialect = new PgDialect();
  return async (prelude, fn, { readOnly = false } = {}) => {
    const reserved = await client.reserve();
    let open = true;
    // The callback's handle refuses to run anything once the transaction is over: the connection
    // goes back to the pool, where a stray query would land in another request's transaction.
    const guarded = {
      options: reserved.options,
      unsafe: (...args: Parameters<typeof reserved.unsafe>) => {
        if (!open) throw new Error(OVER);
        const [query, params, options] = args;
        return reserved.unsafe(query, params, { ...options, prepare: true });
      },
    } as unknown as postgres.Sql;
    const db = new PostgresJsTransaction(dialect, new PostgresJsSession(guarded, dialect, undefined) as never, undefined) as unknown as TransactionDb;
    const copyIn: CopyIn = (statement, chunks, before) =>
      open ? copyFromChunks(reserved, statement, chunks, before) : Promise.reject(new Error(OVER));
    let handedOff = false;
    try {
      const begin = reserved.unsafe(readOnly ? "begin read only" : "begin").execute();
      // Named (prepared): the prelude's text never varies, so the connection parses it once. Its
      // first use on a connection waits for the statement's description; later ones pipeline.
      const bind = reserved.unsafe(prelude.text, [...prelude.params], { prepare: true }).execute();
      const work = Promise.resolve().then(() => fn({ db, copyIn }));
      // Settle all three so a failed prelude, not the aborted-transaction error it causes in the
      // callback's queries, is what the caller sees.
      const [began, bound, result] = await Promise.allSettled([begin, bind, work]);
      if (began.status === "rejected") throw began.reason;
      if (bound.status === "rejected") throw bound.reason;
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
          () =>
            reserved.unsafe("rollback").then(
              () => reserved.release(),
              () => reserved.release(),
            ),
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

interface SocketOptions {
  host: string[];
  port: number[];
  path: string | false | undefined;
}

/**
 * postgres.js's `socket` option: its own connection, with TCP_NODELAY. Several hosts are tried in
 * turn, as postgres.js does.
 */
function noDelaySocket(): (options: SocketOptions) => net.Socket {
  let attempt = 0;
  return ({ host, port, path }) => {
    if (path) return net.connect(path);
    const index = attempt++ % Math.max(1, host.length);
    const socket = net.connect({ host: host[index] ?? "localhost", port: port[index] ?? port[0] ?? 5432, noDelay: true });
    // postgres.js reads `host` off its socket for TLS's server name.
    Object.assign(socket, { host: host[index] });
    return socket;
  };
}
