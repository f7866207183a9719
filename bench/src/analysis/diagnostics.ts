// What the loader's events query costs PostgreSQL alone, and how many of its rows the analysis
// actually reads. Run on the owner's connection, outside the timed calls.
import { DEFAULT_OPTIONS } from "@progboard/analysis";
import { abilities, events, fights, progPoints } from "@progboard/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { STRATS } from "./setup";

/** The loader's events query (packages/api/src/services/analysis.ts, loadAnalysis), built the same way. */
function loaderQuery(owner: postgres.Sql, codes: string[], encounterId: number) {
  return drizzle(owner)
    .select({
      reportCode: events.reportCode,
      fightId: events.fightId,
      timestamp: events.timestamp,
      type: events.type,
      sourceId: events.sourceId,
      targetId: events.targetId,
      abilityGameId: events.abilityGameId,
      amount: events.amount,
      tick: sql<boolean | null>`(${events.data}->>'tick')::boolean`,
      killingAbility: sql<string | null>`${events.data}->>'killingAbilityGameID'`,
    })
    .from(events)
    .innerJoin(fights, and(eq(fights.reportCode, events.reportCode), eq(fights.id, events.fightId)))
    .where(and(inArray(events.reportCode, codes), eq(fights.encounterId, encounterId), inArray(events.type, ["damage", "death", "cast"])))
    .orderBy(asc(events.reportCode), asc(events.fightId), asc(events.seq))
    .toSQL();
}

interface PlanNode {
  "Node Type": string;
  "Actual Rows"?: number;
  "Plan Width"?: number;
  "Sort Method"?: string;
  "Sort Space Used"?: number;
  "Sort Space Type"?: string;
  Workers?: { "Sort Space Used"?: number; "Sort Space Type"?: string }[];
  Plans?: PlanNode[];
}

/** KiB that the plan's sorts spilled to disk (the leader's and every worker's). */
function spilledKiB(node: PlanNode): number {
  let kib = node["Sort Space Type"] === "Disk" ? (node["Sort Space Used"] ?? 0) : 0;
  for (const worker of node.Workers ?? []) if (worker["Sort Space Type"] === "Disk") kib += worker["Sort Space Used"] ?? 0;
  for (const child of node.Plans ?? []) kib += spilledKiB(child);
  return kib;
}

async function explainAnalyze(owner: postgres.Sql, query: { sql: string; params: unknown[] }) {
  const [row] = await owner.unsafe<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }[]>(
    `explain (analyze, timing off, format json) ${query.sql}`,
    query.params as postgres.ParameterOrJSON<never>[],
  );
  const explained = row?.["QUERY PLAN"][0];
  if (!explained) throw new Error("EXPLAIN returned nothing");
  return { executionMs: explained["Execution Time"], plan: explained.Plan };
}

export interface LoaderQueryOnServer {
  rows: number;
  /** Rows × the planner's row width: roughly what travels, before the protocol's framing. */
  approxMiB: number;
  /** EXPLAIN ANALYZE's execution time: PostgreSQL producing the rows, not sending them. */
  serverMs: number;
  topNode: string;
  /** What the plan's sorts wrote to disk (work_mem is exceeded). */
  sortSpilledMiB: number;
  /** The same query one report at a time, summed: an index-ordered plan, no sort. */
  perReportServerMs: number;
  perReportSortSpilledMiB: number;
}

/** The loader's events query under EXPLAIN ANALYZE: as the loader sends it, and one report at a time. */
export async function loaderQueryOnServer(owner: postgres.Sql, codes: string[], encounterId: number): Promise<LoaderQueryOnServer> {
  const whole = await explainAnalyze(owner, loaderQuery(owner, codes, encounterId));
  let perReportServerMs = 0;
  let perReportSpill = 0;
  for (const code of codes) {
    const one = await explainAnalyze(owner, loaderQuery(owner, [code], encounterId));
    perReportServerMs += one.executionMs;
    perReportSpill += spilledKiB(one.plan);
  }
  const rows = whole.plan["Actual Rows"] ?? 0;
  const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
  return {
    rows,
    approxMiB: Math.round((rows * (whole.plan["Plan Width"] ?? 0)) / 2 ** 20),
    serverMs: Math.round(whole.executionMs),
    topNode: whole.plan["Node Type"],
    sortSpilledMiB: mib(spilledKiB(whole.plan)),
    perReportServerMs: Math.round(perReportServerMs),
    perReportSortSpilledMiB: mib(perReportSpill),
  };
}

/**
 * Rows of the loader's query that the digest (packages/analysis/src/digest.ts) uses for its result:
 * deaths, direct hits from configured mechanics, casts/hits of enrage abilities, and the first
 * sighting per pull of each watched (prog point) ability.
 */
export async function rowsTheDigestUses(owner: postgres.Sql, codes: string[], encounterId: number, staticId: number): Promise<number> {
  const db = drizzle(owner);
  const names = [...STRATS.map((s) => s.mechanicRef), ...DEFAULT_OPTIONS.enrageAbilities.filter((r): r is string => typeof r === "string")].map((n) => n.toLowerCase());
  const named = await db.select({ gameId: abilities.gameId, name: abilities.name }).from(abilities).where(and(inArray(abilities.reportCode, codes), inArray(sql`lower(${abilities.name})`, names)));
  const strat = new Set(STRATS.map((s) => s.mechanicRef.toLowerCase()));
  const mechanicIds = [...new Set(named.filter((a) => strat.has(a.name.toLowerCase())).map((a) => a.gameId))];
  const enrageIds = [...new Set([...named.filter((a) => !strat.has(a.name.toLowerCase())).map((a) => a.gameId), ...DEFAULT_OPTIONS.enrageAbilities.filter((r): r is number => typeof r === "number")])];
  const watched = await db.select({ abilityId: progPoints.abilityId }).from(progPoints).where(and(eq(progPoints.staticId, staticId), eq(progPoints.encounterId, encounterId)));
  const watchedIds = watched.flatMap((w) => (w.abilityId === null ? [] : [w.abilityId]));
  const [row] = await owner<{ used: string }[]>`
    select (count(*) filter (where e.type = 'death')
          + count(*) filter (where e.type = 'damage' and e.ability_game_id = any(${mechanicIds}::bigint[]) and (e.data->>'tick') is distinct from 'true')
          + count(*) filter (where e.type in ('cast', 'damage') and e.ability_game_id = any(${enrageIds}::bigint[]))
          + count(distinct (e.report_code, e.fight_id, e.ability_game_id)) filter (where e.ability_game_id = any(${watchedIds}::bigint[])))::bigint as used
      from events e
      join fights f on f.report_code = e.report_code and f.id = e.fight_id
     where e.report_code = any(${codes}::text[]) and f.encounter_id = ${encounterId} and e.type in ('damage', 'death', 'cast')`;
  return Number(row?.used ?? 0);
}
