// PostgreSQL COPY text format, and COPY … FROM STDIN on a postgres.js connection: how ingestion
// bulk-loads events (packages/ingest), and how the benchmarks load and export rows.
import type { Writable } from "node:stream";
import type postgres from "postgres";

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One field in COPY text format: `\N` for null; backslash, tab, newline and CR escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value;
}

/**
 * `value`'s JSON text as a COPY field (for a json/jsonb column). JSON.stringify escapes every
 * control character, so only its backslashes need doubling: no scan for tabs or newlines.
 */
export function copyJsonField(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\") ? json.replaceAll("\\", "\\\\") : json;
}

const UNESCAPES: Record<string, string> = { "\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r" };

/** The fields of one COPY text line (no trailing newline): `\N` is null, escapes undone. */
export function parseCopyLine(line: string): (string | null)[] {
  return line
    .split("\t")
    .map((field) => (field === "\\N" ? null : field.includes("\\") ? field.replace(/\\[\\tnr]/g, (e) => UNESCAPES[e] ?? e) : field));
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

/** A statement with its parameters ($1, $2…), as drizzle's dialect compiles one. */
export interface CompiledStatement {
  sql: string;
  params: unknown[];
}

/**
 * Runs `statement` (a `COPY … FROM STDIN`) on one postgres.js connection and streams `chunks` (rows
 * in COPY text format) into it, pulling the next chunk only once the socket has taken the last:
 * rows are built while PostgreSQL loads the previous ones, and never pile up in memory. `before`
 * run first, in order, in the same flight as the COPY (one round trip for all of them).
 */
export async function copyFromChunks(
  connection: Pick<postgres.Sql, "unsafe">,
  statement: string,
  chunks: Iterable<string>,
  before: readonly CompiledStatement[] = [],
): Promise<void> {
  // postgres.js sends a connection's queries in the order they are executed: these first.
  const prior = before.map((s) => connection.unsafe(s.sql, s.params as postgres.ParameterOrJSON<never>[], { prepare: true }).execute());
  for (const query of prior) query.catch(() => undefined);
  const copy = connection.unsafe(statement);
  const opening = copy.writable();
  // Sent now, behind them (writable() alone would send it a few microtasks later); `opening` settles with it.
  void copy.execute();
  let stream: Writable;
  try {
    stream = await opening;
  } catch (error) {
    // A failed statement before it aborted the transaction: its own error is the one to report.
    for (const query of prior) await query;
    throw error;
  }
  for (const query of prior) await query;
  try {
    // One chunk behind the generator, so the last one is known: it is written and flushed before
    // end(), which then sends CopyDone at once and frees the connection for the next statement.
    let pending: string | undefined;
    for (const chunk of chunks) {
      if (pending !== undefined) await writeWithBackpressure(stream, pending);
      pending = chunk;
    }
    if (pending !== undefined) await writeFlushed(stream, pending);
  } catch (error) {
    // CopyFail: PostgreSQL drops the rows and aborts the transaction. The error is ours to throw,
    // not the stream's to emit a second time.
    stream.on("error", () => undefined);
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  const finished = new Promise<void>((resolve, reject) => {
    stream.once("finish", () => resolve());
    stream.once("error", reject);
  });
  finished.catch(() => undefined);
  stream.end();
  // postgres.js 3.4.9 never settles the stream when PostgreSQL rejects a row after the last chunk
  // was sent (porsager/postgres#1173): waiting for "finish" alone would hang. A statement queued
  // behind the COPY answers either way, in the same flight: it fails when the COPY aborted the
  // transaction.
  try {
    await connection.unsafe("select 1");
  } catch (error) {
    throw new Error("COPY FROM STDIN failed: PostgreSQL rejected the rows", { cause: error });
  }
  await finished;
}

/** Writes `chunk` and waits until the stream has passed it on (to the socket, for a COPY stream). */
function writeFlushed(stream: Writable, chunk: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}
