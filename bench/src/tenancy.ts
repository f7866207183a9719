// `pnpm bench tenancy`: what the withTenant chokepoint costs. The same scoped list read (a) through
// the chokepoint (BEGIN + bind + query pipelined, COMMIT; row-level security) and (b) as a plain
// `WHERE static_id = $1` query on the owner's connection (no transaction, RLS bypassed), at the
// query layer and through HTTP, sequential and 32 concurrent, on 1,000 statics × 1,000 rows.
import { loadavg } from "node:os";
import { createDb, type DbHandle, rosterMembers, TenantBindError } from "@progboard/db";
import { mulberry32 } from "@progboard/ingest/testing";
import { count } from "drizzle-orm";
import { benchMachine, publishResults } from "./lib/context";
import { createBenchDatabase } from "./lib/database";
import { envInt } from "./lib/env";
import { HttpLoad } from "./lib/http-load";
import { formatNumber } from "./lib/markdown";
import { roundSummary, Samples, type Summary } from "./lib/stats";
import { type RoundTripProxy, startRoundTripProxy } from "./roundtrips";
import { type BenchServer, startBenchServer } from "./tenancy/app";
import { openPlain, PAGE_SIZE, type PlainConnection, QUERY_DESCRIPTION, rosterPage, rosterPageRlsOnly } from "./tenancy/query";
import {
  BREAKDOWN_PARTS,
  type BreakdownPart,
  type Config,
  type RoundTrips,
  SCENARIOS,
  type Scenario,
  type ScenarioResult,
  TARGET_P50_RATIO,
  TARGET_ROUND_TRIPS,
  type TenancyReport,
  tableOf,
  type Variant,
  writeDocs,
} from "./tenancy/report";
import { type BenchTenant, seed } from "./tenancy/seed";

function readConfig(): Config {
  // BENCH_REQUEST_SCALE_PERCENT shrinks or grows every request count (e.g. 10 for a smoke run).
  const scale = envInt("BENCH_REQUEST_SCALE_PERCENT", 100) / 100;
  const n = (value: number) => Math.max(32, Math.round(value * scale));
  return {
    statics: envInt("BENCH_STATICS", 1000),
    rowsPerStatic: envInt("BENCH_ROWS_PER_STATIC", 1000),
    rounds: envInt("BENCH_ROUNDS", 6),
    concurrency: 32,
    poolSize: 10,
    perRound: { querySequential: n(400), queryConcurrent: n(1200), httpSequential: n(300), httpConcurrent: n(800) },
    breakdownPerRound: n(300),
    roundTripBatch: n(200),
  };
}

const log = (message: string) => console.info(`[tenancy] ${message}`);
const round2 = (value: number) => Math.round(value * 100) / 100;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

function pickTenants(tenants: BenchTenant[], n: number, seed: number): BenchTenant[] {
  // Seeded, so both variants of a round read the same statics.
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => tenants[Math.floor(next() * tenants.length)] as BenchTenant);
}

