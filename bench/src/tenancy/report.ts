// The tenancy benchmark's report: the shape of bench/results/tenancy.json and its section of
// docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DOCS_PAGE, type MachineInfo } from "../lib/context";
import { formatNumber, markdownTable, replaceSection } from "../lib/markdown";
import type { Summary } from "../lib/stats";

export const TARGET_P50_RATIO = 1.2;
export const TARGET_ROUND_TRIPS = 2;

export type Variant = "chokepoint" | "plain";
export type Scenario = "querySequential" | "queryConcurrent" | "httpSequential" | "httpConcurrent";
export const SCENARIOS: Scenario[] = ["querySequential", "queryConcurrent", "httpSequential", "httpConcurrent"];
const LABELS: Record<Scenario, string> = {
  querySequential: "query layer, sequential",
  queryConcurrent: "query layer, 32 concurrent",
  httpSequential: "HTTP, sequential",
  httpConcurrent: "HTTP, 32 concurrent",
};

/**
 * Sequential query-layer variants that split the chokepoint's cost into parts, interleaved request
 * by request (so machine noise hits them alike) and compared with each other only.
 */
export type BreakdownPart = "oneRoundTrip" | "plain" | "chokepointEmpty" | "chokepointRlsOnly" | "chokepoint" | "chokepointReadWrite";
export const BREAKDOWN_PARTS: BreakdownPart[] = [
  "oneRoundTrip",
  "plain",
  "chokepointEmpty",
  "chokepointRlsOnly",
  "chokepoint",
  "chokepointReadWrite",
];

export interface Config {
  statics: number;
  rowsPerStatic: number;
  /** Interleaved rounds: each runs every scenario once per variant, alternating which goes first. */
  rounds: number;
  concurrency: number;
  /** Connections in the app's pool, and in the baseline's. */
  poolSize: number;
  /** Requests per variant per round. */
  perRound: Record<Scenario, number>;
  breakdownPerRound: number;
  /** Sequential requests per variant over which round trips are counted (twice that when concurrent). */
  roundTripBatch: number;
}

export interface ScenarioResult {
  chokepoint: Summary;
  plain: Summary;
  ratioP50: number;
  ratioP99: number;
  ratioRps: number;
  /** Per request; through HTTP this includes the identity and membership queries. */
  roundTrips: Record<Variant, number>;
  /** HTTP only: time spent inside the server's app per request (rps is not meaningful here). */
  serverHandling?: Record<Variant, Summary> & { ratioP50: number };
}

/** Round trips per request on the app's pool, on the baseline's pool, and in all. */
export type RoundTrips = Record<Scenario, Record<Variant, { appPool: number; plainPool: number; total: number }>>;

export interface TenancyReport {
  benchmark: "tenancy";
  timestamp: string;
  ratio: number;
  ratioDefinition: string;
  target: { httpP50Ratio: number; roundTrips: number };
  meetsTarget: { httpP50Ratio: boolean; httpConcurrentP50Ratio: boolean; roundTrips: boolean };
  machine: MachineInfo & { postgres: string; postgresVersion: string; loadAverage: { atStart: number[]; afterMeasuring: number[] } };
  dataset: { statics: number; rowsPerStatic: number; rosterRows: number; membership: string; layout: string; seedSeconds: number };
  query: string;
  variants: Record<Variant, string>;
  config: Config & { httpClient: string };
  results: Record<Scenario, ScenarioResult>;
  roundTrips: RoundTrips;
  breakdown: {
    parts: Record<BreakdownPart, Summary>;
    /** Differences of p50s (approximate: percentiles do not subtract exactly). */
    derivedP50Ms: {
      chokepointOverQuery: number;
      transactionAndBind: number;
      duplicatedStaticIdPredicate: number;
      rest: number;
      readOnlyHandOffSaves: number;
    };
  };
  durationSeconds: number;
}

const ms = (value: number) => formatNumber(value, 3);

