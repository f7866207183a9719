// SPEC.md F through the router: analyses read only reports the static watches, shaped by the
// static's own roster, aliases and strat config, never another static's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Analysis,
  attributeFaults,
  buildConsistency,
  buildNightReport,
  buildProgPoints,
  buildPullTable,
  countMistakes,
  groupEventsByPull,
  groupPullsBySession,
  prepareAnalysis,
  type StaticConfig,
} from "@progboard/analysis";
import { abilities, actors, characterAliases, events, fights, progPoints, reports, rosterMembers, stratConfig, users } from "@progboard/db";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, generateReport, writeReportData, writeReportFile } from "@progboard/ingest/testing";
import { TRPCError } from "@trpc/server";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  await enqueue(h.handle, CODE);
  await ingestReport(h.handle, await openReportFile(file), CODE);

  staticA = (await (await h.as("aiko")).statics.create({ name: "Aiko's static" })).id;
  staticB = (await (await h.as("bao")).statics.create({ name: "Bao's static" })).id;
  a = await h.as("aiko", { staticId: staticA });
  b = await h.as("bao", { staticId: staticB });
  await a.watchedReports.add({ report: CODE });
  await b.watchedReports.add({ report: CODE });
});
afterAll(() => h.close());

/** A static's config as its member reads it (the test's own queries, not the loader's). */
async function loadConfig(harness: Harness, username: string, staticId: number): Promise<StaticConfig> {
  const [user] = await harness.handle.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!user) throw new Error(`no user ${username}`);
  return harness.handle.withWorkerTenant(
    { userId: user.id, staticId },
    async (db) => ({
      roster: await db
        .select({ id: rosterMembers.id, name: rosterMembers.name, job: rosterMembers.job, role: rosterMembers.role })
        .from(rosterMembers)
        .where(eq(rosterMembers.staticId, staticId)),
      aliases: await db
        .select({ memberId: characterAliases.memberId, characterName: characterAliases.characterName, server: characterAliases.server })
        .from(characterAliases)
        .where(eq(characterAliases.staticId, staticId)),
      strats: await db
        .select({
          encounterId: stratConfig.encounterId,
          mechanicRef: stratConfig.mechanicRef,
          role: stratConfig.role,
          memberId: stratConfig.memberId,
          rule: stratConfig.rule,
          expectedHits: stratConfig.expectedHits,
        })
        .from(stratConfig)
        .where(eq(stratConfig.staticId, staticId)),
      progPoints: await db
        .select({
          id: progPoints.id,
          encounterId: progPoints.encounterId,
          label: progPoints.label,
          phaseIndex: progPoints.phaseIndex,
          abilityId: progPoints.abilityId,
        })
        .from(progPoints)
        .where(eq(progPoints.staticId, staticId))
        .orderBy(asc(progPoints.id)),
      faultOverrides: [],
      timeZone: "UTC",
    }),
    { readOnly: true },
  );
}

