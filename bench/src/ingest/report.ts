// The ingestion benchmark's report: the shape of bench/results/ingest.json and its section of
// docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DOCS_PAGE, type MachineInfo } from "../lib/context";
import { formatNumber, markdownTable, replaceSection } from "../lib/markdown";
import { percentile } from "../lib/stats";
import type { IngestCategory } from "./profile";
import { REPLAY_VARIANTS, type ReplayResult, type ReplayVariant } from "./replay";
import type { WorkerResult } from "./worker";

/** Ingestion events/s at least this share of the COPY baseline's. */
export const TARGET_RATIO = 0.5;
/** "Flat in report size": the report 4× larger may peak at most this much higher in RSS. */
export const TARGET_MEMORY_GROWTH = 1.25;

/** ingest: the ~1M-event report through the engine; copy: the baseline; small: the ¼ report. */
export type Variant = "ingest" | "copy" | "small";

export interface Config {
  pulls: number;
  smallPulls: number;
  eventsPerPull: number;
  seed: number;
  /** Rounds: each runs every variant once, in alternating order. */
  rounds: number;
  profileIntervalUs: number;
}

export interface VariantSummary {
  runs: number;
  /** Rows stored in the events table. */
  events: number;
  /** Medians over the runs, ms. */
  totalMs: number;
  verifyMs: number;
  ingestMs: number;
  /** Events per second of `totalMs` (end to end). */
  eventsPerSecond: number;
  /** Events per second leaving out openReportFile's verification pass. */
  ingestOnlyEventsPerSecond: number;
  memory: { startRssMiB: number; maxRssMiB: number; peakRssMiB: number; peakHeapUsedMiB: number; peakExternalMiB: number };
  /** CPU per stored event (µs): this process, and the PostgreSQL processes (null when not measured). */
  cpu: { nodeUsPerEvent: number; postgresUsPerEvent: number | null };
}

export interface IngestReport {
  benchmark: "ingest";
  timestamp: string;
  ratio: number;
  ratioDefinition: string;
  ratioIngestOnly: number;
  target: { ratio: number; memoryGrowth: number };
  meetsTarget: { ratio: boolean; memoryFlat: boolean };
  /** Peak RSS of the large report's ingestion / the small one's (highest over the rounds). */
  memoryGrowth: number;
  /** Stored events, large / small. */
  sizeRatio: number;
  machine: MachineInfo & { postgres: string; postgresVersion: string; loadAverage: { atStart: number[]; afterMeasuring: number[] } };
  dataset: {
    generator: string;
    large: { pulls: number; fileMiB: number; storedEvents: number };
    small: { pulls: number; fileMiB: number; storedEvents: number };
    copyFileMiB: number;
    generationSeconds: number;
  };
  variants: Record<Variant, string>;
  config: Config;
  results: Record<Variant, VariantSummary>;
  /** Every run's own figures, in the order they ran within each variant. */
  runs: Record<Variant, WorkerResult[]>;
  /** The engine's SQL alone on the small report's rows, and variants (medians over the rounds). */
  replay: Record<ReplayVariant, ReplaySummary>;
  replayLabels: Record<ReplayVariant, string>;
  /** Where ingestReport's time went, summed over the large report's runs. */
  profile: { intervalMs: number; ms: Record<IngestCategory, number>; share: Record<IngestCategory, number>; labels: Record<IngestCategory, string> };
  durationSeconds: number;
}

export interface ReplaySummary {
  runs: number;
  events: number;
  fights: number;
  sqlMs: number;
  eventsPerSecond: number;
  postgresUsPerEvent: number | null;
}

const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
const round1 = (value: number) => Math.round(value * 10) / 10;