/** The main table: chokepoint (a) against plain (b), per scenario. */
export function tableOf(report: TenancyReport): string {
  const rows = SCENARIOS.map((scenario) => {
    const r = report.results[scenario];
    return [
      LABELS[scenario],
      ms(r.chokepoint.p50Ms),
      ms(r.chokepoint.p99Ms),
      formatNumber(r.chokepoint.rps),
      ms(r.plain.p50Ms),
      ms(r.plain.p99Ms),
      formatNumber(r.plain.rps),
      formatNumber(r.ratioP50, 2),
      `${formatNumber(r.roundTrips.chokepoint, 2)} / ${formatNumber(r.roundTrips.plain, 2)}`,
    ];
  });
  return markdownTable(
    ["", "(a) p50 ms", "(a) p99 ms", "(a) req/s", "(b) p50 ms", "(b) p99 ms", "(b) req/s", "p50 (a)/(b)", "round trips (a) / (b)"],
    rows,
    ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
  );
}

function breakdownTable(report: TenancyReport): string {
  const { parts } = report.breakdown;
  const rows: [string, Summary][] = [
    ["one round trip: `select 1` on the plain pool", parts.oneRoundTrip],
    ["(b) plain read", parts.plain],
    ["withTenant, empty callback: BEGIN READ ONLY + bind", parts.chokepointEmpty],
    ["withTenant, the read without `WHERE static_id` (RLS alone confines)", parts.chokepointRlsOnly],
    ["(a) withTenant, the read as benchmarked", parts.chokepoint],
    ["(a) read-write instead: waits for COMMIT", parts.chokepointReadWrite],
  ];
  return markdownTable(
    ["query layer, sequential", "p50 ms", "p99 ms"],
    rows.map(([label, s]) => [label, ms(s.p50Ms), ms(s.p99Ms)]),
    ["left", "right", "right"],
  );
}

function serverLine(report: TenancyReport): string {
  const handling = report.results.httpSequential.serverHandling;
  if (!handling) return "(not measured)";
  const gap = report.results.httpSequential.chokepoint.p50Ms - report.results.httpSequential.plain.p50Ms;
  return (
    `${ms(handling.chokepoint.p50Ms)} ms (a) and ${ms(handling.plain.p50Ms)} ms (b) at p50 (ratio ${formatNumber(handling.ratioP50, 2)}): ` +
    `${ms(handling.chokepoint.p50Ms - handling.plain.p50Ms)} ms of the ${ms(gap)} ms the client sees between them`
  );
}

const DOCS_INTRO = `# Benchmarks

\`pnpm bench\` runs every benchmark; \`pnpm bench <name>\` runs one. Each writes all its figures to
\`bench/results/<name>.json\` (committed, so a change shows in review) and refreshes its own section of
this page, between its \`bench:<name>\` markers. Absolute numbers depend on the machine and on what else
it is doing: compare runs on the same machine, and prefer the ratios.
`;

/** Refreshes the tenancy section of docs/benchmarks.md; returns the page's path. */
/** What repeating `static_id` in the WHERE clause, on top of the policy, costs (or saves). */
function predicateLine(ms3: number): string {
  if (ms3 >= 0.05) {
    return `${ms(ms3)} ms goes with repeating \`static_id\` in the WHERE clause on top of the policy: PostgreSQL then checks
the policy's bound static against the query's constant in a gating Result node, which copies every scanned row before the sort`;
  }
  if (ms3 <= -0.05) {
    return `repeating \`static_id\` in the WHERE clause on top of the policy costs nothing: the read is ${ms(-ms3)} ms faster with it
(the policy's array form, migrations/0022, leaves the planner no gate to add)`;
  }
  return `repeating \`static_id\` in the WHERE clause on top of the policy costs ${ms(ms3)} ms (within noise)`;
}

