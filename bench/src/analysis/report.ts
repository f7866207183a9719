// The analysis benchmark's report: the shape of bench/results/analysis.json and its section of
// docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DOCS_PAGE, type MachineInfo } from "../lib/context";
import { formatNumber, markdownTable, replaceSection } from "../lib/markdown";
import type { MemoryPeaks } from "../lib/resources";
import type { Summary } from "../lib/stats";
import { ENDPOINTS, type Endpoint } from "./calls";
import type { LoaderQueryOnServer } from "./diagnostics";
import { SQL_CATEGORIES, TS_CATEGORIES, type AnalysisCategory } from "./profile";

/** First (uncached) calls: p50 at most this. */
export const TARGET_FIRST_P50_MS = 300;
/** A second (cached) call at least this many times faster than a first. */
export const TARGET_CACHE_RATIO = 10;

export interface Config {
  reports: number;
  pullsPerReport: number;
  eventsPerPull: number;
  seed: number;
  /** Uncached calls per endpoint (each re-analyses every event: tens of seconds at 5M events). */
  firstCalls: number;
  /** Rounds of cached calls and baselines, endpoints in rotating order. */
  rounds: number;
  cachedPerRound: number;
  baselinePerRound: number;
  profileIntervalUs: number;
}

export interface FirstCall {
  endpoint: Endpoint;
  ms: number;
  /** The call right after it (same key: from the cache). */
  secondMs: number;
  responseBytes: number;
  memory: MemoryPeaks;
  /** Sampling profiler, ms per category. */
  profile: Record<AnalysisCategory, number>;
}

export interface EndpointResult {
  first: Summary;
  cached: Summary;
  /** Immediately after each first call. */
  second: Summary;
  baseline: Summary;
  /** first p50 / cached p50. */
  ratio: number;
  /** first p50 / baseline p50. */
  firstOverBaseline: number;
  responseBytes: number;
}

export interface AnalysisReport {
  benchmark: "analysis";
  timestamp: string;
  ratio: number;
  ratioDefinition: string;
  target: { firstCallP50Ms: number; cacheRatio: number };
  meetsTarget: { firstCallP50: Record<Endpoint, boolean>; cacheRatio: boolean };
  machine: MachineInfo & { postgres: string; postgresVersion: string; loadAverage: { atStart: number[]; afterMeasuring: number[] } };
  dataset: {
    reports: number;
    pullsPerReport: number;
    pulls: number;
    events: number;
    eventsPerReport: number[];
    loading: string;
    seedSeconds: number;
    normalizationCheck: { pulls: number; events: number };
    static: { members: number; aliases: number; strats: number; progPoints: number };
    session: string;
  };
  method: { api: string; uncached: string; profile: string; baselines: Record<Endpoint, string> };
  config: Config;
  results: Record<Endpoint, EndpointResult>;
  firstCalls: FirstCall[];
  /** Sum over every first call, ms per category, and the shares of SQL and TypeScript. */
  breakdown: { ms: Record<AnalysisCategory, number>; share: Record<AnalysisCategory, number>; sqlShare: number; typescriptShare: number; gcShare: number; labels: Record<AnalysisCategory, string> };
  /** The loader's events query under EXPLAIN ANALYZE, and how many of its rows the digest uses. */
  loaderQuery: LoaderQueryOnServer & { rowsTheDigestUses: number };
  baselineChecks: { progCurveSameBestPulls: boolean; sessionReportSameDeaths: boolean; faultAggregateSameWipes: boolean };
  durationSeconds: number;
}

const ms = (value: number) => formatNumber(value, value >= 100 ? 0 : 1);

