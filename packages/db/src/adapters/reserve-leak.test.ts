// postgres.js's reserve() when the connection it opens for the reservation fails at start-up (the
// database refuses connections, a backend killed while starting): the reservation is refused, and
// the pool keeps every slot. Unpatched, the refused reservation stayed queued; a connection opened
// later was handed to it (a promise already settled) and was never seen again, so after a few
// such failures every reserve() waited forever.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "../testing";

let database: TestDatabase;
let admin: postgres.Sql | undefined;
let name = "";
beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) return;
  admin = postgres(testDatabaseUrl() ?? "", { max: 1, onnotice: () => {} });
  name = new URL(database.url).pathname.slice(1);
});
afterAll(async () => {
  if (admin) {
    await admin.unsafe(`alter database "${name}" allow_connections true`);
    await admin.end();
  }
  await database.drop();
});

/** The promise, or a rejection naming what never came. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]);
}

describe.skipIf(!testDatabaseUrl())("reserve() when connecting fails (PostgreSQL)", () => {
  it("refuses the reservation and keeps the pool whole", async () => {
    if (!admin || !database.url) throw new Error("no database");
    const pool = postgres(database.url, { max: 3, onnotice: () => {}, backoff: () => 0.05, connect_timeout: 2 });
    try {
      for (let round = 0; round < 8; round++) {
        await admin.unsafe(`alter database "${name}" allow_connections false`);
        // The pool's open connections go too, so every reservation must connect anew.
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
        await new Promise((resolve) => setTimeout(resolve, 50));
        const refused = await Promise.allSettled(Array.from({ length: 5 }, () => pool.reserve()));
        for (const outcome of refused) if (outcome.status === "fulfilled") outcome.value.release();
        expect(refused.some((outcome) => outcome.status === "rejected")).toBe(true);
        await admin.unsafe(`alter database "${name}" allow_connections true`);
        // Every slot still serves: three reservations held at once.
        const held = await within(Promise.all([pool.reserve(), pool.reserve(), pool.reserve()]), 10_000, `round ${round}: three reservations`);
        for (const reserved of held) expect((await reserved`select 1 as one`)[0]?.one).toBe(1);
        for (const reserved of held) reserved.release();
      }
    } finally {
      await pool.end({ timeout: 1 });
    }
  }, 60_000);
});
