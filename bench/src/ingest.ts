// `pnpm bench ingest`: the ingestion engine's throughput and memory on a ~1,000,000-event report
// file (JSON Lines, the synthetic generator), through the real path (openReportFile, enqueue,
// claimNext, ingestReport, markDone) in a child process, against a baseline that bulk-loads the
// same stored rows with COPY … FROM STDIN, alternating over rounds. A 4× smaller report shows
// whether peak memory follows the report's size.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { copyField, createDb, endStream, writeWithBackpressure } from "@progboard/db";
import { writeReportFile } from "@progboard/ingest/testing";
import postgres from "postgres";
import { INGEST_CATEGORIES, type IngestCategory } from "./ingest/profile";
import { REPLAY_LABELS, REPLAY_VARIANTS, type ReplayResult } from "./ingest/replay";
import {
  type Config,
  type IngestReport,
  summarizeReplays,
  summarizeRuns,
  TARGET_MEMORY_GROWTH,
  TARGET_RATIO,
  tableOf,
  type Variant,
  writeDocs,
} from "./ingest/report";
import type { WorkerJob, WorkerResult } from "./ingest/worker";
import { runInChild } from "./lib/child";
import { onInterrupt } from "./lib/cleanup";
import { benchMachine, publishResults } from "./lib/context";
import { createBenchDatabase } from "./lib/database";
import { envInt } from "./lib/env";
import { formatNumber } from "./lib/markdown";

const WORKER = new URL("./ingest/worker.ts", import.meta.url);

function readConfig(): Config {
  const pulls = envInt("BENCH_INGEST_PULLS", 600);
  return {
    pulls,
    smallPulls: Math.max(1, Math.round(pulls / 4)),
    eventsPerPull: envInt("BENCH_INGEST_EVENTS_PER_PULL", 2400),
    seed: 11,
    rounds: envInt("BENCH_ROUNDS", 2),
    profileIntervalUs: 10_000,
  };
}

const log = (message: string) => console.info(`[ingest] ${message}`);
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The events table's rows in COPY text format, in key order. (Read with a cursor: postgres.js's
 * COPY … TO STDOUT stream can leave its connection paused once the stream ends.)
 */
async function exportRows(owner: postgres.Sql, file: string): Promise<void> {
  const out = createWriteStream(file);
  const rows = owner
    .unsafe<
      {
        report_code: string;
        fight_id: number;
        seq: number;
        timestamp: string;
        type: string;
        source_id: number | null;
        target_id: number | null;
        ability_game_id: string | null;
        amount: number | null;
        data: string;
      }[]
    >(
      `select report_code, fight_id, seq, timestamp::text, type, source_id, target_id, ability_game_id::text, amount, data::text from events order by report_code, fight_id, seq`,
    )
    .cursor(5_000);
  for await (const batch of rows) {
    const text = batch
      .map((r) =>
        [r.report_code, r.fight_id, r.seq, r.timestamp, r.type, r.source_id, r.target_id, r.ability_game_id, r.amount, r.data]
          .map(copyField)
          .join("\t"),
      )
      .join("\n");
    await writeWithBackpressure(out, `${text}\n`);
  }
  await endStream(out);
}

/** Every raw table emptied (new files), then a checkpoint: each run starts from the same state. */
async function reset(owner: postgres.Sql): Promise<void> {
  await owner`truncate reports, fights, actors, abilities, events, ingestion_ledger cascade`;
  await owner`checkpoint`;
}

