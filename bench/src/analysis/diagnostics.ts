// What the loader's events query costs PostgreSQL alone, and how many of its rows the analysis
// actually reads. Run on the owner's connection, outside the timed calls.
import { DEFAULT_OPTIONS } from "@progboard/analysis";
import { abilities, events, fights, progPoints } from "@progboard/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { STRATS } from "./setup";

/**
 * The loader's events query (packages/api/src/services/analysis.ts, loadAnalysis), built the same
 * way, executed server-side only: its rows are counted and measured as text, not sent.
 */
export async function loaderQueryOnServer(owner: postgres.Sql, codes: string[], encounterId: number): Promise<{ rows: number; textMiB: number; serverMs: number }> {
  const db = drizzle(owner);
  const query = db
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
  const started = performance.now();
  const [row] = await owner.unsafe<{ rows: string; bytes: string }[]>(
    `select count(*)::bigint as rows, coalesce(sum(octet_length(q::text)), 0)::bigint as bytes from (${query.sql}) q`,
    query.params as postgres.ParameterOrJSON<never>[],
  );
  const serverMs = performance.now() - started;
  return { rows: Number(row?.rows ?? 0), textMiB: Math.round((Number(row?.bytes ?? 0) / 2 ** 20) * 10) / 10, serverMs: Math.round(serverMs) };
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
