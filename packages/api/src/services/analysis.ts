// The analysis query layer: loads what one static may analyse (only reports it watches), in its
// bound transaction, and prepares it with @progboard/analysis.
//
// Two caches, both keyed by everything their value depends on (any change is a new key):
// - per report: the pulls' digests (the only part that reads events), keyed by the report, its
//   revision and ingestion progress, the encounter, and the static's roster, aliases, strats and
//   prog points. A new or re-ingested report is the only one whose events are read again;
// - per question: the prepared analysis of the static's encounter, and each view computed from it.
// Events are read selectively (eventsNeeded): deaths, and the events of the few abilities the
// digests look at, from two covering indexes (migration 0005), not the millions of other rows.
import { createHash } from "node:crypto";
import {
  DEFAULT_OPTIONS,
  prepareAnalysis,
  pullsListingNoPlayers,
  pullKey,
  type Analysis,
  type AnalysisEvent,
  type Pull,
  type PullDigest,
  type PullRef,
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
  stratConfig,
  watchedReports,
  queryRows,
  type TenantDb,
} from "@progboard/db";
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";

export interface AnalysisScope {
  staticId: number;
  encounterId: number;
  timeZone: string;
  /** Only this report (which the static must watch). */
  code?: string | undefined;
}

/** Least recently used first: the first key is the one to evict. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  clear(): void {
    this.map.clear();
  }
}

// A digest is a few deaths and hits: thousands of pulls' worth are a few MB.
const analyses = new Lru<Analysis>(16);
const reportDigests = new Lru<ReadonlyMap<string, PullDigest>>(256);
const views = new WeakMap<Analysis, Map<string, unknown>>();

/** Cache statistics, for the benchmark and tests. */
export const analysisCache = {
  /** Prepared analyses answered from the cache, and prepared afresh. */
  hits: 0,
  misses: 0,
  /** Reports whose digests came from the cache, and reports whose events were read. */
  reportHits: 0,
  reportMisses: 0,
  clear(): void {
    analyses.clear();
    reportDigests.clear();
  },
};

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url");

