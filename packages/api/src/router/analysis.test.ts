// SPEC.md F through the router: analyses read only reports the static watches, shaped by the
// static's own roster, aliases and strat config, never another static's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { buildPullTable, groupEventsByPull, prepareAnalysis } from "@progboard/analysis";
import { abilities, actors, events, fights, reports } from "@progboard/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analysisCache } from "../services/analysis";
import { createHarness, type Harness } from "../testing";

let h: Harness;
const CODE = "AnalysisRep0001";
const encounterId = GENERATED_ENCOUNTER.id;
let staticA: number;
let staticB: number;
type Caller = Awaited<ReturnType<Harness["as"]>>;
let a: Caller;
let b: Caller;

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-analysis-")), "report.jsonl");
  await writeReportFile(file, { seed: 21, code: CODE, pulls: 24, eventsPerPull: 200, format: "jsonl" });
  await enqueue(h.handle.db, CODE);
  await ingestReport(h.handle.db, await openReportFile(file), CODE);

  staticA = (await (await h.as("aiko")).statics.create({ name: "Aiko's static" })).id;
  staticB = (await (await h.as("bao")).statics.create({ name: "Bao's static" })).id;
  a = await h.as("aiko", { staticId: staticA });
  b = await h.as("bao", { staticId: staticB });
  await a.watchedReports.add({ report: CODE });
  await b.watchedReports.add({ report: CODE });
});
afterAll(() => h.close());

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("analysis", () => {
  it("lists the encounters and pulls of watched reports, numbered, with phases and outcomes", async () => {
    expect(await a.analysis.encounters()).toEqual([expect.objectContaining({ encounterId, pulls: 24, kills: 1 })]);
    const pulls = await a.analysis.pulls({ encounterId });
    expect(pulls.map((p) => p.pullNumber)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(pulls.filter((p) => p.kill)).toHaveLength(1);
    expect(pulls.at(-1)?.kill).toBe(true);
    for (const pull of pulls) expect(pull.phase).toMatch(/^[PI]\d+$/);
  });

  it("gives the same pulls table as the analysis of every raw row (the loader trims nothing that matters)", async () => {
    const db = h.handle.db;
    const [report] = await db.select().from(reports).where(eq(reports.code, CODE));
    if (!report) throw new Error("no report");
    const fightRows = await db.select().from(fights).where(eq(fights.reportCode, CODE));
    const full = prepareAnalysis({
      pulls: fightRows.map((f) => ({ ...f, fightId: f.id, reportStartTime: report.startTime })),
      actors: await db.select().from(actors).where(eq(actors.reportCode, CODE)),
      abilities: await db.select().from(abilities).where(eq(abilities.reportCode, CODE)),
      eventsByPull: groupEventsByPull((await db.select().from(events).where(eq(events.reportCode, CODE)).orderBy(events.fightId, events.seq)).map((e) => ({ ...e, data: e.data as Record<string, unknown> }))),
      config: { roster: [], aliases: [], strats: [], progPoints: [], faultOverrides: [], timeZone: "UTC" },
    });
    const fresh = await h.as("dana");
    const d = await h.as("dana", { staticId: (await fresh.statics.create({ name: "Dana's static" })).id });
    await d.watchedReports.add({ report: CODE });
    expect(await d.analysis.pulls({ encounterId })).toEqual(buildPullTable(full, encounterId));
  });

  it("draws the prog curve from the best pull of each session", async () => {
    const curve = await a.analysis.progCurve({ encounterId });
    expect(curve.points.length).toBeGreaterThan(0);
    expect(curve.points.at(-1)?.best.kill).toBe(true);
  });

  it("shapes fault attribution by each static's own roster and strats", async () => {
    // Static A names a player through an alias; B does not, so B sees them as an unknown player.
    const actors = (await a.analysis.pulls({ encounterId })).flatMap((p) => (p.firstDeath ? [p.firstDeath] : []));
    const victim = actors[0];
    if (!victim) throw new Error("no deaths in the synthetic report");
    const match = /^character:(.+)@(.+)$/.exec(victim.playerKey);
    if (!match?.[1] || !match[2]) throw new Error(`unexpected player key ${victim.playerKey}`);
    const [characterName, server] = [match[1], match[2]];
    const member = await a.roster.create({ name: "Main Tank Aiko", job: "WAR" });
    await a.roster.addAlias({ memberId: member.id, characterName, server });
    const aggregateA = await a.analysis.faultAggregate({ encounterId });
    const aggregateB = await b.analysis.faultAggregate({ encounterId });
    expect(JSON.stringify(aggregateA)).toContain("Main Tank Aiko");
    expect(JSON.stringify(aggregateB)).not.toContain("Main Tank Aiko");
    expect(JSON.stringify(await b.analysis.pulls({ encounterId }))).not.toContain("Main Tank Aiko");
  });

  it("refuses a report the static does not watch", async () => {
    const loner = await (await h.as("cyra")).statics.create({ name: "Cyra's static" });
    const c = await h.as("cyra", { staticId: loner.id });
    expect(await failure(c.analysis.pulls({ encounterId, code: CODE }))).toEqual({ code: "NOT_FOUND", message: "This static does not watch that report" });
    expect(await c.analysis.pulls({ encounterId })).toEqual([]);
    expect(await c.analysis.encounters()).toEqual([]);
  });

  it("answers a repeated question from the cache, and a changed config with a fresh analysis", async () => {
    await a.analysis.consistency({ encounterId });
    const before = { ...analysisCache };
    await a.analysis.consistency({ encounterId });
    expect(analysisCache.hits).toBe(before.hits + 1);
    expect(analysisCache.misses).toBe(before.misses);
    await a.strats.upsert({ encounterId, mechanicRef: "Cinder Spiral", role: "tank" });
    await a.analysis.consistency({ encounterId });
    expect(analysisCache.misses).toBe(before.misses + 1);
  });
});
