// COPY text format, and COPY … FROM STDIN inside an ingestion transaction (PostgreSQL only: PGlite
// transactions say they cannot COPY, and ingestion then falls back to INSERTs).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle } from "./client";
import { copyField, copyJsonField, parseCopyLine } from "./copy";
import { queryRows } from "./database";
import { testDatabaseUrl } from "./env";
import { canCopy, copyRows } from "./ingestion";
import { createTestDb } from "./testing";

/** createTestDb's choice, known before the suite is collected. */
const onPostgres = Boolean(testDatabaseUrl());

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

const COLUMNS = ["report_code", "fight_id", "seq", "timestamp", "type", "source_id", "target_id", "ability_game_id", "amount", "data"];
const row = (code: string, seq: number, amount: string | number | null = 1) =>
  `${[code, 1, seq, 1000 + seq, "damage", 2, null, 7, amount, JSON.stringify({ seq })].map(copyField).join("\t")}\n`;
const countRows = async (code: string) =>
  (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from events where report_code = ${code}`))[0]?.n;

describe("COPY text", () => {
  it("escapes what COPY treats specially and writes nulls as \\N", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField(12)).toBe("12");
    expect(copyField("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
  });

  it("writes JSON whose text reads back as the same value", () => {
    const value = { tab: "a\tb", nl: "line\nbreak\r", slash: "back\\slash \\N", control: "\u0001", unicode: "é🐉", list: [1, null] };
    const field = copyJsonField(value);
    expect(field).not.toMatch(/[\t\n\r]/);
    expect(parseCopyLine(field)).toEqual([JSON.stringify(value)]);
  });

  it("reads back what it wrote", () => {
    const fields = ["tab\there", "new\nline", "back\\slash \\N", null, "plain", "12"];
    expect(parseCopyLine(fields.map(copyField).join("\t"))).toEqual(fields);
  });
});

describe("copyRows", () => {
  it("is offered on PostgreSQL and not on PGlite", async () => {
    expect(await handle.withIngestion((tx) => Promise.resolve(canCopy(tx)))).toBe(handle.kind === "postgres");
  });

  it.runIf(onPostgres)("loads the rows within the transaction, as the ingestion role", async () => {
    const role = await handle.withIngestion(async (tx) => {
      await copyRows(
        tx,
        "events",
        COLUMNS,
        (function* () {
          for (let seq = 0; seq < 3_000; seq += 1_000) yield Array.from({ length: 1_000 }, (_, i) => row("COPY1", seq + i)).join("");
        })(),
      );
      const [who] = await queryRows<{ role: string }>(tx, sql`select current_user as role`);
      return who?.role;
    });
    expect(role).toBe("progboard_ingest");
    expect(await countRows("COPY1")).toBe(3_000);
  });

  it.runIf(onPostgres)("fails, rolling everything back, when PostgreSQL rejects a row after the last chunk", async () => {
    const failing = handle.withIngestion(async (tx) => {
      await tx.execute(sql`insert into events (report_code, fight_id, seq, timestamp, type, data) values ('COPY2', 9, 0, 0, 'death', '{}')`);
      await copyRows(tx, "events", COLUMNS, [row("COPY2", 0), row("COPY2", 1, "12.5")]);
    });
    await expect(failing).rejects.toThrow(/COPY FROM STDIN failed/);
    expect(await countRows("COPY2")).toBe(0);
    // The connection went back to the pool usable.
    expect(await handle.withIngestion((tx) => queryRows<{ one: number }>(tx, sql`select 1 as one`))).toEqual([{ one: 1 }]);
  });

  it.runIf(onPostgres)("sends nothing when building the rows fails midway", async () => {
    const failing = handle.withIngestion((tx) =>
      copyRows(
        tx,
        "events",
        COLUMNS,
        (function* () {
          yield row("COPY3", 0);
          throw new Error("the source broke");
        })(),
      ),
    );
    await expect(failing).rejects.toThrow("the source broke");
    expect(await countRows("COPY3")).toBe(0);
  });

  it.runIf(onPostgres)("runs the statements given as before first, in order, in the same transaction", async () => {
    await handle.withIngestion((tx) => copyRows(tx, "events", COLUMNS, [row("COPY4", 0), row("COPY4", 1)]));
    await handle.withIngestion((tx) =>
      copyRows(
        tx,
        "events",
        COLUMNS,
        [row("COPY4", 0)],
        [
          sql`delete from events where report_code = ${"COPY4"}`,
          sql`insert into events (report_code, fight_id, seq, timestamp, type, data) select ${"COPY4"}, 2, count(*)::int, 0, 'marker', '{}' from events where report_code = ${"COPY4"}`,
        ],
      ),
    );
    const rows = await queryRows<{ fight_id: number; seq: number; type: string }>(
      handle.db,
      sql`select fight_id, seq, type from events where report_code = 'COPY4' order by fight_id, seq`,
    );
    // The DELETE ran before the INSERT (which counted no rows), and both before the COPY.
    expect(rows).toEqual([
      { fight_id: 1, seq: 0, type: "damage" },
      { fight_id: 2, seq: 0, type: "marker" },
    ]);
  });

  it.runIf(onPostgres)("reports a failing statement given as before with its own error, and stores nothing", async () => {
    const failing = handle.withIngestion((tx) => copyRows(tx, "events", COLUMNS, [row("COPY5", 0)], [sql`select 1 / ${0}`]));
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(await countRows("COPY5")).toBe(0);
  });

  it.runIf(onPostgres)("refuses names that are not plain identifiers", async () => {
    await expect(handle.withIngestion((tx) => copyRows(tx, "events; drop table events", COLUMNS, []))).rejects.toThrow(/not a plain identifier/);
  });
});
