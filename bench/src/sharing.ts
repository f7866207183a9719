// `pnpm bench sharing`: shared reads against the owner's (issue 14). The same view, analysis.pulls as
// a member of the granter and shared.pulls as a member of the grantee through a progression grant,
// over HTTP on the real app router (request id, tRPC fetch adapter on Hono, dev identity), driven
// from a separate process (lib/http-load.ts), sequential and 32 concurrent. Both answers come from
// the warm analysis cache, so what differs is the path: the grant's open (app.open_grant) and its
// bind (app.bind_grant, grantee mode, RLS on the raw tables by granted report) against the owner's
// bind (app.bind_tenant).
// Knobs: BENCH_REQUEST_SCALE_PERCENT (e.g. 10 for a smoke run), BENCH_ROUNDS, BENCH_SHARING_PULLS.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { type ApiDeps, appRouter, createAnalysisCache, createTRPCContext } from "@progboard/api";
import { devIdentity } from "@progboard/auth";
import { createDb, type DbHandle, queryRows } from "@progboard/db";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { callerOf } from "./analysis/setup";
import { benchMachine, DOCS_PAGE, publishResults } from "./lib/context";
import { createBenchDatabase } from "./lib/database";
import { envInt } from "./lib/env";
import { HttpLoad } from "./lib/http-load";
import { formatNumber, markdownTable, replaceSection } from "./lib/markdown";
import { roundSummary, Samples, type Summary } from "./lib/stats";

/** Shared p50 / owner p50 at most this, sequential and 32 concurrent (SPEC.md H). */
export const TARGET_P50_RATIO = 1.2;

const MODES = ["sequential", "concurrent"] as const;
type Mode = (typeof MODES)[number];
const PATHS = ["owner", "shared"] as const;
type Path = (typeof PATHS)[number];

interface Config {
  rounds: number;
  concurrency: number;
  poolSize: number;
  pulls: number;
  eventsPerPull: number;
  /** Requests per path per round. */
  perRound: Record<Mode, number>;
  warmup: number;
}

interface ModeResult {
  owner: Summary;
  shared: Summary;
  ratioP50: number;
  ratioP99: number;
}

export interface SharingReport {
  benchmark: "sharing";
  timestamp: string;
  ratio: number;
  ratioDefinition: string;
  target: { p50Ratio: number };
  meetsTarget: { sequential: boolean; concurrent: boolean };
  machine: ReturnType<typeof benchMachine>;
  dataset: { pulls: number; eventsPerPull: number; grant: string };
  paths: Record<Path, string>;
  config: Config & { httpClient: string };
  results: Record<Mode, ModeResult>;
  durationSeconds: number;
}

function readConfig(): Config {
  const scale = envInt("BENCH_REQUEST_SCALE_PERCENT", 100) / 100;
  const n = (value: number) => Math.max(32, Math.round(value * scale));
  return {
    rounds: envInt("BENCH_ROUNDS", 6),
    concurrency: 32,
    poolSize: 10,
    pulls: envInt("BENCH_SHARING_PULLS", 60),
    eventsPerPull: 300,
    perRound: { sequential: n(300), concurrent: n(800) },
    warmup: n(200),
  };
}

const log = (message: string) => console.info(`[sharing] ${message}`);
const round2 = (value: number) => Math.round(value * 100) / 100;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

interface Stack {
  handle: DbHandle;
  server: ReturnType<typeof serve>;
  urls: Record<Path, string>;
  targets: Record<Path, [string, number]>;
}

