// loadAnalysis: what one static may analyse (only reports it watches), read in its bound
// transaction and prepared with @progboard/analysis, through the caches (cache.ts). Every key holds
// everything its value depends on, so any change is a new key:
// - a report's digests: the report, its revision and ingestion progress, the encounter, and the
//   static's roster, aliases, strats and prog points. A new or re-ingested report is the only one
//   whose events are read again (events-sql.ts, decode.ts);
// - the prepared analysis: the static, its reports' keys and its whole config.
import { createHash } from "node:crypto";
import {
  type Analysis,
  DEFAULT_OPTIONS,
  type Pull,
  type PullDigest,
  prepareAnalysis,
  pullKey,
  pullsListingNoPlayers,
  type StaticConfig,
} from "@progboard/analysis";
import {
  abilities,
  actors,
  characterAliases,
  faultScores,
  fights,
  ingestionLedger,
  progPoints,
  reports,
  rosterMembers,
  type ScopedReadDb,
  stratConfig,
  watchedReports,
} from "@progboard/db";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { AnalysisCache } from "./cache";
import { PullEvents } from "./decode";
import { readEventsOfInterest, readWholePulls } from "./events-sql";

export interface AnalysisScope {
  staticId: number;
  encounterId: number;
  timeZone: string;
  /** Only this report (which the static must watch). */
  code?: string | undefined;
  /**
   * Who is looking: "owner" (a member of the static) or "grant:<id>" (a grantee through that grant).
   * Part of the prepared analysis's key, so a grantee is never served an owner's analysis (or views).
   */
  viewer: string;
}

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url");

/** The static's watched reports (with how far each is ingested) and its config for the encounter. */
function readConfig(db: ScopedReadDb, scope: AnalysisScope) {
  return Promise.all([
    db
      .select({
        code: watchedReports.code,
        revision: reports.revision,
        startTime: reports.startTime,
        status: ingestionLedger.status,
        fightsDone: ingestionLedger.fightsDone,
        finishedAt: ingestionLedger.finishedAt,
      })
      .from(watchedReports)
      .innerJoin(reports, eq(reports.code, watchedReports.code))
      .leftJoin(ingestionLedger, eq(ingestionLedger.reportCode, watchedReports.code))
      .where(and(eq(watchedReports.staticId, scope.staticId), scope.code === undefined ? undefined : eq(watchedReports.code, scope.code)))
      .orderBy(asc(watchedReports.code)),
    db
      .select({ id: rosterMembers.id, name: rosterMembers.name, job: rosterMembers.job, role: rosterMembers.role })
      .from(rosterMembers)
      .where(eq(rosterMembers.staticId, scope.staticId))
      .orderBy(asc(rosterMembers.id)),
    db
      .select({ memberId: characterAliases.memberId, characterName: characterAliases.characterName, server: characterAliases.server })
      .from(characterAliases)
      .where(eq(characterAliases.staticId, scope.staticId))
      .orderBy(asc(characterAliases.characterName), asc(characterAliases.server)),
    db
      .select({
        encounterId: stratConfig.encounterId,
        mechanicRef: stratConfig.mechanicRef,
        role: stratConfig.role,
        memberId: stratConfig.memberId,
        rule: stratConfig.rule,
        expectedHits: stratConfig.expectedHits,
      })
      .from(stratConfig)
      .where(and(eq(stratConfig.staticId, scope.staticId), eq(stratConfig.encounterId, scope.encounterId)))
      .orderBy(asc(stratConfig.mechanicRef)),
    db
      .select({
        id: progPoints.id,
        encounterId: progPoints.encounterId,
        label: progPoints.label,
        phaseIndex: progPoints.phaseIndex,
        abilityId: progPoints.abilityId,
      })
      .from(progPoints)
      .where(and(eq(progPoints.staticId, scope.staticId), eq(progPoints.encounterId, scope.encounterId)))
      .orderBy(asc(progPoints.id)),
    db
      .select({ reportCode: faultScores.reportCode, fightId: faultScores.fightId, actorId: faultScores.actorId, score: faultScores.overrideScore })
      .from(faultScores)
      .where(and(eq(faultScores.staticId, scope.staticId), isNotNull(faultScores.overrideScore)))
      .orderBy(asc(faultScores.reportCode), asc(faultScores.fightId), asc(faultScores.actorId)),
  ]);
}