export async function loadAnalysis(db: TenantDb, scope: AnalysisScope): Promise<{ analysis: Analysis; reportCodes: string[] }> {
  // The cheap part first: which reports (and how far ingested), and the static's config.
  const [watched, roster, aliases, strats, points, overrides] = await Promise.all([
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
  const config: StaticConfig = {
    roster,
    aliases,
    strats,
    progPoints: points,
    faultOverrides: overrides.map((o) => ({ ...o, score: o.score ?? 0 })),
    timeZone: scope.timeZone,
  };
  // What a digest depends on besides the report: who is who, and which abilities matter. The
  // static is part of it too: two statics never share a cache entry, even with the same config.
  const digestConfig = hash([scope.staticId, scope.encounterId, roster, aliases, strats, points]);
  const reportKeys = new Map(watched.map((w) => [w.code, `${w.code}|${w.revision}|${w.status}|${w.fightsDone}|${w.finishedAt?.getTime() ?? null}|${digestConfig}`]));
  const key = hash([scope.staticId, [...reportKeys.values()], config]);
  const cached = analyses.get(key);
  if (cached) {
    analysisCache.hits++;
    return { analysis: cached, reportCodes: codes };
  }
  analysisCache.misses++;

  // Digests kept from an earlier analysis; the other reports' events are read.
  const digests = new Map<string, PullDigest>();
  const toRead: string[] = [];
  for (const code of codes) {
    const kept = reportDigests.get(reportKeys.get(code) ?? "");
    if (kept) for (const [k, d] of kept) digests.set(k, d);
    else toRead.push(code);
  }
  const reading = new Set(toRead);
  analysisCache.reportHits += codes.length - toRead.length;
  analysisCache.reportMisses += toRead.length;

  // One flight: the pulls, the reports' actors and abilities, and the events the digests read
  // (abilities named by the config are resolved by PostgreSQL); it works on the next query while
  // Node decodes the previous.
  const startOf = new Map(watched.map((w) => [w.code, w.startTime]));
  const [pullRows, actorRows, abilityRows, eventRows] = codes.length === 0 ? [[], [], [], noEventRows()] : await Promise.all([
    db
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
      })
      .from(fights)
      .where(and(inArray(fights.reportCode, codes), eq(fights.encounterId, scope.encounterId)))
      .orderBy(asc(fights.reportCode), asc(fights.id)),
    db.select().from(actors).where(inArray(actors.reportCode, codes)),
    db.select({ reportCode: abilities.reportCode, gameId: abilities.gameId, name: abilities.name }).from(abilities).where(inArray(abilities.reportCode, codes)),
    readEventsOfInterest(db, toRead, { strats, progPoints: points, enrage: DEFAULT_OPTIONS.enrageAbilities }),
  ]);
  // Field by field (no rest/spread per row: thousands of pulls).
  const pulls = pullRows.map(
    (f): Pull => ({
      reportCode: f.reportCode,
      fightId: f.fightId,
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
    }),
  );
  // A pull that lists no players reads every event (presence comes from them): rare, asked after.
  const listingNoPlayers = pullsListingNoPlayers(pulls.filter((p) => reading.has(p.reportCode)), actorRows);
  if (listingNoPlayers.length > 0) eventRows.few.push(await readWholePulls(db, listingNoPlayers));
  const eventsByPull = eventsPerPull(eventRows);
  for (const p of pullRows) if (reading.has(p.reportCode) && p.eventsComplete && !eventsByPull.has(pullKey(p.reportCode, p.fightId))) eventsByPull.set(pullKey(p.reportCode, p.fightId), []);

  const analysis = prepareAnalysis({ pulls, actors: actorRows, abilities: abilityRows, eventsByPull, digests, config });
  // Keep the digests of fully ingested reports (one still being written would change under us);
  // a report without pulls of this encounter keeps an empty set, so it is not read again.
  const fresh = new Map(toRead.map((code) => [code, new Map<string, PullDigest>()]));
  for (const p of pullRows) if (!p.eventsComplete) fresh.delete(p.reportCode);
  for (const p of analysis.pulls) fresh.get(p.pull.reportCode)?.set(p.key, p.digest);
  for (const [code, m] of fresh) reportDigests.set(reportKeys.get(code) ?? code, m);
  analyses.set(key, analysis);
  return { analysis, reportCodes: codes };
}

interface FlatRow {
  report_code: string;
  /** Numbers, comma-separated, a fixed count per event. */
  flat: string;
}

type FewRow = { report_code: string; events: EventTuple[] | null };

interface EventRows {
  /** Deaths: [fightId, seq, timestamp, targetId, abilityGameId, killingAbilityId] per event. */
  deaths: FlatRow[];
  /** Direct hits of configured mechanics: [fightId, seq, timestamp, targetId, abilityGameId]. */
  hits: FlatRow[];
  /** Everything else, as JSON tuples with their type. */
  few: FewRow[][];
}

/** What the config names: mechanics (ids or ability names), watched ability ids, enrage abilities. */
interface AbilityRefs {
  strats: readonly { mechanicRef: string }[];
  progPoints: readonly { abilityId: number | null }[];
  enrage: readonly (number | string)[];
}

const noEventRows = (): EventRows => ({ deaths: [], hits: [], few: [] });
const text = (column: string) => sql.raw(`coalesce(${column}::text, 'null')`);
const inReports = (codes: string[]) => sql`report_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`;
const TUPLE = sql.raw(`json_build_array(fight_id, seq, "timestamp", type, source_id, target_id, ability_game_id, tick, killing_ability_id)`);
const groupedJson = (q: SQL) => sql`select report_code, json_agg(event) as events from (${q}) e group by report_code`;

/**
 * `ability_game_id = any(…)` for ids and ability names (case- and space-insensitive, as the digests
 * resolve them: packages/analysis/src/digest.ts), names resolved in these reports; null when empty.
 */
