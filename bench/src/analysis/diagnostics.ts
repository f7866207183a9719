// What the loader's event queries cost PostgreSQL alone, and how many of their rows the analysis
// actually uses. Run on the owner's connection, outside the timed calls.
import { DEFAULT_OPTIONS } from "@progboard/analysis";
import { abilities, progPoints } from "@progboard/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { STRATS } from "./setup";

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Heap Fetches"?: number;
  "Actual Rows"?: number;
  Plans?: PlanNode[];
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
  /** Rows of the loader's two big event queries (deaths; direct hits of configured mechanics). */
  rows: number;
  deathRows: number;
  abilityRows: number;
  /** EXPLAIN ANALYZE's execution time of both: PostgreSQL producing the rows, not sending them. */
  serverMs: number;
  /** The scans the plans use, e.g. "Index Only Scan on events_deaths_idx". */
  scans: string[];
  /** Rows the index-only scans still fetched from the table (pages not yet all-visible). */
  heapFetches: number;
}

function scansOf(node: PlanNode): string[] {
  const own = node["Index Name"] ? [`${node["Node Type"]} on ${node["Index Name"]}`] : node["Node Type"].includes("Scan") ? [node["Node Type"]] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

function heapFetchesOf(node: PlanNode): number {
  return (node["Heap Fetches"] ?? 0) + (node.Plans ?? []).reduce((n, c) => n + heapFetchesOf(c), 0);
}

/**
 * The loader's two big event queries (packages/api/src/services/analysis/events-sql.ts, readEventsOfInterest)
 * under EXPLAIN ANALYZE, their rows as the loader selects them: the deaths, and the direct hits of
 * the configured mechanics (the first sightings and unnamed killers are a few rows more).
 */
export async function loaderQueryOnServer(owner: postgres.Sql, codes: string[], encounterId: number, staticId: number): Promise<LoaderQueryOnServer> {
  const ids = await abilityIdsOfInterest(owner, codes, encounterId, staticId);
  const columns = "report_code, fight_id, seq, timestamp, target_id, ability_game_id";
  const deaths = await explainAnalyze(owner, {
    sql: `select ${columns}, killing_ability_id from events where report_code = any($1::text[]) and type = 'death'`,
    params: [codes],
  });
  const hits = await explainAnalyze(owner, {
    sql: `select ${columns} from events where report_code = any($1::text[]) and ability_game_id = any($2::bigint[]) and type = 'damage' and not tick`,
    params: [codes, ids.mechanicIds],
  });
  const deathRows = deaths.plan["Actual Rows"] ?? 0;
  const abilityRows = hits.plan["Actual Rows"] ?? 0;
  return {
    rows: deathRows + abilityRows,
    deathRows,
    abilityRows,
    serverMs: Math.round(deaths.executionMs + hits.executionMs),
    scans: [...new Set([...scansOf(deaths.plan), ...scansOf(hits.plan)])],
    heapFetches: heapFetchesOf(deaths.plan) + heapFetchesOf(hits.plan),
  };
}

/** The bench static's configured mechanics, enrage and watched abilities, as the loader resolves them. */
async function abilityIdsOfInterest(owner: postgres.Sql, codes: string[], encounterId: number, staticId: number) {
  const db = drizzle(owner);
  const names = [...STRATS.map((s) => s.mechanicRef), ...DEFAULT_OPTIONS.enrageAbilities.filter((r): r is string => typeof r === "string")].map((n) =>
    n.toLowerCase(),
  );
  const named = await db
    .select({ gameId: abilities.gameId, name: abilities.name })
    .from(abilities)
    .where(and(inArray(abilities.reportCode, codes), inArray(sql`lower(${abilities.name})`, names)));
  const strat = new Set(STRATS.map((s) => s.mechanicRef.toLowerCase()));
  const mechanicIds = [...new Set(named.filter((a) => strat.has(a.name.toLowerCase())).map((a) => a.gameId))];
  const enrageIds = [
    ...new Set([
      ...named.filter((a) => !strat.has(a.name.toLowerCase())).map((a) => a.gameId),
      ...DEFAULT_OPTIONS.enrageAbilities.filter((r): r is number => typeof r === "number"),
    ]),
  ];
  const watched = await db
    .select({ abilityId: progPoints.abilityId })
    .from(progPoints)
    .where(and(eq(progPoints.staticId, staticId), eq(progPoints.encounterId, encounterId)));
  const watchedIds = watched.flatMap((w) => (w.abilityId === null ? [] : [w.abilityId]));
  return { mechanicIds, enrageIds, watchedIds };
}

/**
 * Rows of the loader's query that the digest (packages/analysis/src/digest.ts) uses for its result:
 * deaths, direct hits from configured mechanics, casts/hits of enrage abilities, and the first
 * sighting per pull of each watched (prog point) ability.
 */
export async function rowsTheDigestUses(owner: postgres.Sql, codes: string[], encounterId: number, staticId: number): Promise<number> {
  const { mechanicIds, enrageIds, watchedIds } = await abilityIdsOfInterest(owner, codes, encounterId, staticId);
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