/** The encounter's fights in these reports. */
function readFights(db: ScopedReadDb, codes: string[], encounterId: number) {
  return db
    .select({
      reportCode: fights.reportCode,
      fightId: fights.id,
      encounterId: fights.encounterId,
      name: fights.name,
      startTime: fights.startTime,
      endTime: fights.endTime,
      kill: fights.kill,
      fightPercentage: fights.fightPercentage,
      bossPercentage: fights.bossPercentage,
      lastPhase: fights.lastPhase,
      lastPhaseAbsoluteIndex: fights.lastPhaseAbsoluteIndex,
      lastPhaseIsIntermission: fights.lastPhaseIsIntermission,
      phaseTransitions: fights.phaseTransitions,
      friendlyPlayers: fights.friendlyPlayers,
      eventsComplete: fights.eventsComplete,
      // A pull's events were written (complete) and there are some: a real pull always has events,
      // so a complete pull without any (a fights-only file) has unknown deaths, not none.
      // A pull with a death has some: PostgreSQL hashes the deaths once (the small partial index
      // of migration 0005) and probes the primary key only for pulls without one, not for each of
      // thousands of pulls. (Spelled out: inside a select list drizzle writes columns unqualified,
      // which the subqueries would read as their own; the type a literal, to match the index.)
      hasEventRows: sql<boolean>`(exists (select 1 from events d where d.report_code = fights.report_code and d.fight_id = fights.id and d.type = 'death')
        or exists (select 1 from events e where e.report_code = fights.report_code and e.fight_id = fights.id))`,
    })
    .from(fights)
    .where(and(inArray(fights.reportCode, codes), eq(fights.encounterId, encounterId)))
    .orderBy(asc(fights.reportCode), asc(fights.id));
}

type FightRow = Awaited<ReturnType<typeof readFights>>[number];

/** Field by field (no rest/spread per row: thousands of pulls). */
function toPull(f: FightRow, reportStartTime: number): Pull {
  return {
    reportCode: f.reportCode,
    fightId: f.fightId,
    encounterId: f.encounterId,
    name: f.name,
    startTime: f.startTime,
    endTime: f.endTime,
    reportStartTime,
    kill: f.kill,
    fightPercentage: f.fightPercentage,
    bossPercentage: f.bossPercentage,
    lastPhase: f.lastPhase,
    lastPhaseAbsoluteIndex: f.lastPhaseAbsoluteIndex,
    lastPhaseIsIntermission: f.lastPhaseIsIntermission,
    phaseTransitions: f.phaseTransitions,
    friendlyPlayers: f.friendlyPlayers,
    eventsComplete: f.eventsComplete && f.hasEventRows,
  };
}