export function summarizeRuns(runs: Record<Variant, WorkerResult[]>): Record<Variant, VariantSummary> {
  const summarize = (list: WorkerResult[]): VariantSummary => {
    const events = list[0]?.events ?? 0;
    const totalMs = median(list.map((r) => r.timings.totalMs));
    const verifyMs = median(list.map((r) => r.timings.verifyMs));
    const withoutVerify = median(list.map((r) => r.timings.totalMs - r.timings.verifyMs));
    const postgres = list.map((r) => r.cpu.postgresMs);
    return {
      runs: list.length,
      events,
      totalMs: round1(totalMs),
      verifyMs: round1(verifyMs),
      ingestMs: round1(median(list.map((r) => r.timings.ingestMs))),
      eventsPerSecond: Math.round(events / (totalMs / 1000)),
      ingestOnlyEventsPerSecond: Math.round(events / (withoutVerify / 1000)),
      memory: {
        startRssMiB: round1(median(list.map((r) => r.memory.startRssMiB))),
        maxRssMiB: Math.max(...list.map((r) => r.memory.maxRssMiB)),
        peakRssMiB: Math.max(...list.map((r) => r.memory.peakRssMiB)),
        peakHeapUsedMiB: Math.max(...list.map((r) => r.memory.peakHeapUsedMiB)),
        peakExternalMiB: Math.max(...list.map((r) => r.memory.peakExternalMiB)),
      },
      cpu: {
        nodeUsPerEvent: round1(median(list.map((r) => ((r.cpu.userMs + r.cpu.systemMs) * 1000) / r.events))),
        postgresUsPerEvent: postgres.every((v) => v !== null) ? round1(median(postgres.map((v) => ((v ?? 0) * 1000) / (events || 1)))) : null,
      },
    };
  };
  return { ingest: summarize(runs.ingest), copy: summarize(runs.copy), small: summarize(runs.small) };
}

export function summarizeReplays(replays: ReplayResult[]): Record<ReplayVariant, ReplaySummary> {
  const out = {} as Record<ReplayVariant, ReplaySummary>;
  for (const variant of REPLAY_VARIANTS) {
    const list = replays.filter((r) => r.variant === variant);
    const events = list[0]?.events ?? 0;
    const sqlMs = median(list.map((r) => r.sqlMs));
    const cpu = list.map((r) => r.postgresCpuMs);
    out[variant] = {
      runs: list.length,
      events,
      fights: list[0]?.fights ?? 0,
      sqlMs: round1(sqlMs),
      eventsPerSecond: Math.round(events / (sqlMs / 1000)),
      postgresUsPerEvent: cpu.every((v) => v !== null) ? round1(median(cpu.map((v) => ((v ?? 0) * 1000) / (events || 1)))) : null,
    };
  }
  return out;
}

const seconds = (ms: number) => formatNumber(ms / 1000, 1);
const us = (value: number | null) => (value === null ? "n/a" : formatNumber(value, 1));

/** The main table: the engine on both reports, and the baseline. */
export function tableOf(report: IngestReport): string {
  const { ingest, copy, small } = report.results;
  const row = (label: string, s: VariantSummary, rate: number) => [
    label,
    formatNumber(s.events),
    seconds(s.totalMs),
    formatNumber(rate),
    formatNumber(s.memory.maxRssMiB),
    formatNumber(s.memory.peakHeapUsedMiB),
    us(s.cpu.nodeUsPerEvent),
    us(s.cpu.postgresUsPerEvent),
  ];
  return markdownTable(
    ["", "events stored", "wall s", "events/s", "peak RSS MiB", "peak heap MiB", "Node CPU µs/event", "PostgreSQL CPU µs/event"],
    [
      row("(a) ingestion, end to end", ingest, ingest.eventsPerSecond),
      [`  of which openReportFile's verification pass`, "", seconds(ingest.verifyMs), "", "", "", "", ""],
      row("(a) ingestion, without the verification pass", { ...ingest, totalMs: ingest.totalMs - ingest.verifyMs }, ingest.ingestOnlyEventsPerSecond),
      row("(a′) ingestion, ¼-size report, end to end", small, small.eventsPerSecond),
      row("(b) baseline: COPY of the same rows", copy, copy.eventsPerSecond),
    ],
    ["left", "right", "right", "right", "right", "right", "right", "right"],
  );
}

function profileTable(report: IngestReport): string {
  const { ms, share, labels } = report.profile;
  const order = (Object.keys(ms) as IngestCategory[]).sort((a, b) => ms[b] - ms[a]);
  return markdownTable(
    ["ingestReport's time (large report, all rounds)", "s", "share"],
    order.map((c) => [labels[c], seconds(ms[c]), `${formatNumber(share[c] * 100)}%`]),
    ["left", "right", "right"],
  );
}

function replayTable(report: IngestReport): string {
  return markdownTable(
    ["the engine's SQL alone (¼-size report's rows)", "SQL s", "events/s", "PostgreSQL CPU µs/event"],
    REPLAY_VARIANTS.map((v) => {
      const r = report.replay[v];
      return [report.replayLabels[v], seconds(r.sqlMs), formatNumber(r.eventsPerSecond), us(r.postgresUsPerEvent)];
    }),
    ["left", "right", "right", "right"],
  );
}

