// The analysis benchmark's report: the shape of bench/results/analysis.json and its section of
// docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DOCS_PAGE, type MachineInfo } from "../lib/context";
import { formatNumber, markdownTable, replaceSection } from "../lib/markdown";
import type { MemoryPeaks } from "../lib/resources";
import type { Summary } from "../lib/stats";
import { ENDPOINTS, type Endpoint } from "./calls";
import type { LoaderQueryOnServer } from "./diagnostics";
import { type AnalysisCategory, SQL_CATEGORIES, TS_CATEGORIES } from "./profile";

/** First (uncached) calls: p50 at most this. */
export const TARGET_FIRST_P50_MS = 300;
/** A second (cached) call at least this many times faster than a first. */
export const TARGET_CACHE_RATIO = 10;

export interface Config {
  reports: number;
  pullsPerReport: number;
  eventsPerPull: number;
  seed: number;
  /** Uncached (cold cache) calls per endpoint. */
  firstCalls: number;
  /** More cold calls per endpoint, under the sampling profiler, for the breakdown. */
  profiledCalls: number;
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
  /** After one report's ingestion time moved (as re-ingesting it does): only its events are read. */
  oneReportChangedMs: number;
  responseBytes: number;
  memory: MemoryPeaks;
}

/** A cold call under the sampling profiler (slower than an unprofiled one: V8 watches the code). */
export interface ProfiledCall {
  endpoint: Endpoint;
  ms: number;
  /** ms per category. */
  profile: Record<AnalysisCategory, number>;
}

export interface EndpointResult {
  first: Summary;
  cached: Summary;
  /** Immediately after each first call. */
  second: Summary;
  /** After one report is re-ingested (the other reports' digests cached). */
  oneReportChanged: Summary;
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
  profiledCalls: ProfiledCall[];
  /** Sum over every first call, ms per category, and the shares of SQL and TypeScript. */
  breakdown: {
    ms: Record<AnalysisCategory, number>;
    share: Record<AnalysisCategory, number>;
    sqlShare: number;
    typescriptShare: number;
    gcShare: number;
    labels: Record<AnalysisCategory, string>;
  };
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
      ms(r.oneReportChanged.p50Ms),
      ms(r.cached.p50Ms),
      ms(r.cached.p99Ms),
      formatNumber(r.ratio),
      ms(r.baseline.p50Ms),
      ms(r.baseline.p99Ms),
    ];
  });
  return markdownTable(
    [
      "",
      "first call p50 ms",
      "first p99 ms",
      "second call ms",
      "one report changed p50 ms",
      "cached p50 ms",
      "cached p99 ms",
      "first / cached",
      "SQL baseline p50 ms",
      "baseline p99 ms",
    ],
    rows,
    ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
  );
}

function breakdownTable(report: AnalysisReport): string {
  const { ms: times, share, labels } = report.breakdown;
  const calls = report.profiledCalls.length;
  const order = (Object.keys(times) as AnalysisCategory[]).sort((a, b) => times[b] - times[a]);
  return markdownTable(
    [`a profiled first call (mean of ${calls})`, "ms", "share"],
    order.map((c) => [labels[c], formatNumber(times[c] / calls), `${formatNumber(share[c] * 100)}%`]),
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
  const peakRss = Math.max(...report.firstCalls.map((c) => c.memory.maxRssMiB));
  const peakHeap = Math.max(...report.firstCalls.map((c) => c.memory.peakHeapUsedMiB));
  const share = (categories: AnalysisCategory[]) => categories.reduce((n, c) => n + breakdown.share[c], 0);
  const startRss = Math.min(...report.firstCalls.map((c) => c.memory.startRssMiB));
  const body = `## Analysis: progCurve, sessionReport, faultAggregate, night and mistakes on ${formatNumber(dataset.pulls)} pulls against one SQL query

\`pnpm bench analysis\` on PostgreSQL ${report.machine.postgres}: one synthetic prog (the generator) of ${formatNumber(dataset.pulls)} pulls cut into
${dataset.reports} reports of ${dataset.pullsPerReport} consecutive pulls (the last holds the kill), ${formatNumber(dataset.events)} events, one static watching them all
with a roster of the ${dataset.static.members} players (their characters as aliases), ${dataset.static.strats} strat entries and ${dataset.static.progPoints} prog points.

Loading: ${dataset.loading} (${formatNumber(dataset.seedSeconds)} s here).

- **Through the API**: ${report.method.api}
- **First call**: ${report.method.uncached} Each endpoint gets ${config.firstCalls} first calls (\`BENCH_ANALYSIS_FIRST_CALLS\`), unprofiled; the breakdown below comes from
  ${config.profiledCalls} more per endpoint under V8's sampling profiler (which slows the code it watches: ${ms(report.profiledCalls.reduce((n, c) => n + c.ms, 0) / Math.max(1, report.profiledCalls.length))} ms on average).
  The "second call" is the same call right after it; "cached" calls (${config.rounds} rounds × ${config.cachedPerRound} per endpoint) follow, interleaved with the baselines.
- **SQL baseline**: one query per endpoint, run the same way (withTenant, READ ONLY, on the app's pool), ${config.rounds * config.baselinePerRound} times each:
  - \`progCurve\`: ${report.method.baselines.progCurve};
  - \`sessionReport\` (session \`${dataset.session}\`): ${report.method.baselines.sessionReport};
  - \`faultAggregate\`: ${report.method.baselines.faultAggregate};
  - \`night\` (the Night page, \`analysis.night\`, same session): ${report.method.baselines.night};
  - \`mistakes\` (\`analysis.mistakes\`, mistake counts over every session): ${report.method.baselines.mistakes}.

  They compute what SQL expresses directly, not the API's forced-death and weighting rules; the bench checks that they agree where
  they overlap (best pull per session: ${report.baselineChecks.progCurveSameBestPulls ? "same" : "**differs**"}; the session's deaths per player: ${report.baselineChecks.sessionReportSameDeaths ? "same" : "**differs**"}; wipes per player: ${report.baselineChecks.faultAggregateSameWipes ? "same" : "**differs**"}).

${tableOf(report)}

Ratio (first-call p50 / cached-call p50, the lowest of them): **${formatNumber(report.ratio)}**, target ≥ ${report.target.cacheRatio}: ${verdict(report.meetsTarget.cacheRatio)}.
First calls ≤ ${report.target.firstCallP50Ms} ms p50: ${ENDPOINTS.map((e) => `\`${e}\` ${verdict(report.meetsTarget.firstCallP50[e])} (${ms(firstP50(e))} ms)`).join(", ")}. The process (the API runs in it)
peaks at ${formatNumber(peakRss)} MiB RSS during first calls (from ${formatNumber(startRss)} MiB; ${formatNumber(peakHeap)} MiB of heap in use at the highest sample).