/** The static's prepared analysis of the scope, from the cache when nothing it depends on changed. */
export async function loadAnalysis(
  db: ScopedReadDb,
  cache: AnalysisCache,
  scope: AnalysisScope,
): Promise<{ analysis: Analysis; reportCodes: string[] }> {
  // The cheap part first: which reports (and how far ingested), and the static's config.
  const [watched, roster, aliases, strats, points, overrides] = await readConfig(db, scope);
  const codes = watched.map((w) => w.code);
  const config: StaticConfig = {
    roster,
    aliases,
    strats,
    progPoints: points,
    faultOverrides: overrides.map((o) => ({ ...o, score: o.score ?? 0 })),
    timeZone: scope.timeZone,
  };
  // What a digest depends on besides the report: who is who, and which abilities matter. Not the
  // static: statics with the same config share the digests of a report they both watch (cache.ts).
  const digestConfig = hash([scope.encounterId, roster, aliases, strats, points]);
  const reportKeys = new Map(
    watched.map((w) => [w.code, `${w.code}|${w.revision}|${w.status}|${w.fightsDone}|${w.finishedAt?.getTime() ?? null}|${digestConfig}`]),
  );
  const key = hash([scope.viewer, scope.staticId, [...reportKeys.values()], config]);
  const cached = cache.analyses.get(key);
  if (cached) {
    cache.hits++;
    return { analysis: cached, reportCodes: codes };
  }
  cache.misses++;

  // Digests kept from an earlier analysis; the other reports' events are read.
  const digests = new Map<string, PullDigest>();
  const toRead: string[] = [];
  for (const code of codes) {
    const kept = cache.reportDigests.get(reportKeys.get(code) ?? "");
    if (kept) for (const [k, d] of kept) digests.set(k, d);
    else toRead.push(code);
  }
  const reading = new Set(toRead);
  cache.reportHits += codes.length - toRead.length;
  cache.reportMisses += toRead.length;

  // One flight: the pulls, the reports' actors and abilities, and the events the digests read
  // (abilities named by the config are resolved by PostgreSQL); it works on the next query while
  // Node reads the previous one's rows into `events`.
  const startOf = new Map(watched.map((w) => [w.code, w.startTime]));
  const events = new PullEvents();
  const [pullRows, actorRows, abilityRows] =
    codes.length === 0
      ? [[], [], []]
      : await Promise.all([
          readFights(db, codes, scope.encounterId),
          db.select().from(actors).where(inArray(actors.reportCode, codes)),
          db
            .select({ reportCode: abilities.reportCode, gameId: abilities.gameId, name: abilities.name })
            .from(abilities)
            .where(inArray(abilities.reportCode, codes)),
          readEventsOfInterest(db, toRead, { strats, progPoints: points, enrage: DEFAULT_OPTIONS.enrageAbilities }, events),
        ]);
  const pulls = pullRows.map((f) => toPull(f, startOf.get(f.reportCode) ?? 0));
  // A pull that lists no players reads every event (presence comes from them): rare, asked after.
  const listingNoPlayers = pullsListingNoPlayers(
    pulls.filter((p) => reading.has(p.reportCode)),
    actorRows,
  );
  if (listingNoPlayers.length > 0) events.addFew(await readWholePulls(db, listingNoPlayers));
  const eventsByPull = events.perPull();
  for (const p of pullRows)
    if (reading.has(p.reportCode) && p.eventsComplete && !eventsByPull.has(pullKey(p.reportCode, p.fightId)))
      eventsByPull.set(pullKey(p.reportCode, p.fightId), []);

  const analysis = prepareAnalysis({ pulls, actors: actorRows, abilities: abilityRows, eventsByPull, digests, config });
  // Keep the digests of fully ingested reports (one still being written would change under us);
  // a report without pulls of this encounter keeps an empty set, so it is not read again.
  const fresh = new Map(toRead.map((code) => [code, new Map<string, PullDigest>()]));
  for (const p of pullRows) if (!p.eventsComplete) fresh.delete(p.reportCode);
  for (const p of analysis.pulls) fresh.get(p.pull.reportCode)?.set(p.key, p.digest);
  for (const [code, m] of fresh) cache.reportDigests.set(reportKeys.get(code) ?? code, m);
  cache.keepAnalysis(key, analysis);
  return { analysis, reportCodes: codes };
}

/** The pulls whose start falls in [from, to] (epoch ms), numbers kept from the full history. */
export function withinDates(analysis: Analysis, from?: number, to?: number): Analysis {
  if (from === undefined && to === undefined) return analysis;
  return { ...analysis, pulls: analysis.pulls.filter((p) => (from === undefined || p.startedAt >= from) && (to === undefined || p.startedAt <= to)) };
}

/** Encounters the static has pulls of (in one report of them, when `code` is given), for the pickers. */
export function listAnalysedEncounters(db: ScopedReadDb, staticId: number, code?: string) {
  return db
    .select({
      encounterId: fights.encounterId,
      name: sql<string>`min(${fights.name})`,
      pulls: sql<number>`count(*)::int`,
      kills: sql<number>`count(*) filter (where ${fights.kill})::int`,
    })
    .from(fights)
    .innerJoin(
      watchedReports,
      and(
        eq(watchedReports.code, fights.reportCode),
        eq(watchedReports.staticId, staticId),
        code === undefined ? undefined : eq(watchedReports.code, code),
      ),
    )
    .where(sql`${fights.encounterId} > 0`)
    .groupBy(fights.encounterId)
    .orderBy(asc(fights.encounterId));
}