/** The analysis of every raw row of these reports, events and all. */
async function fullAnalysis(codes: string[], config: StaticConfig): Promise<Analysis> {
  const db = h.handle.db;
  const reportRows = await db.select().from(reports).where(inArray(reports.code, codes));
  const startOf = new Map(reportRows.map((r) => [r.code, r.startTime]));
  const fightRows = await db.select().from(fights).where(inArray(fights.reportCode, codes));
  const eventRows = await db.select().from(events).where(inArray(events.reportCode, codes)).orderBy(events.reportCode, events.fightId, events.seq);
  return prepareAnalysis({
    pulls: fightRows.map((f) => ({ ...f, fightId: f.id, reportStartTime: startOf.get(f.reportCode) ?? 0 })),
    actors: await db.select().from(actors).where(inArray(actors.reportCode, codes)),
    abilities: await db.select().from(abilities).where(inArray(abilities.reportCode, codes)),
    eventsByPull: groupEventsByPull(eventRows.map((e) => ({ ...e, data: e.data as Record<string, unknown> }))),
    config,
  });
}

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

  it("gives the same answers as the analysis of every raw row (the loader reads only what matters)", async () => {
    const danaStatic = (await (await h.as("dana")).statics.create({ name: "Dana's static" })).id;
    const d = await h.as("dana", { staticId: danaStatic });
    await d.watchedReports.add({ report: CODE });
    // A config that makes the digests read hits, casts and deaths: mechanics by name and by id,
    // for a member and for a role; a prog point watching an ability; an aliased player.
    const tank = await d.roster.create({ name: "Dana", job: "PLD" });
    await d.roster.addAlias({ memberId: tank.id, characterName: "Aldric Stormvale", server: "Twintania" });
    await d.strats.upsert({ encounterId, mechanicRef: "Searing Cleave", memberId: tank.id });
    await d.strats.upsert({ encounterId, mechanicRef: "32004", role: "dps" });
    await d.strats.upsert({ encounterId, mechanicRef: "Kindling Towers", role: "healer" });
    // Mistakes without deaths: a failure debuff by the game's status id (FFLogs logs it + 1,000,000)
    // and a mechanic that should hit exactly two players.
    await d.strats.upsert({ encounterId, mechanicRef: "3901", rule: "debuff" });
    await d.strats.upsert({ encounterId, mechanicRef: "32005", rule: "exactly", expectedHits: 2 });
    await d.progPoints.create({ encounterId, label: "Saw the towers", phaseIndex: 1, abilityId: 32011 });
    const config = await loadConfig(h, "dana", danaStatic);
    const full = await fullAnalysis([CODE], config);

    expect(await d.analysis.pulls({ encounterId })).toEqual(buildPullTable(full, encounterId));
    expect(await d.analysis.faultScores({ encounterId })).toEqual(attributeFaults(full, encounterId).pulls);
    expect((await d.analysis.progCurve({ encounterId })).progPoints).toEqual(buildProgPoints(full, encounterId));
    expect(await d.analysis.consistency({ encounterId })).toEqual(buildConsistency(full, encounterId));
    const [first] = await d.analysis.sessions({ encounterId });
    if (!first) throw new Error("no session");
    expect(await d.analysis.night({ encounterId, session: first.sessionKey })).toEqual(buildNightReport(full, first.sessionKey, encounterId));
    const { pulls: _pulls, ...aggregate } = attributeFaults(full, encounterId);
    expect(await d.analysis.faultAggregate({ encounterId })).toEqual(aggregate);
    // The mistake counts: over every pull, and per session, as countMistakes counts them.
    const groups = groupPullsBySession(full, encounterId);
    const { perPull: _perPull, ...overall } = countMistakes(groups.flatMap((g) => g.pulls));
    const mistakes = await d.analysis.mistakes({ encounterId });
    expect(mistakes).toMatchObject(overall);
    expect(mistakes.total).toBeGreaterThan(0);
    expect(mistakes.sessions.map((s) => [s.sessionKey, s.total, s.byMechanic])).toEqual(
      groups.map((g) => {
        const counts = countMistakes(g.pulls);
        return [
          g.session.key,
          counts.total,
          counts.byMechanic.map((m) => ({ mechanicRef: m.mechanicRef, abilityName: m.abilityName, kind: m.kind, count: m.count })),
        ];
      }),
    );
    // Something was configured for real: the digests saw configured-mechanic hits and debuffs.
    expect(full.pulls.some((p) => p.digest.hits.length > 0)).toBe(true);
    expect(full.pulls.some((p) => p.digest.debuffs.length > 0)).toBe(true);
    expect(full.pulls.some((p) => p.mistakes.some((m) => m.rule === "debuff"))).toBe(true);

    // Mistakes per session add up to the scope's, mechanic by mechanic and player by player.
    expect(mistakes.sessions.reduce((sum, s) => sum + s.total, 0)).toBe(mistakes.total);
    for (const m of mistakes.byMechanic) {
      const perSession = mistakes.sessions.flatMap((s) =>
        s.byMechanic.filter((x) => x.mechanicRef === m.mechanicRef && x.abilityName === m.abilityName),
      );
      expect(perSession.reduce((sum, x) => sum + x.count, 0)).toBe(m.count);
    }
    for (const p of mistakes.byPlayer) {
      const perSession = mistakes.sessions.flatMap((s) => s.byPlayer.filter((x) => x.playerKey === p.playerKey));
      expect(perSession.reduce((sum, x) => sum + x.count, 0)).toBe(p.count);
    }
    for (const s of mistakes.sessions) {
      expect(s.byPlayer.reduce((sum, x) => sum + x.count, 0)).toBe(s.total);
      expect(s.playersSeen.length).toBeGreaterThanOrEqual(8);
      for (const x of s.byPlayer) if (x.playerKey !== null) expect(s.playersSeen).toContain(x.playerKey);
    }
  });

  it("reads a new report's events and keeps the digests of the reports it already read", async () => {
    // In this report deaths name no killing ability: the loader fetches the hit just before each.
    const other = "AnalysisRep0002";
    const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-analysis-")), "report.jsonl");
    const generated = generateReport({ seed: 22, code: other, pulls: 6, eventsPerPull: 150, startTime: Date.UTC(2025, 0, 8, 19) });
    const unnamed = function* (fightId: number) {
      for (const e of generated.events(fightId)) {
        if (e.type !== "death") yield e;
        else {
          const { killingAbilityGameID: _k, abilityGameID: _a, ...rest } = e;
          yield rest;
        }
      }
    };
    await writeReportData(file, { report: generated.report, events: unnamed }, { format: "jsonl" });
    await enqueue(h.handle, other);
    await ingestReport(h.handle, await openReportFile(file), other);

    const erinStatic = (await (await h.as("erin")).statics.create({ name: "Erin's static" })).id;
    const e = await h.as("erin", { staticId: erinStatic });
    await e.strats.upsert({ encounterId, mechanicRef: "Pyre Tethers", role: "healer" });
    await e.watchedReports.add({ report: CODE });
    const { analysisCache } = h;
    let before = { ...analysisCache };
    await e.analysis.pulls({ encounterId });
    expect([analysisCache.reportHits - before.reportHits, analysisCache.reportMisses - before.reportMisses]).toEqual([0, 1]);

    await e.watchedReports.add({ report: other });
    before = { ...analysisCache };
    const pulls = await e.analysis.pulls({ encounterId });
    expect([analysisCache.reportHits - before.reportHits, analysisCache.reportMisses - before.reportMisses]).toEqual([1, 1]);
    expect(pulls).toHaveLength(30);
    const named = pulls.filter((p) => p.reportCode === other && p.firstDeath);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((p) => p.firstDeath?.abilityName !== "Unknown")).toBe(true);

    // Kept digests and fresh ones together answer exactly like a fresh analysis of both.
    const full = await fullAnalysis([CODE, other], await loadConfig(h, "erin", erinStatic));
    expect(pulls).toEqual(buildPullTable(full, encounterId));
    expect(await e.analysis.faultAggregate({ encounterId })).toEqual((({ pulls: _p, ...rest }) => rest)(attributeFaults(full, encounterId)));
  });

  it("shares a report's digests between statics whose config matches, and answers each as its own fresh analysis", async () => {
    const { analysisCache } = h;
    const setUp = async (user: string, role: "tank" | "healer" | "dps") => {
      const id = (await (await h.as(user)).statics.create({ name: `${user}'s static` })).id;
      const caller = await h.as(user, { staticId: id });
      await caller.strats.upsert({ encounterId, mechanicRef: "Pyre Tethers", role });
      await caller.watchedReports.add({ report: CODE });
      return { id, caller };
    };
    const first = await setUp("fumi", "tank");
    const twin = await setUp("gus", "tank");
    const other = await setUp("hana", "dps");
    const reads = async (caller: Caller) => {
      const before = { ...analysisCache };
      const pulls = await caller.analysis.pulls({ encounterId });
      return { pulls, hits: analysisCache.reportHits - before.reportHits, misses: analysisCache.reportMisses - before.reportMisses };
    };
    expect(await reads(first.caller)).toMatchObject({ hits: 0, misses: 1 });
    // Same config, same report: the digests are the first static's, not read again.
    const shared = await reads(twin.caller);
    expect(shared).toMatchObject({ hits: 1, misses: 0 });
    expect(shared.pulls).toEqual(buildPullTable(await fullAnalysis([CODE], await loadConfig(h, "gus", twin.id)), encounterId));
    // Another config: its own digests.
    expect(await reads(other.caller)).toMatchObject({ hits: 0, misses: 1 });
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
    expect(await failure(c.analysis.pulls({ encounterId, code: CODE }))).toEqual({
      code: "NOT_FOUND",
      message: "This static does not watch that report",
    });
    expect(await c.analysis.pulls({ encounterId })).toEqual([]);
    expect(await c.analysis.encounters()).toEqual([]);
  });

  it("answers a repeated question from the cache, and a changed config with a fresh analysis", async () => {
    await a.analysis.consistency({ encounterId });
    const { analysisCache } = h;
    const before = { ...analysisCache };
    await a.analysis.consistency({ encounterId });
    expect(analysisCache.hits).toBe(before.hits + 1);
    expect(analysisCache.misses).toBe(before.misses);
    await a.strats.upsert({ encounterId, mechanicRef: "Searing Cleave", role: "tank" });
    await a.analysis.consistency({ encounterId });
    expect(analysisCache.misses).toBe(before.misses + 1);
  });
});