/** Runs `call` once per target, `concurrency` at a time, timing each call. */
async function timeCalls(targets: BenchTenant[], concurrency: number, call: (t: BenchTenant) => Promise<unknown>) {
  const latenciesMs = new Float64Array(targets.length);
  let next = 0;
  const worker = async () => {
    // Bounded: each worker takes the next unclaimed target until there are none.
    while (next < targets.length) {
      const index = next++;
      const started = performance.now();
      await call(targets[index] as BenchTenant);
      latenciesMs[index] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return { latenciesMs, wallMs: performance.now() - started };
}

/** The app's pool (createDb), the baseline's pool, and the HTTP server over both. */
interface Stack {
  handle: DbHandle;
  plain: PlainConnection;
  server: BenchServer;
}

async function openStack(appUrl: string, plainUrl: string, config: Config): Promise<Stack> {
  const handle = await createDb({ databaseUrl: appUrl, maxConnections: config.poolSize });
  const plain = openPlain(plainUrl, config.poolSize);
  const server = await startBenchServer(handle, plain.db);
  return { handle, plain, server };
}

async function closeStack(stack: Stack): Promise<void> {
  await stack.server.close();
  await Promise.all([stack.handle.close(), stack.plain.close()]);
}

/** As staticProcedure runs a query: READ ONLY, answering without waiting for COMMIT. */
const READ_ONLY = { readOnly: true } as const;

/** One request of a scenario, for either variant, on `stack`. */
function scenarioRunner(stack: Stack, load: HttpLoad, config: Config) {
  const queries: Record<Variant, (t: BenchTenant) => Promise<unknown>> = {
    chokepoint: (t) => stack.handle.withTenant(t, (tx) => rosterPage(tx, t.staticId), READ_ONLY),
    plain: (t) => rosterPage(stack.plain.db, t.staticId),
  };
  const endpoints: Record<Variant, string> = { chokepoint: `${stack.server.trpcUrl}/scoped`, plain: `${stack.server.trpcUrl}/plain` };
  return async (scenario: Scenario, variant: Variant, targets: BenchTenant[]) => {
    const concurrency = scenario.endsWith("Concurrent") ? config.concurrency : 1;
    if (scenario.startsWith("query")) return timeCalls(targets, concurrency, queries[variant]);
    return load.run(
      endpoints[variant],
      targets.map((t) => [t.username, t.staticId]),
      concurrency,
    );
  };
}

/** Extra sequential query-layer variants that split the chokepoint's cost into its parts. */
function breakdownCalls(stack: Stack): Record<BreakdownPart, (t: BenchTenant) => Promise<unknown>> {
  return {
    oneRoundTrip: () => stack.plain.sql.unsafe("select 1", [], { prepare: true }),
    plain: (t) => rosterPage(stack.plain.db, t.staticId),
    chokepointEmpty: (t) => stack.handle.withTenant(t, () => Promise.resolve(null), READ_ONLY),
    chokepointRlsOnly: (t) => stack.handle.withTenant(t, (tx) => rosterPageRlsOnly(tx), READ_ONLY),
    chokepoint: (t) => stack.handle.withTenant(t, (tx) => rosterPage(tx, t.staticId), READ_ONLY),
    chokepointReadWrite: (t) => stack.handle.withTenant(t, (tx) => rosterPage(tx, t.staticId)),
  };
}

/** Times every part once per target, sequentially, rotating which part goes first. */
async function timeBreakdown(parts: Record<BreakdownPart, (t: BenchTenant) => Promise<unknown>>, targets: BenchTenant[]) {
  const latencies = Object.fromEntries(BREAKDOWN_PARTS.map((p) => [p, new Float64Array(targets.length)])) as Record<BreakdownPart, Float64Array>;
  const wall = Object.fromEntries(BREAKDOWN_PARTS.map((p) => [p, 0])) as Record<BreakdownPart, number>;
  for (const [i, target] of targets.entries()) {
    for (let k = 0; k < BREAKDOWN_PARTS.length; k++) {
      const part = BREAKDOWN_PARTS[(i + k) % BREAKDOWN_PARTS.length] as BreakdownPart;
      const started = performance.now();
      await parts[part](target);
      const elapsed = performance.now() - started;
      latencies[part][i] = elapsed;
      wall[part] += elapsed;
    }
  }
  return BREAKDOWN_PARTS.map((part) => ({ part, latenciesMs: latencies[part], wallMs: wall[part] }));
}

/** Both variants must answer the same rows; the chokepoint must really confine and refuse. */
async function checkEquivalence(stack: Stack, load: HttpLoad, tenants: BenchTenant[], config: Config): Promise<void> {
  const pageRows = Math.min(PAGE_SIZE, config.rowsPerStatic);
  for (const t of pickTenants(tenants, 5, 7)) {
    const a = await stack.handle.withTenant(t, (tx) => rosterPage(tx, t.staticId), READ_ONLY);
    const b = await rosterPage(stack.plain.db, t.staticId);
    const rlsOnly = await stack.handle.withTenant(t, (tx) => rosterPageRlsOnly(tx), READ_ONLY);
    if (a.length !== pageRows || JSON.stringify(a) !== JSON.stringify(b) || JSON.stringify(a) !== JSON.stringify(rlsOnly)) {
      throw new Error(`static ${t.staticId}: the chokepoint and the plain query disagree`);
    }
    const bodyOf = async (procedure: string) =>
      (await load.run(`${stack.server.trpcUrl}/${procedure}`, [[t.username, t.staticId]], 1, { returnFirstBody: true })).firstBody;
    const scoped = await bodyOf("scoped");
    if (!scoped?.includes('"name"') || scoped !== (await bodyOf("plain")))
      throw new Error(`static ${t.staticId}: the two endpoints answer differently`);
  }
  const [first, second] = tenants as [BenchTenant, BenchTenant];
  // Row-level security, not the WHERE clause, confines: an unfiltered count sees one static only.
  const [visible] = await stack.handle.withTenant(first, (tx) => tx.select({ n: count() }).from(rosterMembers));
  if (visible?.n !== config.rowsPerStatic) throw new Error(`a bound transaction sees ${visible?.n} rows, expected ${config.rowsPerStatic}`);
  const refused = await stack.handle
    .withTenant({ credential: first.credential, staticId: second.staticId }, () => Promise.resolve(false))
    .catch((error: unknown) => error instanceof TenantBindError);
  if (!refused) throw new Error("withTenant bound a user to a static they are not a member of");
}

/**
 * Round trips per request, counted by TCP proxies in front of a second app pool and baseline
 * pool (separate from the timed ones, so the proxies never add to a measured latency).
 */
async function countRoundTrips(databaseUrl: string, load: HttpLoad, tenants: BenchTenant[], config: Config): Promise<RoundTrips> {
  const proxies: RoundTripProxy[] = [];
  let stack: Stack | undefined;
  try {
    const appProxy = await startRoundTripProxy(databaseUrl);
    proxies.push(appProxy);
    const plainProxy = await startRoundTripProxy(databaseUrl);
    proxies.push(plainProxy);
    stack = await openStack(appProxy.url, plainProxy.url, config);
    const run = scenarioRunner(stack, load, config);
    const measure = async (scenario: Scenario, variant: Variant) => {
      const concurrent = scenario.endsWith("Concurrent");
      const n = config.roundTripBatch * (concurrent ? 2 : 1);
      // Warm every connection the batch will use: a statement is described once per connection.
      await run(scenario, variant, pickTenants(tenants, Math.max(n, config.concurrency * 4), 11));
      appProxy.reset();
      plainProxy.reset();
      await run(scenario, variant, pickTenants(tenants, n, 13));
      return {
        appPool: round2(appProxy.count() / n),
        plainPool: round2(plainProxy.count() / n),
        total: round2((appProxy.count() + plainProxy.count()) / n),
      };
    };
    const trips = {} as RoundTrips;
    for (const scenario of SCENARIOS) {
      trips[scenario] = { chokepoint: await measure(scenario, "chokepoint"), plain: await measure(scenario, "plain") };
    }
    return trips;
  } finally {
    if (stack) await closeStack(stack);
    for (const proxy of proxies) await proxy.close();
  }
}

/** The chokepoint's extra cost over the plain read, in parts (differences of p50s, so approximate). */
function derive(parts: Record<BreakdownPart, Summary>): TenancyReport["breakdown"]["derivedP50Ms"] {
  const over = parts.chokepoint.p50Ms - parts.plain.p50Ms;
  // Trip 1 carries BEGIN READ ONLY + bind (+ the query); COMMIT, trip 2, is not waited for. So an
  // empty callback less one round trip is what the statements and the runner cost.
  const transactionAndBind = parts.chokepointEmpty.p50Ms - parts.oneRoundTrip.p50Ms;
  const duplicatedStaticIdPredicate = parts.chokepoint.p50Ms - parts.chokepointRlsOnly.p50Ms;
  return {
    chokepointOverQuery: round3(over),
    transactionAndBind: round3(transactionAndBind),
    duplicatedStaticIdPredicate: round3(duplicatedStaticIdPredicate),
    rest: round3(over - transactionAndBind - duplicatedStaticIdPredicate),
    readOnlyHandOffSaves: round3(parts.chokepointReadWrite.p50Ms - parts.chokepoint.p50Ms),
  };
}

export async function run(): Promise<void> {
  const config = readConfig();
  const started = performance.now();
  const loadAtStart = loadavg().map(round2);
  const database = await createBenchDatabase();
  log(`database ${database.name}`);
  let stack: Stack | undefined;
  let load: HttpLoad | undefined;
  try {
    stack = await openStack(database.url, database.url, config);
    load = new HttpLoad();

    const seedStarted = performance.now();
    const tenants = await seed(stack.plain.sql, config);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded ${formatNumber(config.statics)} statics × ${formatNumber(config.rowsPerStatic)} roster rows in ${seedSeconds.toFixed(1)} s`);
    const [pg] = await stack.plain.sql<
      { version: string; server_version: string }[]
    >`select version(), current_setting('server_version') as server_version`;

    await checkEquivalence(stack, load, tenants, config);
    const runScenario = scenarioRunner(stack, load, config);
    const parts = breakdownCalls(stack);

    log("warming up");
    // Every tenant signs in once before anything is timed: the dev identity opens a user's session
    // on the first request it sees from them (a signed-in browser already has one), so the timed
    // requests measure a signed-in user's path, not a first sign-in's.
    await load.run(
      `${stack.server.trpcUrl}/scoped`,
      tenants.map((t) => [t.username, t.staticId]),
      config.concurrency,
    );
    for (const scenario of SCENARIOS) {
      for (const variant of ["chokepoint", "plain"] as const) {
        await runScenario(scenario, variant, pickTenants(tenants, Math.ceil(config.perRound[scenario] / 2), 1));
      }
    }
    await timeBreakdown(parts, pickTenants(tenants, Math.ceil(config.breakdownPerRound / 2), 2));

    const samples = Object.fromEntries(SCENARIOS.map((s) => [s, { chokepoint: new Samples(), plain: new Samples() }])) as Record<
      Scenario,
      Record<Variant, Samples>
    >;
    const handling = Object.fromEntries(SCENARIOS.map((s) => [s, { chokepoint: new Samples(), plain: new Samples() }])) as Record<
      Scenario,
      Record<Variant, Samples>
    >;
    stack.server.takeHandlingTimes();
    const breakdown = Object.fromEntries(BREAKDOWN_PARTS.map((p) => [p, new Samples()])) as Record<BreakdownPart, Samples>;
    for (let round = 0; round < config.rounds; round++) {
      // Alternate which variant goes first; both read the same random statics.
      const order: Variant[] = round % 2 === 0 ? ["chokepoint", "plain"] : ["plain", "chokepoint"];
      for (const [s, scenario] of SCENARIOS.entries()) {
        const targets = pickTenants(tenants, config.perRound[scenario], 1000 + round * 10 + s);
        for (const variant of order) {
          const { latenciesMs, wallMs } = await runScenario(scenario, variant, targets);
          samples[scenario][variant].add(latenciesMs, wallMs);
          const times = stack.server.takeHandlingTimes();
          if (scenario.startsWith("http")) handling[scenario][variant].add(variant === "chokepoint" ? times.scoped : times.plain, wallMs);
        }
      }
      for (const { part, latenciesMs, wallMs } of await timeBreakdown(parts, pickTenants(tenants, config.breakdownPerRound, 5000 + round))) {
        breakdown[part].add(latenciesMs, wallMs);
      }
      log(`round ${round + 1}/${config.rounds}`);
    }
    const loadAfterMeasuring = loadavg().map(round2);
    await closeStack(stack);
    stack = undefined;

    log("counting round trips");
    const roundTrips = await countRoundTrips(database.url, load, tenants, config);

    const results = Object.fromEntries(
      SCENARIOS.map((scenario) => {
        const chokepoint = roundSummary(samples[scenario].chokepoint.summary());
        const plain = roundSummary(samples[scenario].plain.summary());
        const result: ScenarioResult = {
          chokepoint,
          plain,
          ratioP50: round3(chokepoint.p50Ms / plain.p50Ms),
          ratioP99: round3(chokepoint.p99Ms / plain.p99Ms),
          ratioRps: round3(chokepoint.rps / plain.rps),
          roundTrips: { chokepoint: roundTrips[scenario].chokepoint.total, plain: roundTrips[scenario].plain.total },
        };
        if (scenario.startsWith("http")) {
          const [a, b] = [roundSummary(handling[scenario].chokepoint.summary()), roundSummary(handling[scenario].plain.summary())];
          result.serverHandling = { chokepoint: a, plain: b, ratioP50: round3(a.p50Ms / b.p50Ms) };
        }
        return [scenario, result];
      }),
    ) as Record<Scenario, ScenarioResult>;

    const parts50 = Object.fromEntries(BREAKDOWN_PARTS.map((p) => [p, roundSummary(breakdown[p].summary())])) as TenancyReport["breakdown"]["parts"];
    const ratio = results.httpSequential.ratioP50;
    const report: TenancyReport = {
      benchmark: "tenancy",
      timestamp: new Date().toISOString(),
      ratio,
      ratioDefinition: "chokepoint HTTP p50 / plain HTTP p50, sequential requests",
      target: { httpP50Ratio: TARGET_P50_RATIO, roundTrips: TARGET_ROUND_TRIPS },
      meetsTarget: {
        httpP50Ratio: ratio <= TARGET_P50_RATIO,
        httpConcurrentP50Ratio: results.httpConcurrent.ratioP50 <= TARGET_P50_RATIO,
        roundTrips: roundTrips.querySequential.chokepoint.total <= TARGET_ROUND_TRIPS,
      },
      machine: benchMachine(pg, { atStart: loadAtStart, afterMeasuring: loadAfterMeasuring }),
      dataset: {
        statics: config.statics,
        rowsPerStatic: config.rowsPerStatic,
        rosterRows: config.statics * config.rowsPerStatic,
        membership: "one user per static, member of it; every request reads a random static as its member",
        layout: "rows inserted in primary-key order (static_id, id), then VACUUM ANALYZE",
        seedSeconds: round2(seedSeconds),
      },
      query: QUERY_DESCRIPTION,
      variants: {
        chokepoint:
          "withTenant on createDb's pool (role progboard_app), READ ONLY as staticProcedure runs queries: BEGIN READ ONLY + bind_tenant + the query pipelined, answered without waiting for the COMMIT that follows; RLS confines the rows. HTTP: staticProcedure.",
        plain:
          "the same drizzle select on a postgres.js pool connected as the owner (a superuser: RLS bypassed), no transaction. HTTP: protectedProcedure.",
      },
      config: { ...config, httpClient: `Node ${process.version} fetch (undici) with keep-alive, from a separate process` },
      results,
      roundTrips,
      breakdown: { parts: parts50, derivedP50Ms: derive(parts50) },
      durationSeconds: 0,
    };
    report.durationSeconds = round2((performance.now() - started) / 1000);

    publishResults("tenancy", report, writeDocs, tableOf(report), log);
    log(
      `ratio (HTTP p50, sequential) ${ratio.toFixed(3)}, target ≤ ${TARGET_P50_RATIO}: ${report.meetsTarget.httpP50Ratio ? "met" : "NOT MET"}; ` +
        `round trips per scoped read ${roundTrips.querySequential.chokepoint.total}, target ≤ ${TARGET_ROUND_TRIPS}: ${report.meetsTarget.roundTrips ? "met" : "NOT MET"}`,
    );
  } finally {
    if (stack) await closeStack(stack).catch((error: unknown) => console.error(error));
    await load?.close();
    await database.drop();
  }
}
