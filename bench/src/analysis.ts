// `pnpm bench analysis`: progCurve, sessionReport, faultAggregate, the Night page and the mistake counts through the API for a static
// watching 3,000 pulls / ~5,000,000 events: first (uncached) calls, the call right after, cached
// calls, and each endpoint's aggregate as one SQL query, in the same run; a first call's time split
// into SQL and TypeScript by V8's sampling profiler.
import { loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createDb, type Tenant, users } from "@progboard/db";
import { credentialOf } from "@progboard/db/testing";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { BASELINE_QUERIES, faultAggregateBaseline, mistakesBaseline, progCurveBaseline, sessionReportBaseline } from "./analysis/baseline";
import { callEndpoint, coldStart, ENDPOINTS, type Endpoint, invalidate } from "./analysis/calls";
import { loaderQueryOnServer, rowsTheDigestUses } from "./analysis/diagnostics";
import { ANALYSIS_CATEGORIES, type AnalysisCategory, classifyAnalysis, SQL_CATEGORIES, TS_CATEGORIES } from "./analysis/profile";
import {
  type AnalysisReport,
  type Config,
  type EndpointResult,
  type FirstCall,
  type ProfiledCall,
  TARGET_CACHE_RATIO,
  TARGET_FIRST_P50_MS,
  tableOf,
  writeDocs,
} from "./analysis/report";
import { checkNormalization, reportCodeOf, seedReports } from "./analysis/seed";
import { type ApiClient, configureStatic, createStatic, ENCOUNTER_ID, MISTAKE_DEBUFF_IDS, MISTAKE_HIT_NAMES, USERNAME } from "./analysis/setup";
import { benchMachine, publishResults } from "./lib/context";
import { createBenchDatabase } from "./lib/database";
import { envInt, envText } from "./lib/env";
import { formatNumber } from "./lib/markdown";
import { CpuProfiler, timeByCategory, topFunctions } from "./lib/profile";
import { sampleMemory } from "./lib/resources";
import { roundSummary, summarize } from "./lib/stats";

/** A full garbage collection (V8's gc(), exposed for the moment). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
}

function readConfig(): Config {
  return {
    reports: envInt("BENCH_ANALYSIS_REPORTS", 10),
    pullsPerReport: envInt("BENCH_ANALYSIS_PULLS_PER_REPORT", 300),
    eventsPerPull: envInt("BENCH_ANALYSIS_EVENTS_PER_PULL", 2400),
    seed: 7,
    firstCalls: envInt("BENCH_ANALYSIS_FIRST_CALLS", 15),
    profiledCalls: envInt("BENCH_ANALYSIS_PROFILED_CALLS", 3),
    rounds: envInt("BENCH_ROUNDS", 5),
    cachedPerRound: 10,
    baselinePerRound: 1,
    profileIntervalUs: 10_000,
  };
}

const log = (message: string) => console.info(`[analysis] ${message}`);
const round2 = (value: number) => Math.round(value * 100) / 100;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/** The baselines agree with the API where they compute the same thing (else the comparison is moot). */
async function checkBaselines(client: ApiClient, handle: Parameters<typeof progCurveBaseline>[0], tenant: Tenant, session: string, code: string) {
  const api = await client.caller();
  const scope = { encounterId: ENCOUNTER_ID };
  const [curve, sessionReport, faults] = [
    await api.analysis.progCurve(scope),
    await api.analysis.sessionReport({ ...scope, session }),
    await api.analysis.faultAggregate(scope),
  ];
  const [curveSql, sessionSql, faultsSql] = [
    await progCurveBaseline(handle, tenant, ENCOUNTER_ID),
    await sessionReportBaseline(handle, tenant, ENCOUNTER_ID, code),
    await faultAggregateBaseline(handle, tenant, ENCOUNTER_ID),
  ];
  const sorted = (values: number[]) => JSON.stringify(values.filter((v) => v > 0).sort((a, b) => a - b));
  return {
    progCurveSameBestPulls:
      JSON.stringify(curve.points.map((p) => `${p.best.reportCode}#${p.best.fightId}`)) ===
      JSON.stringify(curveSql.map((r) => `${r.report_code}#${r.fight_id}`)),
    sessionReportSameDeaths:
      sorted(sessionReport.deathsPerPlayer.map((p) => p.deaths + p.cascadeDeaths + p.forcedDeaths)) === sorted(sessionSql.map((r) => r.deaths)),
    faultAggregateSameWipes: sorted(faults.players.map((p) => p.wipes)) === sorted(faultsSql.map((r) => r.wipes ?? 0)),
  };
}