How a first call avoids reading ${formatNumber(dataset.events)} events: the digests (packages/analysis/src/digest.ts) read only deaths and the events of the
abilities the static's config names (configured mechanics, the enrage, prog points' abilities), plus, for a death without a killing ability, the hit
just before it. The loader asks for exactly those (\`eventsNeeded\` names them), in one flight with the pulls, and two covering indexes (migration 0005) answer: on the server the deaths and hits queries
execute in ${ms(loaderQuery.serverMs)} ms for ${formatNumber(loaderQuery.rows)} rows (${formatNumber(loaderQuery.deathRows)} deaths, ${formatNumber(loaderQuery.abilityRows)} direct hits of the configured mechanics), using ${loaderQuery.scans.map((x) => `\`${x}\``).join(", ")}
(${formatNumber(loaderQuery.heapFetches)} heap fetches). Of those rows the digests use ${formatNumber(loaderQuery.rowsTheDigestUses)} for their result. Digests are then cached per (static, report, revision and ingestion progress,
encounter, roster/aliases/strats/prog points), the prepared analysis per static question, and each view's result with it.

Where a first call's time goes: ${report.method.profile}

${breakdownTable(report)}

SQL (until the loader holds its rows as objects) is ${pct(share(SQL_CATEGORIES))} of a first call, TypeScript (grouping, digest, view) ${pct(share(TS_CATEGORIES))},
garbage collection ${pct(breakdown.gcShare)}.

${findings(report, firstP50)}

Measured ${report.timestamp.slice(0, 16).replace("T", " ")} UTC on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, load average
${report.machine.loadAverage.atStart[0]} at the start; every figure is in [bench/results/analysis.json](../bench/results/analysis.json).
`;
  writeFileSync(DOCS_PAGE, replaceSection(page, "analysis", body));
  return DOCS_PAGE;
}

/** What the run shows, with its numbers. */
function findings(report: AnalysisReport, firstP50: (e: Endpoint) => number): string {
  const slowestBaseline = Math.max(...ENDPOINTS.map((e) => report.results[e].baseline.p50Ms));
  const slowestFirst = Math.max(...ENDPOINTS.map((e) => firstP50(e)));
  const changed = Math.max(...ENDPOINTS.map((e) => report.results[e].oneReportChanged.p50Ms));
  const lines = [
    `- A first call takes ${ms(slowestFirst)} ms at p50 at most, against ${ms(slowestBaseline)} ms for the slowest SQL baseline: the aggregates in SQL stay cheaper, because they skip the per-pull rules (forced deaths, cascades, weighting) that the TypeScript applies.`,
    `- Re-ingesting one of ${report.dataset.reports} reports costs ${ms(changed)} ms at p50 on the next call (its digests are read again, the others' kept).`,
    `- Index-only scans need pages marked all-visible: right after a large ingestion, before autovacuum has run, the same queries fetch rows from the table too (slower, still bounded by the rows they return).`,
  ];
  return `Findings:\n\n${lines.join("\n")}`;
}