function abilityIn(codes: string[], refs: readonly (number | string)[]): SQL | null {
  const ids = [...new Set(refs.flatMap((r) => (typeof r === "number" ? [r] : /^\d+$/.test(r.trim()) ? [Number(r.trim())] : [])))];
  const names = [...new Set(refs.flatMap((r) => (typeof r === "string" && !/^\d+$/.test(r.trim()) ? [r.trim().toLowerCase()] : [])))];
  const parts: SQL[] = [];
  if (names.length > 0) parts.push(sql`select game_id from abilities where ${inReports(codes)} and lower(btrim(name)) in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`);
  if (ids.length > 0) parts.push(sql`select unnest(array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::bigint[])`);
  return parts.length === 0 ? null : sql`ability_game_id = any(array(${sql.join(parts, sql` union all `)}))`;
}

/**
 * The events the digests read (see eventsNeeded), all asked at once: deaths; direct (non-tick)
 * hits of configured mechanics; per pull, the first event of each watched ability and the first
 * cast or hit of each enrage ability; the hit just before a death that names no killer. Deaths and
 * hits (tens of thousands) come as one flat list of numbers per report, which PostgreSQL writes
 * and JSON.parse reads far faster than row by row; the few others as JSON arrays with their type.
 */
async function readEventsOfInterest(db: TenantDb, codes: string[], refs: AbilityRefs): Promise<EventRows> {
  if (codes.length === 0) return noEventRows();
  const inCodes = inReports(codes);
  const hitAbility = abilityIn(codes, refs.strats.map((s) => s.mechanicRef));
  const watched = abilityIn(codes, refs.progPoints.flatMap((p) => (p.abilityId === null ? [] : [p.abilityId])));
  const enrage = abilityIn(codes, refs.enrage);
  // The type conditions are literals so the planner matches the partial index on deaths.
  const deaths = queryRows<FlatRow>(
    db,
    sql`select report_code, string_agg(concat_ws(',', fight_id, seq, "timestamp", ${text("target_id")}, ${text("ability_game_id")}, ${text("killing_ability_id")}), ',') as flat
          from events where ${inCodes} and type = 'death' group by report_code`,
  );
  const hits = hitAbility
    ? queryRows<FlatRow>(
        db,
        sql`select report_code, string_agg(concat_ws(',', fight_id, seq, "timestamp", ${text("target_id")}, ability_game_id), ',') as flat
              from events where ${inCodes} and ${hitAbility} and type = 'damage' and not tick group by report_code`,
      )
    : Promise.resolve([]);
  const few: SQL[] = [
    sql`select h.report_code, ${sql.raw(`json_build_array(h.fight_id, h.seq, h."timestamp", h.type, h.source_id, h.target_id, h.ability_game_id, h.tick, null)`)} as event
          from events d
          cross join lateral (
            select * from events h
             where h.report_code = d.report_code and h.fight_id = d.fight_id and h.seq < d.seq and h.target_id = d.target_id and h.type = 'damage'
             order by h.seq desc limit 1
          ) h
         where d.${inCodes} and d.type = 'death'
           and d.killing_ability_id is null and (d.ability_game_id is null or d.ability_game_id <= 0) and d.target_id is not null`,
  ];
  if (watched) {
    few.push(firstPerPull(sql`${inCodes} and ${watched}`));
  }
  if (enrage) {
    few.push(firstPerPull(sql`${inCodes} and ${enrage} and type in ('cast', 'damage')`));
  }
  const [deathRows, hitRows, ...fewRows] = await Promise.all([deaths, hits, ...few.map((q) => queryRows<FewRow>(db, groupedJson(q)))]);
  return { deaths: deathRows, hits: hitRows, few: fewRows };
}

/**
 * Per pull, the first event of each ability matching `where`. The matching events are gathered
 * first (materialized: from the ability index), else the planner may walk every event of the
 * reports in key order to skip the sort. A death is also read as a death, killer and all.
 */
function firstPerPull(where: SQL): SQL {
  return sql`with matching as materialized (
               select report_code, fight_id, seq, "timestamp", type, source_id, target_id, ability_game_id, tick from events where ${where}
             )
             select distinct on (report_code, fight_id, ability_game_id) report_code,
                    json_build_array(fight_id, seq, "timestamp", type, source_id, target_id, ability_game_id, tick, null) as event
               from matching order by report_code, fight_id, ability_game_id, seq`;
}