export async function run(): Promise<void> {
  const config = readConfig();
  const started = performance.now();
  const loadAtStart = loadavg().map(round2);
  const database = await createBenchDatabase();
  log(`database ${database.name}`);
  const handle = await createDb({ databaseUrl: database.url, maxConnections: 10 });
  const owner = postgres(database.url, { max: 3, onnotice: () => {} });
  const profiler = new CpuProfiler();
  try {
    const [pg] = await owner<{ version: string; server_version: string }[]>`select version(), current_setting('server_version') as server_version`;
    const normalizationCheck = await checkNormalization(config.seed + 1);
    const codes = Array.from({ length: config.reports }, (_, i) => reportCodeOf(i));
    const client = await createStatic(handle, codes);
    const seedStarted = performance.now();
    const seeded = await seedReports(handle, owner, config, log);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const totalEvents = seeded.reduce((n, s) => n + s.events, 0);
    log(`loaded ${formatNumber(totalEvents)} events in ${seedSeconds.toFixed(1)} s`);
    const configured = await configureStatic(client, handle.db, codes[0] as string);
    // The API runs in this process, but a server would not have generated 5M events first: a full
    // collection leaves the seeding's garbage out of the calls' GC time.
    collectGarbage();
    const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.username, USERNAME));
    if (!user) throw new Error("the bench user is missing");
    const tenant: Tenant = { credential: await credentialOf(handle, user.id), staticId: client.staticId };
    const sessionCode = codes[Math.floor(codes.length / 2)] as string;
    const session = `report:${sessionCode}`;
    const baselines: Record<Endpoint, () => Promise<unknown>> = {
      progCurve: () => progCurveBaseline(handle, tenant, ENCOUNTER_ID),
      sessionReport: () => sessionReportBaseline(handle, tenant, ENCOUNTER_ID, sessionCode),
      faultAggregate: () => faultAggregateBaseline(handle, tenant, ENCOUNTER_ID),
      night: () => sessionReportBaseline(handle, tenant, ENCOUNTER_ID, sessionCode),
      mistakes: () => mistakesBaseline(handle, tenant, ENCOUNTER_ID, MISTAKE_DEBUFF_IDS, MISTAKE_HIT_NAMES),
    };
    for (const endpoint of ENDPOINTS) await baselines[endpoint]();

    // First calls: a cold cache each; then the same call again; then the call after one report is
    // re-ingested (its digests are read again, the others' are kept). Not profiled: V8's profiler
    // slows the code it watches, so the breakdown comes from separate profiled calls below.
    const firstCalls: FirstCall[] = [];
    for (let i = 0; i < config.firstCalls; i++) {
      for (let k = 0; k < ENDPOINTS.length; k++) {
        const endpoint = ENDPOINTS[(k + i) % ENDPOINTS.length] as Endpoint;
        coldStart(client);
        const stopSampling = sampleMemory();
        const { result, ms } = await timed(() => callEndpoint(client, endpoint, session));
        const memory = stopSampling();
        const second = await timed(() => callEndpoint(client, endpoint, session));
        await invalidate(owner, codes[i % codes.length] as string);
        const changed = await timed(() => callEndpoint(client, endpoint, session));
        firstCalls.push({
          endpoint,
          ms: round3(ms),
          secondMs: round3(second.ms),
          oneReportChangedMs: round3(changed.ms),
          responseBytes: JSON.stringify(result).length,
          memory,
        });
        log(
          `first ${endpoint}: ${ms.toFixed(0)} ms (peak RSS ${formatNumber(memory.maxRssMiB)} MiB), then ${second.ms.toFixed(1)} ms; one report changed: ${changed.ms.toFixed(0)} ms`,
        );
      }
    }
    const profiledCalls: ProfiledCall[] = [];
    for (let i = 0; i < config.profiledCalls; i++) {
      for (const endpoint of ENDPOINTS) {
        coldStart(client);
        // Timed inside the profile: starting and stopping the profiler is not the call's time.
        const { result, profile } = await profiler.profile(config.profileIntervalUs, () => timed(() => callEndpoint(client, endpoint, session)));
        const categories = timeByCategory(profile, classifyAnalysis) as Partial<Record<AnalysisCategory, number>>;
        if (envText("BENCH_ANALYSIS_TOP"))
          for (const [name, ms] of topFunctions(profile, Number(envText("BENCH_ANALYSIS_TOP")))) log(`  ${ms.toFixed(1)} ms  ${name}`);
        profiledCalls.push({
          endpoint,
          ms: round3(result.ms),
          profile: Object.fromEntries(Object.keys(ANALYSIS_CATEGORIES).map((c) => [c, Math.round(categories[c as AnalysisCategory] ?? 0)])) as Record<
            AnalysisCategory,
            number
          >,
        });
      }
    }

    const baselineChecks = await checkBaselines(client, handle, tenant, session, sessionCode);

    // Cached calls and baselines, interleaved.
    const cached = Object.fromEntries(ENDPOINTS.map((e) => [e, [] as number[]])) as Record<Endpoint, number[]>;
    const baseline = Object.fromEntries(ENDPOINTS.map((e) => [e, [] as number[]])) as Record<Endpoint, number[]>;
    for (let round = 0; round < config.rounds; round++) {
      for (let k = 0; k < ENDPOINTS.length; k++) {
        const endpoint = ENDPOINTS[(k + round) % ENDPOINTS.length] as Endpoint;
        for (let n = 0; n < config.cachedPerRound; n++) cached[endpoint].push((await timed(() => callEndpoint(client, endpoint, session))).ms);
        for (let n = 0; n < config.baselinePerRound; n++) baseline[endpoint].push((await timed(baselines[endpoint])).ms);
      }
    }
    const loadAfterMeasuring = loadavg().map(round2);
    log("measuring the loader's query on the server");
    const serverQuery = await loaderQueryOnServer(owner, codes, ENCOUNTER_ID, client.staticId);
    const used = await rowsTheDigestUses(owner, codes, ENCOUNTER_ID, client.staticId);

    const summary = (values: number[]) =>
      roundSummary(
        summarize(
          values,
          values.reduce((a, b) => a + b, 0),
        ),
      );
    const results = Object.fromEntries(
      ENDPOINTS.map((endpoint) => {
        const firsts = firstCalls.filter((c) => c.endpoint === endpoint);
        const first = summary(firsts.map((c) => c.ms));
        const cachedSummary = summary(cached[endpoint]);
        const baselineSummary = summary(baseline[endpoint]);
        const result: EndpointResult = {
          first,
          cached: cachedSummary,
          second: summary(firsts.map((c) => c.secondMs)),
          oneReportChanged: summary(firsts.map((c) => c.oneReportChangedMs)),
          baseline: baselineSummary,
          ratio: Math.round(first.p50Ms / cachedSummary.p50Ms),
          firstOverBaseline: Math.round(first.p50Ms / baselineSummary.p50Ms),
          responseBytes: firsts[0]?.responseBytes ?? 0,
        };
        return [endpoint, result];
      }),
    ) as Record<Endpoint, EndpointResult>;

    const totals = Object.fromEntries(Object.keys(ANALYSIS_CATEGORIES).map((c) => [c, 0])) as Record<AnalysisCategory, number>;
    for (const call of profiledCalls) for (const c of Object.keys(totals) as AnalysisCategory[]) totals[c] += call.profile[c];
    const profiled = Object.values(totals).reduce((a, b) => a + b, 0) || 1;
    const share = Object.fromEntries(Object.entries(totals).map(([c, v]) => [c, round3(v / profiled)])) as Record<AnalysisCategory, number>;
    const shareOf = (categories: AnalysisCategory[]) => round3(categories.reduce((n, c) => n + totals[c], 0) / profiled);

    const ratio = Math.min(...ENDPOINTS.map((e) => results[e].ratio));
    const report: AnalysisReport = {
      benchmark: "analysis",
      timestamp: new Date().toISOString(),
      ratio,
      ratioDefinition: "first-call p50 / cached-call p50, per endpoint; the top-level ratio is the lowest of them",
      target: { firstCallP50Ms: TARGET_FIRST_P50_MS, cacheRatio: TARGET_CACHE_RATIO },
      meetsTarget: {
        firstCallP50: Object.fromEntries(ENDPOINTS.map((e) => [e, results[e].first.p50Ms <= TARGET_FIRST_P50_MS])) as Record<Endpoint, boolean>,
        cacheRatio: ratio >= TARGET_CACHE_RATIO,
      },
      machine: benchMachine(pg, { atStart: loadAtStart, afterMeasuring: loadAfterMeasuring }),
      dataset: {
        reports: config.reports,
        pullsPerReport: config.pullsPerReport,
        pulls: seeded.reduce((n, s) => n + s.pulls, 0),
        events: totalEvents,
        eventsPerReport: seeded.map((s) => s.events),
        loading:
          "not through the ingestion engine (at the rate `pnpm bench ingest` measures, ~5M events would take about three minutes). Each report goes through the ledger as the engine's (enqueue, claimNext, markDone) and its report, fight, actor and ability rows are openReportFile's normalization of its header file; the events are the generator's, selected and normalized in process as a report file carries them and openReportFile reads them (checked against the real file path on a small report), numbered in the engine's order, and bulk-loaded with COPY (primary key built afterwards), then VACUUM ANALYZE",
        seedSeconds: round2(seedSeconds),
        normalizationCheck,
        static: { members: configured.members, aliases: configured.members, strats: configured.strats, progPoints: configured.progPoints },
        session,
      },
      method: {
        api: "in process, no HTTP: tRPC callers from createCallerFactory(appRouter), a fresh createTRPCContext with the dev identity per call (as packages/api/src/testing.ts builds them), on createDb's pool; the scope is the web app's (the encounter, no report code, no dates: apps/web/src/components/AnalysisScope.tsx).",
        uncached:
          "each first call follows a clear() of the API's analysis cache (createAnalysisCache, in the API's deps): nothing cached, every report's events read. The \"one report changed\" call follows a 1 ms move of one report's ingestion_ledger.finished_at (what re-ingesting it does): that report's digests are read again, the other reports' come from the cache.",
        profile: `V8's sampling CPU profiler (every ${config.profileIntervalUs / 1000} ms, in process) over the profiled first calls, each sample given to the code on its stack; "waiting" is the event loop idle, i.e. PostgreSQL being slower than Node.`,
        baselines: BASELINE_QUERIES,
      },
      config,
      results,
      firstCalls,
      profiledCalls,
      breakdown: {
        ms: totals,
        share,
        sqlShare: shareOf(SQL_CATEGORIES),
        typescriptShare: shareOf(TS_CATEGORIES),
        gcShare: shareOf(["gc"]),
        labels: ANALYSIS_CATEGORIES,
      },
      loaderQuery: { ...serverQuery, rowsTheDigestUses: used },
      baselineChecks,
      durationSeconds: 0,
    };
    report.durationSeconds = round2((performance.now() - started) / 1000);

    publishResults("analysis", report, writeDocs, tableOf(report), log);
    log(
      `ratio (first p50 / cached p50, lowest) ${ratio}, target ≥ ${TARGET_CACHE_RATIO}: ${report.meetsTarget.cacheRatio ? "met" : "NOT MET"}; ` +
        `first calls ≤ ${TARGET_FIRST_P50_MS} ms p50: ${ENDPOINTS.map((e) => `${e} ${report.meetsTarget.firstCallP50[e] ? "met" : "NOT MET"}`).join(", ")}`,
    );
  } finally {
    profiler.close();
    await owner.end({ timeout: 5 });
    await handle.close();
    // BENCH_KEEP_DATABASE=1 leaves the dataset for a look with psql (drop it by hand afterwards).
    if (envText("BENCH_KEEP_DATABASE")) log(`kept database ${database.name}`);
    else await database.drop();
  }
}
