// Shared reads against the owner's (issue 14): the same view, analysis.pulls as a member of the
// granter and shared.pulls as a member of the grantee through a progression grant, over HTTP on the
// real app router (request id, tRPC fetch adapter on Hono, dev identity), sequential and 32
// concurrent. Both answers come from the warm analysis cache, so what differs is the path: the
// grant's open (app.open_grant, one statement) and its bind (app.bind_grant) against the owner's bind.
// Run: TEST_DATABASE_URL=postgres://… pnpm exec tsx src/sharing.ts
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { type ApiDeps, appRouter, createAnalysisCache, createTRPCContext } from "@progboard/api";
import { devIdentity } from "@progboard/auth";
import { createTestDb } from "@progboard/db/testing";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { callerOf } from "./analysis/setup";

const SEQUENTIAL = 400;
const CONCURRENCY = 32;
const PER_WORKER = 25;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function main() {
  const handle = await createTestDb();
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
  await writeReportFile(file, { seed: 7, code, pulls: 60, eventsPerPull: 300, format: "jsonl" });
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
  const variants = {
    owner: { url: `${base}/analysis.pulls?input=${encodeURIComponent(JSON.stringify({ encounterId }))}`, user: "granter", staticId: a },
    shared: { url: `${base}/shared.pulls?input=${encodeURIComponent(JSON.stringify({ grantId, encounterId }))}`, user: "grantee", staticId: b },
  };
  const once = async (v: (typeof variants)["owner"]) => {
    const started = performance.now();
    const res = await fetch(v.url, { headers: { "x-dev-user": v.user, "x-static-id": String(v.staticId) } });
    if (!res.ok) throw new Error(`${v.url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return performance.now() - started;
  };
  // Warm both paths (the analysis cache, prepared statements, the JIT).
  for (let i = 0; i < 50; i++) {
    await once(variants.owner);
    await once(variants.shared);
  }
  const rows: string[] = [];
  const results: Record<string, number> = {};
  for (const mode of ["sequential", "32 concurrent"] as const) {
    const times: Record<string, number[]> = { owner: [], shared: [] };
    const wall: Record<string, number> = {};
    // Interleaved rounds so drift on a shared machine hits both alike.
    for (let round = 0; round < 4; round++) {
      for (const name of ["owner", "shared"] as const) {
        const v = variants[name];
        const started = performance.now();
        if (mode === "sequential") for (let i = 0; i < SEQUENTIAL / 4; i++) times[name]?.push(await once(v));
        else
          await Promise.all(
            Array.from({ length: CONCURRENCY }, async () => {
              for (let i = 0; i < PER_WORKER / 4 + 1; i++) times[name]?.push(await once(v));
            }),
          );
        wall[name] = (wall[name] ?? 0) + (performance.now() - started);
      }
    }
    const stat = (name: string) => {
      const sorted = [...(times[name] ?? [])].sort((x, y) => x - y);
      return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), rps: (sorted.length / (wall[name] ?? 1)) * 1000 };
    };
    const o = stat("owner");
    const s = stat("shared");
    results[mode] = s.p50 / o.p50;
    rows.push(
      `| HTTP, ${mode} | ${o.p50.toFixed(3)} | ${o.p99.toFixed(3)} | ${Math.round(o.rps)} | ${s.p50.toFixed(3)} | ${s.p99.toFixed(3)} | ${Math.round(s.rps)} | ${(s.p50 / o.p50).toFixed(2)} |`,
    );
  }
  console.info("|  | owner p50 ms | owner p99 ms | owner req/s | shared p50 ms | shared p99 ms | shared req/s | p50 shared/owner |");
  console.info("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) console.info(row);
  server.close();
  await handle.close();
}

await main();