export async function run(): Promise<void> {
  const config = readConfig();
  const started = performance.now();
  const loadAtStart = loadavg().map(round2);
  const dir = mkdtempSync(path.join(tmpdir(), "progboard-bench-ingest-"));
  const removeDir = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  const unregister = onInterrupt(removeDir);
  const database = await createBenchDatabase();
  log(`database ${database.name}`);
  const owner = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await (await createDb({ databaseUrl: database.url })).close();
    const [pg] = await owner<{ version: string; server_version: string }[]>`select version(), current_setting('server_version') as server_version`;

    const files = {
      large: path.join(dir, "report-large.jsonl"),
      small: path.join(dir, "report-small.jsonl"),
      copy: path.join(dir, "events.copy"),
      smallCopy: path.join(dir, "events-small.copy"),
    };
    const generationStarted = performance.now();
    await writeReportFile(files.large, { seed: config.seed, pulls: config.pulls, eventsPerPull: config.eventsPerPull, format: "jsonl" });
    await writeReportFile(files.small, { seed: config.seed, pulls: config.smallPulls, eventsPerPull: config.eventsPerPull, format: "jsonl" });
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    log(
      `generated ${formatNumber(statSync(files.large).size / 2 ** 20)} MiB and ${formatNumber(statSync(files.small).size / 2 ** 20)} MiB of JSON Lines in ${generationSeconds.toFixed(1)} s`,
    );

    const jobs: Record<Variant, WorkerJob> = {
      ingest: { kind: "ingest", databaseUrl: database.url, database: database.name, file: files.large, profileIntervalUs: config.profileIntervalUs },
      copy: { kind: "copy", databaseUrl: database.url, database: database.name, file: files.copy },
      small: { kind: "ingest", databaseUrl: database.url, database: database.name, file: files.small, profileIntervalUs: config.profileIntervalUs },
    };
    const runs: Record<Variant, WorkerResult[]> = { ingest: [], copy: [], small: [] };
    const replays: ReplayResult[] = [];
    let exported = 0;
    const exportEvents = (file: string) => exportRows(owner, file);
    for (let round = 0; round < config.rounds; round++) {
      // The first round ingests first (the baseline's rows are that ingestion's); then alternate.
      const order: Variant[] = round % 2 === 0 ? ["ingest", "copy", "small"] : ["small", "copy", "ingest"];
      for (const variant of order) {
        await reset(owner);
        const result = await runInChild<WorkerJob, WorkerResult>(WORKER, jobs[variant]);
        runs[variant].push(result);
        log(
          `round ${round + 1}/${config.rounds} ${variant}: ${formatNumber(result.events)} events in ${(result.timings.totalMs / 1000).toFixed(1)} s, peak RSS ${formatNumber(result.memory.maxRssMiB)} MiB`,
        );
        if (variant === "ingest" && exported === 0) {
          // The baseline's input: exactly the rows this ingestion stored, in COPY text format.
          await exportEvents(files.copy);
          exported = result.events;
          log(`exported ${formatNumber(exported)} rows (${formatNumber(statSync(files.copy).size / 2 ** 20)} MiB) for the baseline`);
        }
        if (variant === "small") {
          // The engine's SQL alone, on the small report's rows (its fights and ledger entry are there).
          if (round === 0) await exportEvents(files.smallCopy);
          for (let k = 0; k < REPLAY_VARIANTS.length; k++) {
            const replayVariant = REPLAY_VARIANTS[(k + round) % REPLAY_VARIANTS.length] as (typeof REPLAY_VARIANTS)[number];
            const job: WorkerJob = {
              kind: "replay",
              databaseUrl: database.url,
              database: database.name,
              file: files.smallCopy,
              variant: replayVariant,
            };
            const replayed = await runInChild<WorkerJob, ReplayResult>(WORKER, job);
            replays.push(replayed);
            log(
              `round ${round + 1}/${config.rounds} replay ${replayVariant}: ${formatNumber(replayed.events)} events in ${(replayed.sqlMs / 1000).toFixed(1)} s of SQL`,
            );
          }
        }
      }
    }
    const loadAfterMeasuring = loadavg().map(round2);
    for (const variant of ["ingest", "copy"] as const) {
      for (const r of runs[variant])
        if (r.events !== exported) throw new Error(`${variant} stored ${r.events} events, the first ingestion ${exported}`);
    }

    const summaries = summarizeRuns(runs);
    const ratio = round2(summaries.ingest.eventsPerSecond / summaries.copy.eventsPerSecond);
    const memoryGrowth = round2(summaries.ingest.memory.maxRssMiB / summaries.small.memory.maxRssMiB);
    const profileTotals = Object.fromEntries(Object.keys(INGEST_CATEGORIES).map((c) => [c, 0])) as Record<IngestCategory, number>;
    for (const r of runs.ingest) for (const [category, value] of Object.entries(r.profile ?? {})) profileTotals[category as IngestCategory] += value;
    const profiledMs = Object.values(profileTotals).reduce((a, b) => a + b, 0);
    const report: IngestReport = {
      benchmark: "ingest",
      timestamp: new Date().toISOString(),
      ratio,
      ratioDefinition:
        "ingestion events/s (end to end: openReportFile's verification pass, claim, ingestReport, markDone) / baseline COPY events/s, medians over the rounds, same rows",
      ratioIngestOnly: round2(summaries.ingest.ingestOnlyEventsPerSecond / summaries.copy.eventsPerSecond),
      target: { ratio: TARGET_RATIO, memoryGrowth: TARGET_MEMORY_GROWTH },
      meetsTarget: { ratio: ratio >= TARGET_RATIO, memoryFlat: memoryGrowth <= TARGET_MEMORY_GROWTH },
      memoryGrowth,
      sizeRatio: round2(summaries.ingest.events / summaries.small.events),
      machine: benchMachine(pg, { atStart: loadAtStart, afterMeasuring: loadAfterMeasuring }),
      dataset: {
        generator: `writeReportFile (JSON Lines), seed ${config.seed}, ${config.eventsPerPull} raw events per pull on average (calculateddamage included)`,
        large: { pulls: config.pulls, fileMiB: round2(statSync(files.large).size / 2 ** 20), storedEvents: summaries.ingest.events },
        small: { pulls: config.smallPulls, fileMiB: round2(statSync(files.small).size / 2 ** 20), storedEvents: summaries.small.events },
        copyFileMiB: round2(statSync(files.copy).size / 2 ** 20),
        generationSeconds: round2(generationSeconds),
      },
      variants: {
        ingest:
          "the real path in a fresh child process, as the CLI import runs it: openReportFile (its verification pass reads and validates the whole file), enqueue, claimNext, ingestReport, markDone on createDb's pool",
        copy: "the rows the first ingestion stored, exported in COPY text format, streamed from a file into the emptied events table with postgres.js COPY … FROM STDIN, in a fresh child process",
        small: `the ingestion path on the ${config.smallPulls}-pull report (¼ of the pulls)`,
      },
      config,
      results: summaries,
      runs,
      replay: summarizeReplays(replays),
      replayLabels: REPLAY_LABELS,
      profile: {
        intervalMs: config.profileIntervalUs / 1000,
        ms: Object.fromEntries(Object.entries(profileTotals).map(([c, v]) => [c, Math.round(v)])) as Record<IngestCategory, number>,
        share: Object.fromEntries(Object.entries(profileTotals).map(([c, v]) => [c, Math.round((v / profiledMs) * 1000) / 1000])) as Record<
          IngestCategory,
          number
        >,
        labels: INGEST_CATEGORIES,
      },
      durationSeconds: 0,
    };
    report.durationSeconds = round2((performance.now() - started) / 1000);

    publishResults("ingest", report, writeDocs, tableOf(report), log);
    log(
      `ratio (events/s, ingestion / COPY) ${ratio.toFixed(2)}, target ≥ ${TARGET_RATIO}: ${report.meetsTarget.ratio ? "met" : "NOT MET"}; ` +
        `peak RSS ${formatNumber(summaries.ingest.memory.maxRssMiB)} MiB for ${formatNumber(summaries.ingest.events)} events against ${formatNumber(summaries.small.memory.maxRssMiB)} MiB for ${formatNumber(summaries.small.events)}: ${report.meetsTarget.memoryFlat ? "flat" : "NOT FLAT"}`,
    );
  } finally {
    await owner.end({ timeout: 5 });
    await database.drop();
    await removeDir();
    unregister();
  }
}