export function tableOf(report: AnalysisReport): string {
  const rows = ENDPOINTS.map((endpoint) => {
    const r = report.results[endpoint];
    return [
      `\`${endpoint}\``,
      ms(r.first.p50Ms),
      ms(r.first.p99Ms),
      ms(r.second.p50Ms),
      ms(r.cached.p50Ms),
      ms(r.cached.p99Ms),
      formatNumber(r.ratio),
      ms(r.baseline.p50Ms),
      ms(r.baseline.p99Ms),
    ];
  });
  return markdownTable(
    ["", "first call p50 ms", "first p99 ms", "second call ms", "cached p50 ms", "cached p99 ms", "first / cached", "SQL baseline p50 ms", "baseline p99 ms"],
    rows,
    ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
  );
}

function breakdownTable(report: AnalysisReport): string {
  const { ms: times, share, labels } = report.breakdown;
  const calls = report.firstCalls.length;
  const order = (Object.keys(times) as AnalysisCategory[]).sort((a, b) => times[b] - times[a]);
  return markdownTable(
    [`a first call (mean of ${calls})`, "s", "share"],
    order.map((c) => [labels[c], formatNumber(times[c] / calls / 1000, 1), `${formatNumber(share[c] * 100)}%`]),
    ["left", "right", "right"],
  );
}

const DOCS_INTRO = `# Benchmarks

\`pnpm bench\` runs every benchmark; \`pnpm bench <name>\` runs one. Each writes all its figures to
\`bench/results/<name>.json\` (committed, so a change shows in review) and refreshes its own section of
this page, between its \`bench:<name>\` markers. Absolute numbers depend on the machine and on what else
it is doing: compare runs on the same machine, and prefer the ratios.
`;

/** Refreshes the analysis section of docs/benchmarks.md; returns the page's path. */
export function writeDocs(report: AnalysisReport): string {
  const page = existsSync(DOCS_PAGE) ? readFileSync(DOCS_PAGE, "utf8") : DOCS_INTRO;
  const { dataset, breakdown, loaderQuery, config } = report;
  const verdict = (met: boolean) => (met ? "met" : "**not met**");
  const pct = (value: number) => `${formatNumber(value * 100)}%`;
  const firstP50 = (e: Endpoint) => report.results[e].first.p50Ms;
  const meanFirstMs = report.firstCalls.reduce((n, c) => n + c.ms, 0) / report.firstCalls.length;
  const peakRss = Math.max(...report.firstCalls.map((c) => c.memory.maxRssMiB));
  const peakHeap = Math.max(...report.firstCalls.map((c) => c.memory.peakHeapUsedMiB));
  const share = (categories: AnalysisCategory[]) => categories.reduce((n, c) => n + breakdown.share[c], 0);
  const startRss = Math.min(...report.firstCalls.map((c) => c.memory.startRssMiB));
  const body = `## Analysis: progCurve, sessionReport and faultAggregate on ${formatNumber(dataset.pulls)} pulls against one SQL query

\`pnpm bench analysis\` on PostgreSQL ${report.machine.postgres}: one synthetic prog (the generator) of ${formatNumber(dataset.pulls)} pulls cut into
${dataset.reports} reports of ${dataset.pullsPerReport} consecutive pulls (the last holds the kill), ${formatNumber(dataset.events)} events, one static watching them all
with a roster of the ${dataset.static.members} players (their characters as aliases), ${dataset.static.strats} strat entries and ${dataset.static.progPoints} prog points.

Loading: ${dataset.loading} (${formatNumber(dataset.seedSeconds)} s here).

- **Through the API**: ${report.method.api}
- **First call**: ${report.method.uncached} Each re-reads every event (${formatNumber(meanFirstMs / 1000, 1)} s here), so each endpoint gets ${config.firstCalls}
  (\`BENCH_ANALYSIS_FIRST_CALLS\` for more): p50 and p99 of ${config.firstCalls} sample${config.firstCalls > 1 ? "s" : ""}, all profiled (below).
  The "second call" is the same call right after it; "cached" calls (${config.rounds} rounds × ${config.cachedPerRound} per endpoint) follow, interleaved with the baselines.
- **SQL baseline**: one query per endpoint, run the same way (withTenant, READ ONLY, on the app's pool), ${config.rounds * config.baselinePerRound} times each:
  - \`progCurve\`: ${report.method.baselines.progCurve};
  - \`sessionReport\` (session \`${dataset.session}\`): ${report.method.baselines.sessionReport};
  - \`faultAggregate\`: ${report.method.baselines.faultAggregate}.

  They compute what SQL expresses directly, not the API's forced-death and weighting rules; the bench checks that they agree where
  they overlap (best pull per session: ${report.baselineChecks.progCurveSameBestPulls ? "same" : "**differs**"}; the session's deaths per player: ${report.baselineChecks.sessionReportSameDeaths ? "same" : "**differs**"}; wipes per player: ${report.baselineChecks.faultAggregateSameWipes ? "same" : "**differs**"}).

${tableOf(report)}

Ratio (first-call p50 / cached-call p50, the lowest of the three): **${formatNumber(report.ratio)}**, target ≥ ${report.target.cacheRatio}: ${verdict(report.meetsTarget.cacheRatio)}.
First calls ≤ ${report.target.firstCallP50Ms} ms p50: ${ENDPOINTS.map((e) => `\`${e}\` ${verdict(report.meetsTarget.firstCallP50[e])}`).join(", ")}: a first call
takes ${formatNumber(meanFirstMs / 1000, 1)} s, ${formatNumber(meanFirstMs / report.target.firstCallP50Ms)}× the target, and the process (the API runs in it) grows from ${formatNumber(startRss)} MiB to a peak
of ${formatNumber(peakRss)} MiB RSS (${formatNumber(peakHeap)} MiB of heap in use at the highest sample) doing it.

