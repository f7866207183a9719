// A fight's events are stored the same whichever way they travel: COPY on PostgreSQL, INSERTs on
// PGlite. With TEST_DATABASE_URL this runs on PostgreSQL (COPY, and INSERTs beside it), otherwise
// on PGlite (INSERTs): the same expectations hold on both.
import { type DbHandle, queryRows } from "@progboard/db";
import { createTestDb, testDatabaseUrl } from "@progboard/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyEvents, eventCopyLine, inEngineOrder, insertEvents, writeFightEvents } from "./events";
import type { NormalizedEvent } from "./types";

const onPostgres = Boolean(testDatabaseUrl());

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

const event = (timestamp: number, type: string, data: Record<string, unknown> = {}, more: Partial<NormalizedEvent> = {}): NormalizedEvent => ({
  timestamp,
  type,
  sourceId: 20,
  targetId: null,
  abilityGameId: 872,
  amount: null,
  ...more,
  data: { timestamp, type, ...data },
});

/** Everything COPY's text format or JSON escaping could get wrong. */
const TRICKY: NormalizedEvent[] = [
  event(1_000, "damage", { note: 'tab\there "quoted" back\\slash', nl: "line\nbreak\r\n" }, { amount: 41_250, targetId: 3 }),
  event(1_000, "weird\ttype\\with\nescapes", { literal: "\\N", endMarker: "\\.", empty: "" }, { sourceId: null, abilityGameId: null }),
  event(
    1_250,
    "applydebuff",
    { name: "Héllo wörld ✓ 🐉", nested: { list: [1, null, "x", { deep: true }] }, negative: -5, float: 1.5 },
    { abilityGameId: 1_002_459, amount: -3 },
  ),
  event(2_000, "death", { unicodeEscape: "\u0001\u001f", slashes: "a/b\\/c" }, { sourceId: 2_147_483_647, targetId: 0 }),
  event(9_007_199_254, "cast", {}, { abilityGameId: 9_007_199_254_740_991 }),
];

interface StoredRow {
  seq: number;
  timestamp: string;
  type: string;
  source_id: number | null;
  target_id: number | null;
  ability_game_id: string | null;
  amount: number | null;
  data: string;
}

async function storedRows(code: string, fightId: number) {
  const rows = await queryRows<StoredRow>(
    handle.db,
    sql`select seq, timestamp::text as timestamp, type, source_id, target_id, ability_game_id::text as ability_game_id, amount, data::text as data
          from events where report_code = ${code} and fight_id = ${fightId} order by seq`,
  );
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
}

const expectedRows = (events: readonly NormalizedEvent[]) =>
  events.map((e, seq) => ({
    seq,
    timestamp: String(e.timestamp),
    type: e.type,
    source_id: e.sourceId,
    target_id: e.targetId,
    ability_game_id: e.abilityGameId === null ? null : String(e.abilityGameId),
    amount: e.amount,
    data: e.data,
  }));

describe("writeFightEvents", () => {
  it("stores every field as given, the raw event in data, numbered in order", async () => {
    await handle.withIngestion((tx) => writeFightEvents(tx, "EVT1", 3, TRICKY));
    expect(await storedRows("EVT1", 3)).toEqual(expectedRows(TRICKY));
  });

  it("replaces the fight's rows on a replay instead of adding to them", async () => {
    await handle.withIngestion((tx) => writeFightEvents(tx, "EVT2", 4, TRICKY));
    const fewer = TRICKY.slice(0, 2);
    await handle.withIngestion((tx) => writeFightEvents(tx, "EVT2", 4, fewer));
    expect(await storedRows("EVT2", 4)).toEqual(expectedRows(fewer));
  });

  it("writes thousands of rows in one fight (several COPY chunks or INSERT batches)", async () => {
    const many = Array.from({ length: 12_000 }, (_, i) =>
      event(i * 10, i % 3 === 0 ? "damage" : "cast", { packetID: i, text: `row ${i}\t${"x".repeat(i % 50)}` }, { amount: i }),
    );
    await handle.withIngestion((tx) => writeFightEvents(tx, "EVT3", 5, many));
    const rows = await storedRows("EVT3", 5);
    expect(rows).toHaveLength(12_000);
    expect(rows[11_999]).toEqual(expectedRows(many)[11_999]);
  });

  it.runIf(onPostgres)("stores the same rows with COPY as with the INSERTs", async () => {
    await handle.withIngestion((tx) => copyEvents(tx, "EVT4", 1, TRICKY));
    await handle.withIngestion((tx) => insertEvents(tx, "EVT4", 2, TRICKY));
    const [viaCopy, viaInsert] = [await storedRows("EVT4", 1), await storedRows("EVT4", 2)];
    expect(viaCopy).toEqual(expectedRows(TRICKY));
    expect(viaInsert).toEqual(viaCopy);
    // Down to the stored jsonb text.
    const [same] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from events a join events b on b.report_code = a.report_code and b.seq = a.seq and b.fight_id = 2
           where a.report_code = 'EVT4' and a.fight_id = 1 and (a.timestamp, a.type, a.source_id, a.target_id, a.ability_game_id, a.amount, a.data)
                 is not distinct from (b.timestamp, b.type, b.source_id, b.target_id, b.ability_game_id, b.amount, b.data)`,
    );
    expect(same?.n).toBe(TRICKY.length);
  });
});

describe("eventCopyLine", () => {
  it("escapes the fields COPY would misread, and nothing else", () => {
    const line = eventCopyLine("Abc123", 7, 3, TRICKY[1] as NormalizedEvent);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1).split("\t")).toHaveLength(10);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
    expect(line.startsWith("Abc123\t7\t3\t1000\tweird\\ttype\\\\with\\nescapes\t\\N\t\\N\t\\N\t\\N\t")).toBe(true);
  });
});

describe("inEngineOrder", () => {
  it("sorts by timestamp, keeping the given order on ties", () => {
    const events = [event(20, "death"), event(10, "damage"), event(20, "cast"), event(5, "begincast")];
    expect(inEngineOrder(events).map((e) => e.type)).toEqual(["begincast", "damage", "death", "cast"]);
  });
});
