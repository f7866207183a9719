// The ingestion benchmark's child process: one job per process, so each run's memory is its own.
//  - "ingest": the real path, as the CLI import runs it: openReportFile (which verifies the whole
//    file first), enqueue, claimNext, ingestReport, markDone on createDb's pool.
//  - "copy": the baseline: the same rows (an export of what an ingestion stored, in COPY text
//    format) streamed into the events table with postgres.js's COPY … FROM STDIN.
//  - "replay": the engine's SQL alone, and variants of it (replay.ts).
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createDb } from "@progboard/db";
import { claimNext, EVENT_COLUMNS, enqueue, ingestReport, markDone, openReportFile } from "@progboard/ingest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { serveJob } from "../lib/child";
import { CpuProfiler, timeByCategory } from "../lib/profile";
import { cpuSince, type MemoryPeaks, postgresCpuMs, sampleMemory } from "../lib/resources";
import { classifyIngestion } from "./profile";
import { type ReplayResult, type ReplayVariant, replay } from "./replay";

export type WorkerJob =
  | { kind: "ingest"; databaseUrl: string; database: string; file: string; profileIntervalUs: number }
  | { kind: "copy"; databaseUrl: string; database: string; file: string }
  | { kind: "replay"; databaseUrl: string; database: string; file: string; variant: ReplayVariant };

export interface WorkerResult {
  kind: "ingest" | "copy";
  /** Rows now in the events table (counted after the run). */
  events: number;
  fights: number;
  /** Wall time of each step (ms); `totalMs` is what the events/s figures divide by. */
  timings: { verifyMs: number; claimMs: number; ingestMs: number; markDoneMs: number; totalMs: number };
  memory: MemoryPeaks;
  /** This process's CPU over `totalMs`, and the PostgreSQL processes' (null when not measurable). */
  cpu: { userMs: number; systemMs: number; postgresMs: number | null };
  /** Ingest only: where ingestReport's time went (sampling profiler), ms per category. */
  profile?: Record<string, number>;
}

const ms = (value: number) => Math.round(value * 10) / 10;

async function ingest(job: Extract<WorkerJob, { kind: "ingest" }>): Promise<WorkerResult> {
  const handle = await createDb({ databaseUrl: job.databaseUrl });
  await warmUp(handle.db);
  const profiler = new CpuProfiler();
  try {
    const stopSampling = sampleMemory();
    const cpu = process.cpuUsage();
    const pgBefore = postgresCpuMs(job.database);
    const started = performance.now();
    const source = await openReportFile(job.file);
    const verified = performance.now();
    await enqueue(handle, source.code);
    const claim = await claimNext(handle, 30 * 60_000, source.code);
    if (!claim) throw new Error(`could not claim ${source.code}`);
    const claimed = performance.now();
    const { result: summary, profile } = await profiler.profile(job.profileIntervalUs, () => ingestReport(handle, source, source.code));
    const ingested = performance.now();
    await markDone(handle, source.code, summary.revision);
    const done = performance.now();
    const pgAfter = postgresCpuMs(job.database);
    const cpuUsed = cpuSince(cpu);
    const memory = stopSampling();
    if (!summary.complete) throw new Error("the ingestion did not complete");
    const stored = await countEvents(job.databaseUrl);
    return {
      kind: "ingest",
      events: stored,
      fights: summary.fights,
      timings: {
        verifyMs: ms(verified - started),
        claimMs: ms(claimed - verified),
        ingestMs: ms(ingested - claimed),
        markDoneMs: ms(done - ingested),
        totalMs: ms(done - started),
      },
      memory,
      cpu: { ...cpuUsed, postgresMs: pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore },
      profile: timeByCategory(profile, classifyIngestion),
    };
  } finally {
    profiler.close();
    await handle.close();
  }
}

async function copy(job: Extract<WorkerJob, { kind: "copy" }>): Promise<WorkerResult> {
  const sql = postgres(job.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select 1`;
    const stopSampling = sampleMemory();
    const cpu = process.cpuUsage();
    const pgBefore = postgresCpuMs(job.database);
    const started = performance.now();
    const target = await sql.unsafe(`copy events (${EVENT_COLUMNS.join(", ")}) from stdin`).writable();
    await pipeline(createReadStream(job.file, { highWaterMark: 1024 * 1024 }), target);
    const done = performance.now();
    const pgAfter = postgresCpuMs(job.database);
    const cpuUsed = cpuSince(cpu);
    const memory = stopSampling();
    const [counted] = await sql<{ n: number }[]>`select count(*)::int as n from events`;
    return {
      kind: "copy",
      events: counted?.n ?? 0,
      fights: 0,
      timings: { verifyMs: 0, claimMs: 0, ingestMs: ms(done - started), markDoneMs: 0, totalMs: ms(done - started) },
      memory,
      cpu: { ...cpuUsed, postgresMs: pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore },
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Opens a pool connection first, as a running server has them: not part of the ingestion. */
async function warmUp(db: Awaited<ReturnType<typeof createDb>>["db"]): Promise<void> {
  await db.execute(sql`select 1`);
}

async function countEvents(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from events`;
    return row?.n ?? 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

serveJob<WorkerJob, WorkerResult | ReplayResult>((job) => {
  if (job.kind === "ingest") return ingest(job);
  if (job.kind === "copy") return copy(job);
  return replay(job.databaseUrl, job.database, job.file, job.variant);
});