/** The granter watching one ingested report, the grantee with a progression grant, and the HTTP server. */
async function openStack(url: string, config: Config): Promise<Stack> {
  const handle = await createDb({ databaseUrl: url, maxConnections: config.poolSize });
  const deps: ApiDeps = {
    db: handle,
    identity: devIdentity(handle),
    autoJoinDefaultStatic: false,
    analysisCache: createAnalysisCache(),
    // The bench watches its report as if FFLogs access were set up (it ingests the file itself).
    fflogs: { fromEnv: true, check: () => Promise.resolve() },
  };
  const code = "BenchShare000001";
  const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-bench-sharing-")), "report.jsonl");
  await writeReportFile(file, { seed: 7, code, pulls: config.pulls, eventsPerPull: config.eventsPerPull, format: "jsonl" });
  await enqueue(handle, code);
  await ingestReport(handle, await openReportFile(file), code);
  const a = (await (await callerOf(deps, "granter")).statics.create({ name: "Granter" })).id;
  const b = (await (await callerOf(deps, "grantee")).statics.create({ name: "Grantee" })).id;
  await (await callerOf(deps, "granter", a)).watchedReports.add({ report: code });
  const bHandle = (await (await callerOf(deps, "grantee", b)).sharing.handle()).handle;
  const { grantId } = await (await callerOf(deps, "granter", a)).sharing.grant({ granteeHandle: bHandle, scope: "progression" });

  const app = new Hono();
  let n = 0;
  app.all("/api/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: ({ req }) => createTRPCContext({ headers: req.headers, requestId: `bench-${++n}`, deps }),
    }),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  const encounterId = GENERATED_ENCOUNTER.id;
  return {
    handle,
    server,
    urls: {
      owner: `${base}/analysis.pulls?input=${encodeURIComponent(JSON.stringify({ encounterId }))}`,
      shared: `${base}/shared.pulls?input=${encodeURIComponent(JSON.stringify({ grantId, encounterId }))}`,
    },
    targets: { owner: ["granter", a], shared: ["grantee", b] },
  };
}

/** Both paths answer the same pulls (the grantee's fields are a subset: compare what both have). */
async function checkEquivalence(stack: Stack, load: HttpLoad): Promise<void> {
  const bodies = await Promise.all(PATHS.map((p) => load.run(stack.urls[p], [stack.targets[p]], 1, { returnFirstBody: true })));
  const pulls = bodies.map((r) => (JSON.parse(r.firstBody ?? "{}") as { result?: { data?: { fightId: number }[] } }).result?.data ?? []);
  const [owner, shared] = pulls.map((list) => list.map((p) => p.fightId).join(","));
  if (!owner || owner !== shared) throw new Error(`the owner's and the shared pulls differ: ${owner} / ${shared}`);
  log(`both paths answer the same ${pulls[0]?.length ?? 0} pulls`);
}

export async function run(): Promise<void> {
  const config = readConfig();
  const started = performance.now();
  const loadAtStart = loadavg().map(round2);
  const database = await createBenchDatabase();
  log(`database ${database.name}`);
  let stack: Stack | undefined;
  const load = new HttpLoad();
  try {
    stack = await openStack(database.url, config);
    const [pg] = await queryRows<{ version: string; server_version: string }>(
      stack.handle.db,
      sql`select version(), current_setting('server_version') as server_version`,
    );
    await checkEquivalence(stack, load);
    const s = stack;
    const burst = (p: Path, mode: Mode, count: number) =>
      load.run(
        s.urls[p],
        Array.from({ length: count }, () => s.targets[p]),
        mode === "sequential" ? 1 : config.concurrency,
      );

    log("warming up");
    for (const p of PATHS) for (const mode of MODES) await burst(p, mode, config.warmup);

    const samples = Object.fromEntries(MODES.map((m) => [m, { owner: new Samples(), shared: new Samples() }])) as Record<Mode, Record<Path, Samples>>;
    for (let round = 0; round < config.rounds; round++) {
      // Interleaved rounds, alternating which path goes first, so drift on a shared machine hits both alike.
      const order: Path[] = round % 2 === 0 ? ["owner", "shared"] : ["shared", "owner"];
      for (const mode of MODES) {
        for (const p of order) {
          const { latenciesMs, wallMs } = await burst(p, mode, config.perRound[mode]);
          samples[mode][p].add(latenciesMs, wallMs);
        }
      }
      log(`round ${round + 1}/${config.rounds}`);
    }
    const loadAfterMeasuring = loadavg().map(round2);

    const results = Object.fromEntries(
      MODES.map((mode) => {
        const owner = roundSummary(samples[mode].owner.summary());
        const shared = roundSummary(samples[mode].shared.summary());
        return [mode, { owner, shared, ratioP50: round3(shared.p50Ms / owner.p50Ms), ratioP99: round3(shared.p99Ms / owner.p99Ms) }];
      }),
    ) as Record<Mode, ModeResult>;
    const report: SharingReport = {
      benchmark: "sharing",
      timestamp: new Date().toISOString(),
      ratio: results.concurrent.ratioP50,
      ratioDefinition: "shared.pulls HTTP p50 / analysis.pulls HTTP p50, 32 concurrent",
      target: { p50Ratio: TARGET_P50_RATIO },
      meetsTarget: { sequential: results.sequential.ratioP50 <= TARGET_P50_RATIO, concurrent: results.concurrent.ratioP50 <= TARGET_P50_RATIO },
      machine: benchMachine(pg, { atStart: loadAtStart, afterMeasuring: loadAfterMeasuring }),
      dataset: {
        pulls: config.pulls,
        eventsPerPull: config.eventsPerPull,
        grant: "a progression grant: the grantee reads every report the granter watches (one here)",
      },
      paths: {
        owner: "analysis.pulls as a member of the granter: staticProcedure, withTenant READ ONLY (bind_tenant), the warm analysis cache",
        shared:
          "shared.pulls as a member of the grantee: grantProcedure, app.open_grant (the grant read fresh, the read logged hourly), then withGrant READ ONLY (bind_grant, progboard_grantee), the same warm cache",
      },
      config: { ...config, httpClient: `Node ${process.version} fetch (undici) with keep-alive, from a separate process` },
      results,
      durationSeconds: 0,
    };
    report.durationSeconds = round2((performance.now() - started) / 1000);
    publishResults("sharing", report, writeDocs, tableOf(report), log);
    log(
      `shared/owner p50: sequential ${results.sequential.ratioP50.toFixed(3)}, 32 concurrent ${results.concurrent.ratioP50.toFixed(3)}; ` +
        `target ≤ ${TARGET_P50_RATIO}: ${report.meetsTarget.sequential && report.meetsTarget.concurrent ? "met" : "NOT MET"}`,
    );
  } finally {
    if (stack) {
      stack.server.close();
      await stack.handle.close().catch((error: unknown) => console.error(error));
    }
    await load.close();
    await database.drop();
  }
}