Where a first call's time goes: ${report.method.profile}

${breakdownTable(report)}

SQL (until the loader holds its rows as objects) is ${pct(share(SQL_CATEGORIES))} of a first call, TypeScript (grouping, digest, view) ${pct(share(TS_CATEGORIES))},
garbage collection ${pct(breakdown.gcShare)}. PostgreSQL's own part: the loader's events query under EXPLAIN ANALYZE executes in
${formatNumber(loaderQuery.serverMs / 1000, 1)} s for ${formatNumber(loaderQuery.rows)} rows (~${formatNumber(loaderQuery.approxMiB)} MiB by the planner's row width)${loaderQuery.sortSpilledMiB > 0 ? `: a ${loaderQuery.topNode} over a sort that spills ${formatNumber(loaderQuery.sortSpilledMiB)} MiB to disk (work_mem),
so no row reaches Node before the whole result is sorted` : ""}; one report at a time (an index-ordered plan${loaderQuery.perReportSortSpilledMiB > 0 ? "" : ", no sort"}) the same rows take
${formatNumber(loaderQuery.perReportServerMs / 1000, 1)} s. Node then turns every row into a drizzle object and copies each into a per-pull list before the digest reads them once.
Of those rows the digest uses ${formatNumber(loaderQuery.rowsTheDigestUses)} (${pct(loaderQuery.rowsTheDigestUses / loaderQuery.rows)}): the deaths, the hits from the ${dataset.static.strats} configured mechanics and the
first sighting of the prog points' abilities; every other damage event only feeds \`lastHit\`, which matters for deaths without a killing ability.

${findings(report, firstP50)}

Measured ${report.timestamp.slice(0, 16).replace("T", " ")} UTC on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, load average
${report.machine.loadAverage.atStart[0]} at the start; every figure is in [bench/results/analysis.json](../bench/results/analysis.json).
`;
  writeFileSync(DOCS_PAGE, replaceSection(page, "analysis", body));
  return DOCS_PAGE;
}

