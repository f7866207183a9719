// The analysis query layer: loads what one static may analyse (only reports it watches), in its
// bound transaction, and prepares it with @progboard/analysis. Preparing means reading every
// event of every pull, so the result is cached per (static, encounter, the reports' revisions and
// ingestion times, the static's config): any change to any of them is a new key.
import { createHash } from "node:crypto";
import { prepareAnalysis, type Analysis, type AnalysisEvent, type AnalysisInput, type Pull } from "@progboard/analysis";
import {
  abilities,
  actors,
  characterAliases,
  events,
  faultScores,
  fights,
  ingestionLedger,
  progPoints,
  reports,
  rosterMembers,
  stratConfig,
  watchedReports,
  type TenantDb,
} from "@progboard/db";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";

export interface AnalysisScope {
  staticId: number;
  encounterId: number;
  timeZone: string;
  /** Only this report (which the static must watch). */
  code?: string | undefined;
}

const CACHE_SIZE = 16;
const cache = new Map<string, Analysis>();

/** Cache statistics, for the benchmark and tests. */
export const analysisCache = { hits: 0, misses: 0, clear: () => cache.clear() };

export async function loadAnalysis(db: TenantDb, scope: AnalysisScope): Promise<{ analysis: Analysis; reportCodes: string[] }> {
  // The cheap part first: which reports (and at which revision), and the static's config.
  const [watched, roster, aliases, strats, points, overrides] = await Promise.all([
    db
      .select({ code: watchedReports.code, revision: reports.revision, startTime: reports.startTime, finishedAt: ingestionLedger.finishedAt })
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
      .select({ encounterId: stratConfig.encounterId, mechanicRef: stratConfig.mechanicRef, role: stratConfig.role, memberId: stratConfig.memberId })
      .from(stratConfig)
      .where(and(eq(stratConfig.staticId, scope.staticId), eq(stratConfig.encounterId, scope.encounterId)))
      .orderBy(asc(stratConfig.mechanicRef)),
    db
      .select({ id: progPoints.id, encounterId: progPoints.encounterId, label: progPoints.label, phaseIndex: progPoints.phaseIndex, abilityId: progPoints.abilityId })
      .from(progPoints)
      .where(and(eq(progPoints.staticId, scope.staticId), eq(progPoints.encounterId, scope.encounterId)))
      .orderBy(asc(progPoints.id)),
    db
      .select({ reportCode: faultScores.reportCode, fightId: faultScores.fightId, actorId: faultScores.actorId, score: faultScores.overrideScore })
      .from(faultScores)
      .where(and(eq(faultScores.staticId, scope.staticId), isNotNull(faultScores.overrideScore)))
      .orderBy(asc(faultScores.reportCode), asc(faultScores.fightId), asc(faultScores.actorId)),
  ]);
  const codes = watched.map((w) => w.code);
  const config = {
    roster,
    aliases,
    strats,
    progPoints: points,
    faultOverrides: overrides.map((o) => ({ ...o, score: o.score ?? 0 })),
    timeZone: scope.timeZone,
  };
  const key = createHash("sha256")
    .update(JSON.stringify([scope.staticId, scope.encounterId, watched.map((w) => [w.code, w.revision, w.finishedAt?.getTime() ?? null]), config]))
    .digest("base64url");
  const cached = cache.get(key);
  if (cached) {
    analysisCache.hits++;
    // Most recently used last: the first key is the one to evict.
    cache.delete(key);
    cache.set(key, cached);
    return { analysis: cached, reportCodes: codes };
  }
  analysisCache.misses++;

  const startOf = new Map(watched.map((w) => [w.code, w.startTime]));
  const pullRows = codes.length
    ? await db
        .select()
        .from(fights)
        .where(and(inArray(fights.reportCode, codes), eq(fights.encounterId, scope.encounterId)))
        .orderBy(asc(fights.reportCode), asc(fights.id))
    : [];
  const pulls: Pull[] = pullRows.map((f) => ({
    reportCode: f.reportCode,
    fightId: f.id,
    encounterId: f.encounterId,
    name: f.name,
    startTime: f.startTime,
    endTime: f.endTime,
    reportStartTime: startOf.get(f.reportCode) ?? 0,
    kill: f.kill,
    fightPercentage: f.fightPercentage,
    bossPercentage: f.bossPercentage,
    lastPhase: f.lastPhase,
    lastPhaseAbsoluteIndex: f.lastPhaseAbsoluteIndex,
    lastPhaseIsIntermission: f.lastPhaseIsIntermission,
    phaseTransitions: f.phaseTransitions,
    friendlyPlayers: f.friendlyPlayers,
  }));
  const inPulls = [...new Set(pulls.map((p) => p.reportCode))];
  const [actorRows, abilityRows, eventRows] = inPulls.length === 0 ? [[], [], []] : await Promise.all([
    db.select().from(actors).where(inArray(actors.reportCode, inPulls)),
    db.select({ reportCode: abilities.reportCode, gameId: abilities.gameId, name: abilities.name }).from(abilities).where(inArray(abilities.reportCode, inPulls)),
    db
      .select({
        reportCode: events.reportCode,
        fightId: events.fightId,
        timestamp: events.timestamp,
        type: events.type,
        sourceId: events.sourceId,
        targetId: events.targetId,
        abilityGameId: events.abilityGameId,
        amount: events.amount,
        // The analysis reads two fields of the raw event; the rest of the JSON stays in the database.
        tick: sql<boolean | null>`(${events.data}->>'tick')::boolean`,
        killingAbility: sql<string | null>`${events.data}->>'killingAbilityGameID'`,
      })
      .from(events)
      .innerJoin(fights, and(eq(fights.reportCode, events.reportCode), eq(fights.id, events.fightId)))
      .where(and(inArray(events.reportCode, inPulls), eq(fights.encounterId, scope.encounterId), inArray(events.type, ["damage", "death", "cast"])))
      .orderBy(asc(events.reportCode), asc(events.fightId), asc(events.seq)),
  ]);
  const eventsByPull = new Map<string, AnalysisEvent[]>();
  for (const { reportCode, fightId, tick, killingAbility, ...event } of eventRows) {
    const key = `${reportCode}#${fightId}`;
    let list = eventsByPull.get(key);
    if (!list) eventsByPull.set(key, (list = []));
    const data: Record<string, unknown> = {};
    if (tick !== null) data.tick = tick;
    if (killingAbility !== null) data.killingAbilityGameID = Number(killingAbility);
    list.push({ ...event, data });
  }
  const input: AnalysisInput = { pulls, actors: actorRows, abilities: abilityRows, eventsByPull, config };
  const analysis = prepareAnalysis(input);
  cache.set(key, analysis);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return { analysis, reportCodes: codes };
}

/** The pulls whose start falls in [from, to] (epoch ms), numbers kept from the full history. */
export function withinDates(analysis: Analysis, from?: number, to?: number): Analysis {
  if (from === undefined && to === undefined) return analysis;
  return { ...analysis, pulls: analysis.pulls.filter((p) => (from === undefined || p.startedAt >= from) && (to === undefined || p.startedAt <= to)) };
}

/** Encounters the static has pulls of, for the pickers. */
export function listAnalysedEncounters(db: TenantDb, staticId: number) {
  return db
    .select({ encounterId: fights.encounterId, name: sql<string>`min(${fights.name})`, pulls: sql<number>`count(*)::int`, kills: sql<number>`count(*) filter (where ${fights.kill})::int` })
    .from(fights)
    .innerJoin(watchedReports, and(eq(watchedReports.code, fights.reportCode), eq(watchedReports.staticId, staticId)))
    .where(sql`${fights.encounterId} > 0`)
    .groupBy(fights.encounterId)
    .orderBy(asc(fights.encounterId));
}