/** Every event of these pulls. */
function readWholePulls(db: TenantDb, pulls: readonly PullRef[]): Promise<FewRow[]> {
  const which = pulls.map((p) => sql`(report_code = ${p.reportCode} and fight_id = ${p.fightId})`);
  return queryRows<FewRow>(db, groupedJson(sql`select report_code, ${TUPLE} as event from events where ${sql.join(which, sql` or `)}`));
}

/** The rows of every kind as each pull's events, in stream order, each once. */
function eventsPerPull({ deaths: deathRows, hits: hitRows, few: fewRows }: EventRows): Map<string, AnalysisEvent[]> {
  const out = new Map<string, AnalysisEvent[]>();
  // Per report, per fight: the events with their position in the stream, to order them by.
  const byReport = new Map<string, Map<number, SeqEvent[]>>();
  const listOf = (code: string, fightId: number): SeqEvent[] => {
    let fights = byReport.get(code);
    if (!fights) byReport.set(code, (fights = new Map<number, SeqEvent[]>()));
    let list = fights.get(fightId);
    if (!list) fights.set(fightId, (list = []));
    return list;
  };
  const event = (seq: number, timestamp: number, type: string, sourceId: number | null, targetId: number | null, abilityGameId: number | null, tick: boolean, killing: number | null): SeqEvent => ({
    seq,
    timestamp,
    type,
    sourceId,
    targetId,
    abilityGameId,
    amount: null,
    data: tick ? TICK : killing === null ? NO_DATA : { killingAbilityGameID: killing },
  });
  for (const { report_code: code, flat } of deathRows) {
    const n = JSON.parse(`[${flat}]`) as (number | null)[];
    for (let i = 0; i + 5 < n.length; i += 6) listOf(code, n[i] as number).push(event(n[i + 1] as number, n[i + 2] as number, "death", null, n[i + 3] ?? null, n[i + 4] ?? null, false, n[i + 5] ?? null));
  }
  for (const { report_code: code, flat } of hitRows) {
    const n = JSON.parse(`[${flat}]`) as (number | null)[];
    for (let i = 0; i + 4 < n.length; i += 5) listOf(code, n[i] as number).push(event(n[i + 1] as number, n[i + 2] as number, "damage", null, n[i + 3] ?? null, n[i + 4] ?? null, false, null));
  }
  for (const rows of fewRows) {
    for (const { report_code: code, events } of rows) {
      for (const [fightId, seq, timestamp, type, sourceId, targetId, abilityGameId, tick, killing] of events ?? []) {
        listOf(code, fightId).push(event(seq, timestamp, type, sourceId, targetId, abilityGameId, tick, killing));
      }
    }
  }

  for (const [code, fights] of byReport) {
    for (const [fightId, list] of fights) {
      // Several kinds can hold one event (a death that is also a watched ability's first): once, by seq.
      list.sort((x, y) => x.seq - y.seq);
      out.set(pullKey(code, fightId), list.filter((e, i) => i === 0 || e.seq !== list[i - 1]?.seq));
    }
  }
  return out;
}

/** An event with its position in the fight's stream (the digests ignore the extra field). */
type SeqEvent = AnalysisEvent & { seq: number };

// The two raw fields the digests read; events without them share one empty object.
const NO_DATA: Record<string, unknown> = Object.freeze({});
const TICK: Record<string, unknown> = Object.freeze({ tick: true });

type EventTuple = [
  fightId: number,
  seq: number,
  timestamp: number,
  type: string,
  sourceId: number | null,
  targetId: number | null,
  abilityGameId: number | null,
  tick: boolean,
  killingAbilityId: number | null,
];

const VIEWS_PER_ANALYSIS = 64;

/**
 * A view of a prepared analysis (a pulls table, a fault aggregate…), computed once per question:
 * `name` and `args` say which. Kept as long as the analysis is; a failure is not kept.
 */
export function memoView<T>(analysis: Analysis, name: string, args: unknown, build: () => T): T {
  let memo = views.get(analysis);
  if (!memo) views.set(analysis, (memo = new Map<string, unknown>()));
  const key = `${name}:${JSON.stringify(args)}`;
  if (memo.has(key)) return memo.get(key) as T;
  const value = build();
  if (memo.size >= VIEWS_PER_ANALYSIS) memo.delete(memo.keys().next().value as string);
  memo.set(key, value);
  return value;
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
