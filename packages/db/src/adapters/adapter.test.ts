// The adapters' contract, on PGlite and on PostgreSQL (TEST_DATABASE_URL): what withTenant and
// withIngestion build on. The postgres.js adapter reaches into drizzle's internals (a session on a
// reserved connection, pipelined BEGIN): these tests are what says an upgrade still works.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Adapter, type Database, prelude, queryRows, type TransactionDb } from "../database";
import { sqlState } from "../errors";
import { reports } from "../schema";
import { createTestDatabase, type TestDatabase } from "../testing";
import { openPglite } from "./pglite";
import { openPostgres } from "./postgres";

let database: TestDatabase;
let adapter: Adapter;
beforeAll(async () => {
  database = await createTestDatabase();
  adapter = database.url ? await openPostgres(database.url, 3) : await openPglite("memory://");
});
afterAll(async () => {
  await adapter.close();
  await database.drop();
});

// Ingestion's role may write the shared raw tables; the prelude also leaves a mark to look for.
const AS_INGEST = prelude("select set_config('role', 'progboard_ingest', true), set_config('app.contract', 'prelude', true)");
const report = (code: string) => ({ code, title: code, startTime: 0, endTime: 1, revision: 1 });
const setting = async (db: Pick<Database, "execute">) =>
  (await queryRows<{ v: string | null }>(db, sql`select current_setting('app.contract', true) as v`))[0]?.v ?? "";
const exists = async (code: string) =>
  (await queryRows<{ n: number }>(adapter.db, sql`select count(*)::int as n from ${reports} where code = ${code}`))[0]?.n === 1;

describe("the adapter's transactions", () => {
  it("run the prelude first, then the callback's statements in the order they were started, even started together", async () => {
    // `.execute()` starts a statement at once (awaiting a drizzle query starts it a microtask later).
    const [mark, inserted, counted, updated, title] = await adapter.run(AS_INGEST, ({ db }) =>
      Promise.all([
        db.execute(sql`select current_setting('app.contract', true) as v`).execute(),
        db.insert(reports).values(report("Order0001")).returning({ code: reports.code }).execute(),
        db.execute(sql`select count(*)::int as n from ${reports} where code = 'Order0001'`).execute(),
        db.update(reports).set({ title: "second" }).where(sql`code = 'Order0001'`).returning({ title: reports.title }).execute(),
        db.execute(sql`select title from ${reports} where code = 'Order0001'`).execute(),
      ]),
    );
    const rows = (result: unknown): unknown[] => (Array.isArray(result) ? (result as unknown[]) : (result as { rows: unknown[] }).rows);
    expect(rows(mark)).toEqual([{ v: "prelude" }]);
    expect(inserted).toEqual([{ code: "Order0001" }]);
    expect(rows(counted)).toEqual([{ n: 1 }]);
    expect(updated).toEqual([{ title: "second" }]);
    expect(rows(title)).toEqual([{ title: "second" }]);
    // Committed, and nothing of the transaction outlives it.
    expect(await exists("Order0001")).toBe(true);
    expect(await setting(adapter.db)).toBe("");
  });

  it("keep side-by-side transactions apart", async () => {
    const seen = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        adapter.run({ text: "select set_config('app.contract', $1, true)", params: [`tx${i}`] }, async ({ db }) => [
          await setting(db),
          await setting(db),
        ]),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 8 }, (_, i) => [`tx${i}`, `tx${i}`]));
  });

  it("refuse writes when read-only, and still answer reads", async () => {
    const reads = await adapter.run(AS_INGEST, ({ db }) => setting(db), { readOnly: true });
    expect(reads).toBe("prelude");
    const write = adapter.run(AS_INGEST, ({ db }) => db.insert(reports).values(report("ReadOnly01")), { readOnly: true });
    expect(sqlState(await write.catch((error: unknown) => error))).toBe("25006");
    expect(await exists("ReadOnly01")).toBe(false);
    // The connection it used is writable again.
    await adapter.run(AS_INGEST, ({ db }) => db.insert(reports).values(report("AfterRo001")));
    expect(await exists("AfterRo001")).toBe(true);
  });

  it("roll back when the callback throws", async () => {
    const attempt = adapter.run(AS_INGEST, async ({ db }) => {
      await db.insert(reports).values(report("Thrown0001"));
      throw new Error("boom");
    });
    await expect(attempt).rejects.toThrow("boom");
    expect(await exists("Thrown0001")).toBe(false);
  });

  it("roll back when a statement fails, even one the callback did not wait for", async () => {
    const attempt = adapter.run(AS_INGEST, ({ db }) =>
      Promise.all([db.insert(reports).values(report("Failed0001")), db.execute(sql`select 1 / ${0}`)]),
    );
    expect(sqlState(await attempt.catch((error: unknown) => error))).toBe("22012");
    expect(await exists("Failed0001")).toBe(false);
  });

  it("report a failed prelude rather than what it did to the callback's statements", async () => {
    let ran = false;
    const attempt = adapter.run(prelude("select 1 / 0"), async ({ db }) => {
      await db.execute(sql`select 1`);
      ran = true;
    });
    expect(sqlState(await attempt.catch((error: unknown) => error))).toBe("22012");
    expect(ran).toBe(false);
  });

  it("refuse a handle used after the transaction ended", async () => {
    let leaked: TransactionDb | undefined;
    let leakedCopy: ((statement: string, chunks: Iterable<string>) => Promise<void>) | null = null;
    await adapter.run(AS_INGEST, (tx) => {
      leaked = tx.db;
      leakedCopy = tx.copyIn;
      return Promise.resolve();
    });
    if (!leaked) throw new Error("no handle");
    const stray: TransactionDb = leaked;
    await expect(stray.insert(reports).values(report("Leaked0001"))).rejects.toThrow();
    await expect(Promise.resolve().then(() => stray.execute(sql`select 1`))).rejects.toThrow();
    if (leakedCopy)
      await expect((leakedCopy as (s: string, c: Iterable<string>) => Promise<void>)("copy reports (code) from stdin", ["x\n"])).rejects.toThrow(
        /already over/,
      );
    expect(await exists("Leaked0001")).toBe(false);
  });

  it("offer COPY on PostgreSQL only", async () => {
    expect(await adapter.run(AS_INGEST, ({ copyIn }) => Promise.resolve(copyIn !== null))).toBe(adapter.kind === "postgres");
  });
});
