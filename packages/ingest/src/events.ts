// How a fight's events are stored: numbered in time order, then written either as a COPY … FROM
// STDIN stream (postgres.js) or as INSERT … SELECT FROM unnest(…) batches (PGlite, which has no
// COPY stream). Both store the very same rows.
import { canCopy, copyField, copyJsonField, copyRows, type IngestDb } from "@progboard/db";
import { type SQL, sql } from "drizzle-orm";
import type { NormalizedEvent } from "./types";

/** The events table's columns, in the order COPY sends them. */
export const EVENT_COLUMNS = [
  "report_code",
  "fight_id",
  "seq",
  "timestamp",
  "type",
  "source_id",
  "target_id",
  "ability_game_id",
  "amount",
  "data",
] as const;

/** Rows per INSERT on PGlite: the events go as one array per column (unnest), so this bounds memory only. */
const INSERT_BATCH = 5_000;
/** Characters of COPY text per chunk written to the connection. */
const COPY_CHUNK = 64 * 1024;

/**
 * A fight's events in the order they are numbered: by timestamp, ties in the order the source gave
 * them (Array.prototype.sort is stable), so the same input always gets the same sequence numbers.
 * Sorts `events` in place and returns it.
 */
export function inEngineOrder(events: NormalizedEvent[]): NormalizedEvent[] {
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** One events row in COPY text format (with its newline); `data` is the raw event's JSON. */
export function eventCopyLine(code: string, fightId: number, seq: number, e: NormalizedEvent): string {
  return `${copyField(code)}\t${fightId}\t${seq}\t${e.timestamp}\t${copyField(e.type)}\t${nullable(e.sourceId)}\t${nullable(e.targetId)}\t${nullable(e.abilityGameId)}\t${nullable(e.amount)}\t${copyJsonField(e.data)}\n`;
}

const nullable = (value: number | null) => (value === null ? "\\N" : value);

/**
 * Replaces a fight's events (already in engine order): COPY where the driver can, else INSERTs.
 * `alongside`: statements of the same transaction run first; with COPY they travel in one flight
 * with the DELETE and the COPY, so a fight costs a round trip for them all instead of one each.
 */
export async function writeFightEvents(
  tx: IngestDb,
  code: string,
  fightId: number,
  events: readonly NormalizedEvent[],
  alongside: readonly SQL[] = [],
): Promise<void> {
  // The DELETE clears the fight first, so the rows need no ON CONFLICT (measured: 24% of
  // PostgreSQL's CPU per event went to it).
  const clear = sql`delete from events where report_code = ${code} and fight_id = ${fightId}`;
  if (canCopy(tx)) return copyEvents(tx, code, fightId, events, [clear, ...alongside]);
  for (const statement of [clear, ...alongside]) await tx.execute(statement);
  await insertEvents(tx, code, fightId, events);
}

/** The fight's rows streamed with COPY: each chunk is built while PostgreSQL loads the previous one. */
export function copyEvents(
  tx: IngestDb,
  code: string,
  fightId: number,
  events: readonly NormalizedEvent[],
  before: readonly SQL[] = [],
): Promise<void> {
  return copyRows(tx, "events", EVENT_COLUMNS, copyChunks(code, fightId, events), before);
}

function* copyChunks(code: string, fightId: number, events: readonly NormalizedEvent[]): Generator<string> {
  let chunk = "";
  for (let seq = 0; seq < events.length; seq++) {
    chunk += eventCopyLine(code, fightId, seq, events[seq] as NormalizedEvent);
    if (chunk.length >= COPY_CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/**
 * The fight's rows as INSERTs, one per batch with one array parameter per column (unnest): a
 * handful of parameters whatever the batch size, and no per-row SQL to build.
 */
export async function insertEvents(tx: IngestDb, code: string, fightId: number, events: readonly NormalizedEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += INSERT_BATCH) {
    const batch = events.slice(start, start + INSERT_BATCH);
    const column = <T>(pick: (event: NormalizedEvent) => T) => batch.map(pick);
    const seqs = batch.map((_, i) => start + i);
    await tx.execute(sql`
      insert into events (report_code, fight_id, seq, timestamp, type, source_id, target_id, ability_game_id, amount, data)
      select ${code}, ${fightId}, s, t, ty, src, tgt, ab, amt, d::jsonb
        from unnest(${pgArray(seqs)}::int[], ${pgArray(column((e) => e.timestamp))}::bigint[], ${pgArray(column((e) => e.type))}::text[],
                    ${pgArray(column((e) => e.sourceId))}::int[], ${pgArray(column((e) => e.targetId))}::int[],
                    ${pgArray(column((e) => e.abilityGameId))}::bigint[], ${pgArray(column((e) => e.amount))}::int[],
                    ${pgArray(column((e) => JSON.stringify(e.data)))}::text[])
          as u(s, t, ty, src, tgt, ab, amt, d)`);
  }
}

/**
 * An array parameter as PostgreSQL's text form ('{1,2,NULL}'), which both drivers pass through
 * unchanged and the cast in the statement types.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const items = values.map((value) => {
    if (value === null) return "NULL";
    if (typeof value === "number") return String(value);
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}