/** What the figures say, and where the rest of the time goes (packages/ingest/src/events.ts, file.ts). */
function findings(report: IngestReport): string {
  const { ingest, copy } = report.results;
  const { share } = report.profile;
  const r = report.replay;
  const pct = (value: number) => `${formatNumber(value * 100)}%`;
  const wallUs = (ingest.totalMs * 1000) / ingest.events;
  const node = ingest.cpu.nodeUsPerEvent;
  const pg = ingest.cpu.postgresUsPerEvent ?? 0;
  const replayGapMs = r.engine.fights > 0 ? (r.engine.sqlMs - ((r.engine.postgresUsPerEvent ?? 0) * r.engine.events) / 1000) / r.engine.fights : 0;
  const replayUsPerEvent = r.engine.eventsPerSecond > 0 ? 1e6 / r.engine.eventsPerSecond : 0;
  const ceiling = 1e6 / (replayUsPerEvent + (ingest.verifyMs * 1000) / ingest.events) / copy.eventsPerSecond;
  const nodeWork = (Object.keys(share) as IngestCategory[]).filter((c) => c !== "waiting" && c !== "driver").sort((a, b) => share[b] - share[a]);
  const lines = [
    `- **COPY per fight, on a socket without Nagle.** Replayed alone, the engine's statements take ${seconds(r.engine.sqlMs)} s and ${us(r.engine.postgresUsPerEvent)} µs of PostgreSQL CPU per event (one COPY of everything: ${us(copy.cpu.postgresUsPerEvent)} µs); the unnest INSERTs PGlite still uses would take ${seconds(r.inserts.sqlMs)} s and ${us(r.inserts.postgresUsPerEvent)} µs. With postgres.js's default socket (Nagle on) the same COPYs take ${seconds(r.nagle.sqlMs)} s: each fight's transaction waits for a delayed ACK, so createDb's pool sets TCP_NODELAY.`,
    `- **Node and PostgreSQL work side by side.** (a) spends ${formatNumber(wallUs, 1)} µs of wall time per event for ${us(node)} µs of Node CPU and ${us(pg)} µs of PostgreSQL CPU: they overlap by ${formatNumber(Math.max(0, node + pg - wallUs), 1)} µs. A fight's COPY rows are built 64 KiB at a time while PostgreSQL loads the previous chunk, and the next fight is read and parsed meanwhile; \`ingestReport\` is idle ${pct(share.waiting)} of its time.`,
    `- **Per-fight transactions cap the rate.** With no Node work at all (the replay, rows built beforehand) the engine's statements reach ${formatNumber(r.engine.eventsPerSecond)} events/s against (b)'s ${formatNumber(copy.eventsPerSecond)}: each fight costs ${formatNumber(replayGapMs, 1)} ms of wall time beyond PostgreSQL's CPU (three round trips: BEGIN with the statements sent ahead of the COPY, the COPY's end and check, COMMIT; and waking processes). With the verification pass on top, that bounds (a) at about ${formatNumber(ceiling, 2)} of COPY's rate here, however fast Node gets.`,
    `- **The file is still parsed twice.** \`openReportFile\`'s verification pass (${pct(ingest.verifyMs / ingest.totalMs)} of (a)) runs \`JSON.parse\` and \`isRawEvent\`'s checks over every page, so a bad file is refused before anything is stored, and \`fightEvents\` parses each page again (reading and parsing: ${pct(share.read)} of \`ingestReport\`). Keeping the parsed pages would make memory grow with the report; zod now runs only on a page the checks refuse.`,
    `- **What is left in Node**, by share of \`ingestReport\`: ${nodeWork.map((c) => `${report.profile.labels[c]} ${pct(share[c])}`).join("; ")}.`,
  ];
  return `Findings:\n\n${lines.join("\n")}`;
}

const DOCS_INTRO = `# Benchmarks

\`pnpm bench\` runs every benchmark; \`pnpm bench <name>\` runs one. Each writes all its figures to
\`bench/results/<name>.json\` (committed, so a change shows in review) and refreshes its own section of
this page, between its \`bench:<name>\` markers. Absolute numbers depend on the machine and on what else
it is doing: compare runs on the same machine, and prefer the ratios.
`;

