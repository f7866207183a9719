// PostgreSQL COPY text format for the `events` table: how the benchmarks bulk-load the same
// normalized rows the ingestion engine writes (packages/ingest/src/ingest.ts, writeFightEvents).
import type { Writable } from "node:stream";
import type { NormalizedEvent } from "@progboard/ingest";

/** The events table's columns, in the order every COPY here sends them. */
export const EVENT_COLUMNS = "report_code, fight_id, seq, timestamp, type, source_id, target_id, ability_game_id, amount, data";

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One field in COPY text format: `\N` for null; backslash, tab, newline and CR escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value;
}

/** One events row, as the engine stores it: the raw event JSON in `data`. */
export function eventCopyLine(code: string, fightId: number, seq: number, e: NormalizedEvent): string {
  return `${copyField(code)}\t${fightId}\t${seq}\t${e.timestamp}\t${copyField(e.type)}\t${copyField(e.sourceId)}\t${copyField(e.targetId)}\t${copyField(e.abilityGameId)}\t${copyField(e.amount)}\t${copyField(JSON.stringify(e.data))}\n`;
}

/**
 * A fight's events in the order the engine numbers them (collectFightEvents): every page's events,
 * then a stable sort by timestamp; `seq` is the position in that order.
 */
export function inEngineOrder(events: NormalizedEvent[]): NormalizedEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map((o) => o.event);
}

/** Writes `chunk`, waiting for the stream to drain when its buffer is full (backpressure). */
export async function writeWithBackpressure(stream: Writable, chunk: string): Promise<void> {
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off("drain", onDrain);
      reject(error);
    };
    stream.once("drain", onDrain);
    stream.once("error", onError);
  });
}

/** Ends a writable stream and waits for it to finish (a COPY stream: until PostgreSQL has taken every row). */
export function endStream(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    stream.once("finish", () => resolve());
    stream.end();
  });
}

const UNESCAPES: Record<string, string> = { "\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r" };

/** The fields of one COPY text line (no trailing newline): `\N` is null, escapes undone. */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split("\t").map((field) => (field === "\\N" ? null : field.includes("\\") ? field.replace(/\\[\\tnr]/g, (e) => UNESCAPES[e] ?? e) : field));
}