export function writeDocs(report: TenancyReport): string {
  const page = existsSync(DOCS_PAGE) ? readFileSync(DOCS_PAGE, "utf8") : DOCS_INTRO;
  const trips = report.roundTrips;
  const httpA = trips.httpSequential.chokepoint;
  const httpB = trips.httpSequential.plain;
  const derived = report.breakdown.derivedP50Ms;
  const verdict = (met: boolean) => (met ? "met" : "**not met**");
  const load = report.machine.loadAverage;
  const body = `## Tenancy: the withTenant chokepoint against a plain query

\`pnpm bench tenancy\` on PostgreSQL ${report.machine.postgres}: ${formatNumber(report.dataset.statics)} statics × ${formatNumber(report.dataset.rowsPerStatic)} roster rows
(${formatNumber(report.dataset.rosterRows)} rows), one member user per static. The read: ${report.query};
each request reads a random static as its member (both variants read the same statics).

- **(a) chokepoint**: \`withTenant\` on the app's pool (role \`progboard_app\`), READ ONLY as \`staticProcedure\`
  runs queries: BEGIN READ ONLY, the bind statement and the query travel in one flight and the answer
  returns without waiting for the COMMIT that follows; row-level security confines the rows. Through
  HTTP: \`staticProcedure\`.
- **(b) plain**: the same drizzle select, \`WHERE static_id = $1\`, on a pool connected as the owner (a
  superuser, so RLS does not apply), no transaction. Through HTTP: \`protectedProcedure\`, so both pay the
  same identity and membership queries.

Both pools hold ${report.config.poolSize} connections and use named (prepared) statements. HTTP is a Hono + tRPC server built like
apps/server's, driven with Node's fetch (keep-alive) from a separate process; "32 concurrent" keeps 32
requests in flight. The two variants alternate over ${report.config.rounds} interleaved rounds.

${tableOf(report)}

Round trips are counted by a TCP proxy (bench/src/roundtrips.ts). Through HTTP (sequential), (a) makes
${httpA.total} per request: the dev identity lookup, the membership check, then the bound read's ${trips.querySequential.chokepoint.total} (its COMMIT off the
critical path); (b) makes ${httpB.total} (${httpB.appPool} on the app's pool, ${httpB.plainPool} for the read). Concurrent requests share flights, hence fewer.

Inside the server (from the request reaching the Hono app to the response body being ready), sequential
requests take ${serverLine(report)}.

Where the chokepoint's time goes: query layer, sequential, the rows below interleaved request by request
(so their figures differ a little from the table above):

${breakdownTable(report)}

(a) costs ${ms(derived.chokepointOverQuery)} ms more than (b): about ${ms(derived.transactionAndBind)} ms is the transaction itself (BEGIN READ ONLY,
the bind, the runner), ${predicateLine(derived.duplicatedStaticIdPredicate)}, and the remaining ${ms(derived.rest)} ms is the read running bound (role switch, the policy's InitPlan, driver work).
Not waiting for COMMIT saves ${ms(derived.readOnlyHandOffSaves)} ms against a read-write transaction.

Targets: HTTP p50 ratio ≤ ${report.target.httpP50Ratio}: sequential ${formatNumber(report.results.httpSequential.ratioP50, 2)} (${verdict(report.meetsTarget.httpP50Ratio)}), 32 concurrent
${formatNumber(report.results.httpConcurrent.ratioP50, 2)} (${verdict(report.meetsTarget.httpConcurrentP50Ratio)}); round trips per scoped read ≤ ${report.target.roundTrips}: ${trips.querySequential.chokepoint.total} (${verdict(report.meetsTarget.roundTrips)}).

Measured ${report.timestamp.slice(0, 16).replace("T", " ")} UTC on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, load average
${load.atStart[0]} at the start; every figure is in [bench/results/tenancy.json](../bench/results/tenancy.json).
`;
  writeFileSync(DOCS_PAGE, replaceSection(page, "tenancy", body));
  return DOCS_PAGE;
}
