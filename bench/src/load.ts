// `pnpm bench load`: the whole server (`pnpm start`'s main.ts, in its own process) under sustained
// mixed load: BENCH_LOAD_CONNECTIONS keep-alive connections (default 50) for BENCH_LOAD_SECONDS
// (default 60), over 200 statics, 80% reads (roster.list) and 20% writes (roster.create), on
// PostgreSQL and on the embedded database. Reports requests/s, p50/p99, answers by status, rows of
// another static seen (each static's roster names carry its number: must be 0), the server's peak
// RSS, and how its SIGTERM ended.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchMachine, DOCS_PAGE, publishResults } from "./lib/context";
import { createBenchDatabase } from "./lib/database";
import { envInt } from "./lib/env";
import { formatNumber, markdownTable, replaceSection } from "./lib/markdown";
import { summarize } from "./lib/stats";

const SERVER_DIR = fileURLToPath(new URL("../../apps/server/", import.meta.url));
const STATICS = 200;
const log = (message: string) => console.info(`[load] ${message}`);

interface Backend {
  database: "postgres" | "pglite";
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  byStatus: Record<string, number>;
  wrongStaticRows: number;
  rowsChecked: number;
  peakRssMiB: number | null;
  shutdown: { exitCode: number | null; ms: number };
}

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: SERVER_DIR,
    env: {
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      AUTH_MODE: "dev",
      INGEST_WORKER: "false",
      BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"message":"progboard listening","url":"([^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on("data", (chunk: Buffer) => (output = `${output}${chunk.toString()}`.slice(-20_000)));
    child.once("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return { url, child };
}

function request(agent: http.Agent, url: string, method: "GET" | "POST", headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = http.request(url, { agent, method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

async function measure(database: Backend["database"], env: Record<string, string>, connections: number, seconds: number): Promise<Backend> {
  const server = await startServer(env);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  try {
    // 200 statics, one member each, with two roster members named after the static.
    const statics: { user: string; id: number }[] = [];
    for (let i = 1; i <= STATICS; i++) {
      const user = `loader${i}`;
      const created = await request(
        agent,
        `${server.url}/api/trpc/statics.create`,
        "POST",
        { "x-dev-user": user },
        JSON.stringify({ name: `Load ${i}` }),
      );
      if ("error" in created || created.status !== 200) throw new Error(`seeding failed: ${JSON.stringify(created).slice(0, 300)}`);
      const id = (JSON.parse(created.body) as { result: { data: { id: number } } }).result.data.id;
      statics.push({ user, id });
      for (const k of [1, 2]) {
        await request(
          agent,
          `${server.url}/api/trpc/roster.create`,
          "POST",
          { "x-dev-user": user, "x-static-id": String(id) },
          JSON.stringify({ name: `S${i}-m${k}` }),
        );
      }
    }
    log(`${database}: ${STATICS} statics seeded; ${connections} connections for ${seconds} s`);

    const latencies: number[] = [];
    const byStatus: Record<string, number> = {};
    let wrong = 0;
    let checked = 0;
    let writes = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    const loop = async () => {
      while (performance.now() < until) {
        const n = Math.floor(Math.random() * STATICS);
        const target = statics[n] as { user: string; id: number };
        const headers = { "x-dev-user": target.user, "x-static-id": String(target.id) };
        const write = Math.random() < 0.2;
        const t0 = performance.now();
        const answer = write
          ? await request(agent, `${server.url}/api/trpc/roster.create`, "POST", headers, JSON.stringify({ name: `S${n + 1}-w${++writes}` }))
          : await request(agent, `${server.url}/api/trpc/roster.list`, "GET", headers);
        latencies.push(performance.now() - t0);
        const key = "error" in answer ? answer.error : String(answer.status);
        byStatus[key] = (byStatus[key] ?? 0) + 1;
        if (!write && "status" in answer && answer.status === 200) {
          for (const member of (JSON.parse(answer.body) as { result: { data: { name: string }[] } }).result.data) {
            checked++;
            if (!member.name.startsWith(`S${n + 1}-`)) wrong++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, loop));
    const wallMs = performance.now() - started;
    const summary = summarize(latencies, wallMs);
    const peakRssMiB = peakRss(server.child.pid);

    const stopStarted = performance.now();
    const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));
    server.child.kill("SIGTERM");
    const exitCode = await exited;
    return {
      database,
      connections,
      seconds,
      requests: latencies.length,
      rps: Math.round(summary.rps),
      p50Ms: Math.round(summary.p50Ms * 100) / 100,
      p99Ms: Math.round(summary.p99Ms * 100) / 100,
      byStatus,
      wrongStaticRows: wrong,
      rowsChecked: checked,
      peakRssMiB,
      shutdown: { exitCode, ms: Math.round(performance.now() - stopStarted) },
    };
  } finally {
    agent.destroy();
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
}

/** The process's peak resident set (VmHWM), in MiB; null where /proc is not there. */
function peakRss(pid: number | undefined): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function table(results: Backend[]): string {
  return markdownTable(
    [
      "database",
      "connections × s",
      "requests",
      "requests/s",
      "p50 ms",
      "p99 ms",
      "answers by status",
      "rows of another static",
      "peak RSS MiB",
      "SIGTERM",
    ],
    results.map((r) => [
      r.database,
      `${r.connections} × ${r.seconds}`,
      formatNumber(r.requests),
      formatNumber(r.rps),
      formatNumber(r.p50Ms, 1),
      formatNumber(r.p99Ms, 1),
      Object.entries(r.byStatus)
        .map(([status, n]) => `${status}: ${formatNumber(n)}`)
        .join(", "),
      `${r.wrongStaticRows} of ${formatNumber(r.rowsChecked)}`,
      r.peakRssMiB === null ? "unknown" : formatNumber(r.peakRssMiB),
      `exit ${r.shutdown.exitCode} in ${formatNumber(r.shutdown.ms)} ms`,
    ]),
    ["left", "right", "right", "right", "right", "right", "left", "right", "right", "left"],
  );
}

export async function run(): Promise<void> {
  const connections = envInt("BENCH_LOAD_CONNECTIONS", 50);
  const seconds = envInt("BENCH_LOAD_SECONDS", 60);
  const loadAtStart = loadavg().map((v) => Math.round(v * 100) / 100);
  const results: Backend[] = [];
  const database = await createBenchDatabase();
  try {
    results.push(await measure("postgres", { DATABASE_URL: database.url }, connections, seconds));
  } finally {
    await database.drop();
  }
  results.push(await measure("pglite", { DATA_DIR: mkdtempSync(path.join(tmpdir(), "progboard-load-")) }, connections, seconds));
  const report = {
    benchmark: "load",
    machine: benchMachine(undefined, { atStart: loadAtStart, afterMeasuring: loadavg().map((v) => Math.round(v * 100) / 100) }),
    statics: STATICS,
    mix: "80% roster.list (each row checked against the static asked for), 20% roster.create",
    results,
  };
  const body = table(results);
  publishResults(
    "load",
    report,
    (r) => {
      const doc = readFileSync(DOCS_PAGE, "utf8");
      const section = `## Load: the whole server, ${connections} keep-alive connections × ${seconds} s over ${STATICS} statics

\`pnpm bench load\` (bench/src/load.ts): the server as \`pnpm start\` runs it, in its own process; ${r.mix}; then SIGTERM under no load.
Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), load average at start ${r.machine.loadAverage.atStart.join(" / ")}, shared with other work.
\`BENCH_LOAD_CONNECTIONS\` and \`BENCH_LOAD_SECONDS\` change the shape.

${body}`;
      writeFileSync(DOCS_PAGE, replaceSection(doc, "load", section));
      return DOCS_PAGE;
    },
    body,
    log,
  );
}
