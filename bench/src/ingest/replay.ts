// The SQL side of the engine alone: a report's stored rows (a COPY export) written back fight by
// fight with the statements writeFightEvents / ingestReport send (packages/ingest/src/events.ts,
// ingest.ts and ledger.ts), rows and parameters built before the clock starts, so only PostgreSQL
// and the round trips are timed. Variants change one thing each: the INSERTs PGlite still uses
// instead of COPY, and COPY on a socket with Nagle's algorithm on.
import { createReadStream } from "node:fs";
import net from "node:net";
import { createInterface } from "node:readline";
import { copyFromChunks, copyTarget, parseCopyLine } from "@progboard/db";
import { EVENT_COLUMNS } from "@progboard/ingest";
import postgres from "postgres";
import { postgresCpuMs } from "../lib/resources";

export type ReplayVariant = "engine" | "inserts" | "nagle";
export const REPLAY_VARIANTS: ReplayVariant[] = ["engine", "inserts", "nagle"];
export const REPLAY_LABELS: Record<ReplayVariant, string> = {
  engine:
    "the engine's statements on PostgreSQL: per fight a transaction as withIngestion opens it (role progboard_ingest, synchronous_commit off) with the DELETE, the fight's flag and the ledger's progress sent in one flight with COPY … FROM STDIN, on a socket with TCP_NODELAY",
  inserts: "the same with INSERT … SELECT FROM unnest(…) per 5,000 rows instead of COPY (the engine's path on PGlite)",
  nagle: "the engine's COPY on a socket with Nagle's algorithm on (postgres.js's default)",
};

export interface ReplayResult {
  variant: ReplayVariant;
  events: number;
  fights: number;
  /** Wall time of the timed transactions only (ms). */
  sqlMs: number;
  postgresCpuMs: number | null;
}

const EVENT_BATCH = 5_000;
const LEASE_MS = 30 * 60_000;

/** As the engine's pgArray: PostgreSQL's text form of an array parameter. */
function pgArray(values: readonly (string | number | null)[]): string {
  const items = values.map((value) => {
    if (value === null) return "NULL";
    if (typeof value === "number") return String(value);
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}

interface FightRows {
  code: string;
  fightId: number;
  /** COPY lines (with newline) and their parsed fields. */
  lines: string[];
  fields: (string | null)[][];
}

/** The export's rows, one fight at a time (the export is ordered by report, fight, seq). */
async function* fightsOf(file: string): AsyncGenerator<FightRows> {
  const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1024 * 1024 }), crlfDelay: Infinity });
  let current: FightRows | null = null;
  for await (const line of lines) {
    if (line === "") continue;
    const fields = parseCopyLine(line);
    const code = fields[0] ?? "";
    const fightId = Number(fields[1]);
    if (current && (current.code !== code || current.fightId !== fightId)) {
      yield current;
      current = null;
    }
    current ??= { code, fightId, lines: [], fields: [] };
    current.lines.push(`${line}\n`);
    current.fields.push(fields);
  }
  if (current) yield current;
}

const num = (value: string | null) => (value === null ? null : Number(value));

/** The INSERT statements' parameters for one fight, as writeFightEvents builds them. */
function insertBatches(fight: FightRows) {
  const batches: {
    seqs: string;
    timestamps: string;
    types: string;
    sources: string;
    targets: string;
    abilities: string;
    amounts: string;
    data: string;
  }[] = [];
  for (let i = 0; i < fight.fields.length; i += EVENT_BATCH) {
    const batch = fight.fields.slice(i, i + EVENT_BATCH);
    const column = (index: number, numeric: boolean) => pgArray(batch.map((f) => (numeric ? num(f[index] ?? null) : (f[index] ?? null))));
    batches.push({
      seqs: column(2, true),
      timestamps: column(3, true),
      types: column(4, false),
      sources: column(5, true),
      targets: column(6, true),
      abilities: column(7, true),
      amounts: column(8, true),
      data: column(9, false),
    });
  }
  return batches;
}

/** Replays every fight of `file` into the (emptied) events table; the fights and ledger rows must exist. */
export async function replay(databaseUrl: string, database: string, file: string, variant: ReplayVariant): Promise<ReplayResult> {
  const noDelay = variant !== "nagle";
  const url = new URL(databaseUrl);
  const socket = () => {
    const s = net.connect(Number(url.port || 5432), url.hostname);
    s.setNoDelay(true);
    return s;
  };
  // postgres.js leaves Nagle's algorithm on: a COPY's last small message can wait for the
  // server's delayed ACK (~40 ms). A socket of our own turns it off, as createDb's does.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, ...(noDelay ? { socket } : {}) });
  try {
    await sql`truncate events`;
    await sql`checkpoint`;
    let sqlMs = 0;
    let events = 0;
    let fights = 0;
    const pgBefore = postgresCpuMs(database);
    for await (const fight of fightsOf(file)) {
      const copying = variant !== "inserts";
      const batches = copying ? [] : insertBatches(fight);
      const started = performance.now();
      // As writeFightEvents and fightDone (packages/ingest/src/events.ts, ledger.ts) write a fight,
      // in a transaction as withIngestion (packages/db/src/ingestion.ts) opens it.
      const before = [
        { sql: "select set_config('role', 'progboard_ingest', true), set_config('synchronous_commit', 'off', true)", params: [] },
        { sql: "delete from events where report_code = $1 and fight_id = $2", params: [fight.code, fight.fightId] },
        {
          sql: `with flagged as (update fights set events_complete = true where report_code = $1 and id = $2)
                update ingestion_ledger
                   set fights_done = (select count(*)::int from fights f where f.report_code = $1 and (f.events_complete or f.id = $2)),
                       pages_done = pages_done + 1, lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
                 where report_code = $1`,
          params: [fight.code, fight.fightId, LEASE_MS],
        },
      ];
      await sql.begin(async (tx) => {
        if (copying) {
          // The engine's path: the statements above travel in one flight with the COPY.
          await copyFromChunks(tx, `copy ${copyTarget("events")} (${EVENT_COLUMNS.join(", ")}) from stdin`, [fight.lines.join("")], before);
        } else {
          for (const s of before) await tx.unsafe(s.sql, s.params as never[], { prepare: true });
          for (const b of batches) {
            await tx`
              insert into events (report_code, fight_id, seq, timestamp, type, source_id, target_id, ability_game_id, amount, data)
              select ${fight.code}, ${fight.fightId}, s, t, ty, src, tgt, ab, amt, d::jsonb
                from unnest(${b.seqs}::int[], ${b.timestamps}::bigint[], ${b.types}::text[], ${b.sources}::int[], ${b.targets}::int[],
                            ${b.abilities}::bigint[], ${b.amounts}::int[], ${b.data}::text[]) as u(s, t, ty, src, tgt, ab, amt, d)`;
          }
        }
      });
      sqlMs += performance.now() - started;
      events += fight.lines.length;
      fights++;
    }
    const pgAfter = postgresCpuMs(database);
    return { variant, events, fights, sqlMs: Math.round(sqlMs), postgresCpuMs: pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