/** Refreshes the ingest section of docs/benchmarks.md; returns the page's path. */
export function writeDocs(report: IngestReport): string {
  const page = existsSync(DOCS_PAGE) ? readFileSync(DOCS_PAGE, "utf8") : DOCS_INTRO;
  const { ingest, copy, small } = report.results;
  const { share } = report.profile;
  const verdict = (met: boolean) => (met ? "met" : "**not met**");
  const pct = (value: number) => `${formatNumber(value * 100)}%`;
  const sqlShare = share.waiting + share.driver;
  const nodeShare = share.read + share.validate + share.normalize + share.engine + share.gc;
  const body = `## Ingest: a ~1,000,000-event report file through the engine against COPY

\`pnpm bench ingest\` on PostgreSQL ${report.machine.postgres}: a synthetic report (the generator, JSON Lines,
${formatNumber(report.dataset.large.pulls)} pulls, ${formatNumber(report.dataset.large.fileMiB)} MiB) that stores ${formatNumber(ingest.events)} events once calculateddamage and
the events no stream selects are dropped, and a ¼-size one (${formatNumber(report.dataset.small.pulls)} pulls, ${formatNumber(small.events)} events).

- **(a) ingestion**: the real path as the CLI import runs it, in a fresh child process on a fresh
  (truncated, checkpointed) database: \`openReportFile\` (which first reads and validates the whole
  file), \`enqueue\`, \`claimNext\`, \`ingestReport\` (one transaction per fight: the fight's DELETE,
  completion flag and ledger progress sent in one flight with a \`COPY … FROM STDIN\` of its events), \`markDone\`.
- **(b) baseline**: the very rows (a) stored, exported once in COPY text format, streamed from a file
  into the emptied events table with postgres.js \`COPY … FROM STDIN\`, in a fresh child process.

The variants alternate over ${report.config.rounds} rounds; figures are medians (peaks: the highest). Memory is the child's:
the kernel's RSS high-water mark, and \`process.memoryUsage()\` sampled every 50 ms. CPU is the child's,
and the PostgreSQL processes' serving the bench database (its backends, WAL writer, checkpointer, background writer, read from /proc).

${tableOf(report)}

Ratio (events/s, (a) end to end / (b)): **${formatNumber(report.ratio, 2)}**; without the verification pass ${formatNumber(report.ratioIngestOnly, 2)}.
Target ≥ ${report.target.ratio}: ${verdict(report.meetsTarget.ratio)}. Memory: peak RSS ${formatNumber(ingest.memory.maxRssMiB)} MiB for ${formatNumber(ingest.events)} events against
${formatNumber(small.memory.maxRssMiB)} MiB for ${formatNumber(small.events)} (${formatNumber(report.sizeRatio, 1)}× the events, ${formatNumber(report.memoryGrowth, 2)}× the peak; the process starts at ~${formatNumber(ingest.memory.startRssMiB)} MiB):
flat in report size, target ≤ ${report.target.memoryGrowth}×: ${verdict(report.meetsTarget.memoryFlat)}. The engine streams the file and holds one fight's events at a time.

Where the ingestion's time goes: V8's sampling profiler (every ${report.profile.intervalMs} ms) over \`ingestReport\` in every run of (a),
each sample given to the code on its stack (the verification pass, ${pct(ingest.verifyMs / ingest.totalMs)} of (a), is not in it):

${profileTable(report)}

About ${pct(sqlShare)} of \`ingestReport\` is waiting for PostgreSQL (or the file) and the driver, and ${pct(nodeShare)} is the
engine's own work in Node (reading, \`JSON.parse\`, checking pages, normalizing, building the COPY rows, and the garbage it makes).

To tell what PostgreSQL spends on the engine's statements, the ¼-size report's stored rows are written back
fight by fight with the engine's own statements, and with the INSERTs PGlite uses instead, rows and
parameters built before the clock starts, so only the SQL is timed (bench/src/ingest/replay.ts, on an owner connection, after each (a′) run):

${replayTable(report)}

Per event, (a) costs ${us(ingest.cpu.nodeUsPerEvent)} µs of Node CPU and ${us(ingest.cpu.postgresUsPerEvent)} µs of PostgreSQL CPU; (b) costs ${us(copy.cpu.postgresUsPerEvent)} µs of PostgreSQL CPU.
On ${report.machine.cpus} cores the two run side by side (second finding below).

${findings(report)}

Measured ${report.timestamp.slice(0, 16).replace("T", " ")} UTC on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, load average
${report.machine.loadAverage.atStart[0]} at the start; every figure is in [bench/results/ingest.json](../bench/results/ingest.json).
`;
  writeFileSync(DOCS_PAGE, replaceSection(page, "ingest", body));
  return DOCS_PAGE;
}