/** Suggestions for packages/api/src/services/analysis.ts, with the run's numbers. */
function findings(report: AnalysisReport, firstP50: (e: Endpoint) => number): string {
  const { breakdown, loaderQuery } = report;
  const pct = (value: number) => `${formatNumber(value * 100)}%`;
  const fastestBaseline = Math.max(...ENDPOINTS.map((e) => report.results[e].baseline.p50Ms));
  const lines = [
    `- **Load only the rows the digest reads.** ${formatNumber(loaderQuery.rows)} rows travel for ${formatNumber(loaderQuery.rowsTheDigestUses)} that matter. Filtering the events query to deaths, damage from the configured mechanics' ability ids, and the watched/enrage abilities (resolved from \`abilities\` before the query), and fetching \`lastHit\` only for deaths that lack a killing ability, would cut rows, decoding, mapping, grouping and most of the garbage (${pct(breakdown.share.driver + breakdown.share.drizzle + breakdown.share.loader + breakdown.gcShare)} of a first call here) by about ${formatNumber(loaderQuery.rows / Math.max(1, loaderQuery.rowsTheDigestUses))}×. A partial index on \`events (report_code, fight_id) where type = 'death'\` would keep the death scan off the damage rows.`,
    `- **Cache per report, not per static view.** The key covers every watched report and the whole config (roster, aliases, strats, prog points, fault overrides), so any edit (a fault override, a new prog point) re-reads all ${formatNumber(report.dataset.events)} events. Digests are per pull: cache them per (report, revision/ingestion time, strat-config version for the encounter) and assemble the static's analysis from them; overrides and prog points apply after the digest and need not invalidate it. Precomputing the static-independent part at ingestion (deaths with their killing ability, enrage time, first sightings) would make even a cold call read a few thousand rows.`,
    `- **Skip the per-row copies.** The events arrive ordered by (report, fight, seq): the loader can cut per-pull lists at fight boundaries instead of a Map lookup with a string key per row, and pass rows as they are instead of \`{ ...event, data }\` with a new \`data\` object per row; \`.values()\` on postgres.js (or a raw query) would skip drizzle's per-cell mapping (${pct(breakdown.share.drizzle)} here).`,
    `- **Bound memory.** A first call holds every event as two objects at once (${formatNumber(Math.max(...report.firstCalls.map((c) => c.memory.maxRssMiB)))} MiB peak RSS here, against V8's default heap limit of ~4 GiB on this machine); two statics analysing at the same time could exhaust the server's heap. Streaming the query with a cursor and digesting pull by pull keeps it to one pull's events.`,
    `- **Cache the views too.** A cached call still rebuilds its view from every pull: \`faultAggregate\` (\`attributeFaults\` over ${formatNumber(report.dataset.pulls)} pulls) takes ${formatNumber(report.results.faultAggregate.cached.p50Ms)} ms at p50 (p99 ${formatNumber(report.results.faultAggregate.cached.p99Ms)} ms) against ${formatNumber(report.results.progCurve.cached.p50Ms, 1)} ms for \`progCurve\`; memoizing each view's result next to the analysis (same key, plus the scope's dates) would bring it to the cost of the key check.`,
    `- **Let PostgreSQL stream in key order.** For ${formatNumber(report.dataset.reports)} reports the planner sorts the whole result (spilling ${formatNumber(loaderQuery.sortSpilledMiB)} MiB) before the first row leaves; per report it walks the primary key in order (${formatNumber(loaderQuery.perReportServerMs / 1000, 1)} s against ${formatNumber(loaderQuery.serverMs / 1000, 1)} s, no sort). Querying report by report (which also lets the loader digest pull by pull) avoids the sort and its wait.`,
    `- The SQL baselines answer in ${formatNumber(fastestBaseline)} ms or less, at least ${formatNumber(Math.min(...ENDPOINTS.map((e) => firstP50(e))) / fastestBaseline)}× faster than a first call: the aggregates themselves are cheap to compute where the rows are; moving every row to Node is what costs.`,
  ];
  return `Findings and suggestions (packages/api/src/services/analysis.ts):\n\n${lines.join("\n")}`;
}