const ms = (value: number) => formatNumber(value, 3);

export function tableOf(report: SharingReport): string {
  const label: Record<Mode, string> = { sequential: "HTTP, sequential", concurrent: `HTTP, ${report.config.concurrency} concurrent` };
  return markdownTable(
    ["", "owner p50 ms", "owner p99 ms", "owner req/s", "shared p50 ms", "shared p99 ms", "shared req/s", "p50 shared/owner"],
    MODES.map((mode) => {
      const r = report.results[mode];
      return [
        label[mode],
        ms(r.owner.p50Ms),
        ms(r.owner.p99Ms),
        formatNumber(r.owner.rps),
        ms(r.shared.p50Ms),
        ms(r.shared.p99Ms),
        formatNumber(r.shared.rps),
        formatNumber(r.ratioP50, 2),
      ];
    }),
    ["left", "right", "right", "right", "right", "right", "right", "right"],
  );
}

/** Refreshes the sharing section of docs/benchmarks.md; returns the page's path. */
export function writeDocs(report: SharingReport): string {
  const page = existsSync(DOCS_PAGE) ? readFileSync(DOCS_PAGE, "utf8") : "# Benchmarks\n";
  const verdict = (met: boolean) => (met ? "met" : "**not met**");
  const load = report.machine.loadAverage;
  const body = `## Sharing: a shared read against the owner's

\`pnpm bench sharing\` on PostgreSQL ${report.machine.postgres}: one report of ${formatNumber(report.dataset.pulls)} pulls × ${formatNumber(report.dataset.eventsPerPull)} events,
watched by the granter; ${report.dataset.grant}. The same view both ways, from the warm analysis cache:

- **owner**: ${report.paths.owner}.
- **shared**: ${report.paths.shared}.

HTTP is the real app router on Hono, driven with Node's fetch (keep-alive) from a separate process; "${report.config.concurrency}
concurrent" keeps ${report.config.concurrency} requests in flight; pool of ${report.config.poolSize} connections. The two paths alternate over
${report.config.rounds} interleaved rounds of ${formatNumber(report.config.perRound.sequential)} sequential and ${formatNumber(report.config.perRound.concurrent)} concurrent requests each.

${tableOf(report)}

Target: shared p50 ≤ ${report.target.p50Ratio}× the owner's: sequential ${verdict(report.meetsTarget.sequential)} (${formatNumber(report.results.sequential.ratioP50, 2)}),
${report.config.concurrency} concurrent ${verdict(report.meetsTarget.concurrent)} (${formatNumber(report.results.concurrent.ratioP50, 2)}).

Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, ${report.machine.platform}, Node ${report.machine.node};
load average ${load.atStart.join(" / ")} at the start, ${load.afterMeasuring.join(" / ")} after measuring. Run at ${report.timestamp},
${formatNumber(report.durationSeconds, 1)} s in all. Every figure: \`bench/results/sharing.json\`.
`;
  writeFileSync(DOCS_PAGE, replaceSection(page, "sharing", body));
  return DOCS_PAGE;
}
