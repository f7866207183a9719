// The loader's event queries: the events the digests read (see eventsNeeded in
// packages/analysis/src/prepare.ts), from the two covering indexes of migration 0005, not the
// millions of other rows. Deaths and hits (tens of thousands) come as one flat list of numbers per
// report, which PostgreSQL writes and JSON.parse reads far faster than row by row; the few others
// as JSON arrays with their type. decode.ts turns both into events per pull.
import { type PullRef, ruleOf, type StratEntry } from "@progboard/analysis";
import { abilities, events, queryRows, type ScopedReadDb } from "@progboard/db";
import { FFLOGS_STATUS_OFFSET } from "@progboard/domain";
import { and, eq, inArray, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

export interface FlatRow {
  report_code: string;
  /** Numbers, comma-separated, a fixed count per event. */
  flat: string;
}

export type EventTuple = [
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

export interface FewRow {
  report_code: string;
  events: EventTuple[] | null;
}

/**
 * The rows of each kind of query (decode.ts reads each kind as its rows arrive):
 * - deaths: [fightId, seq, timestamp, targetId, abilityGameId, killingAbilityId] per event;
 * - hits, direct hits of configured mechanics: [fightId, seq, timestamp, targetId, abilityGameId];
 * - debuffs, applications of configured failure debuffs: [fightId, seq, timestamp, targetId, abilityGameId, stack (0 or 1)];
 * - few, everything else: JSON tuples with their type.
 */
export interface EventSink {
  addDeaths(rows: readonly FlatRow[]): void;
  addHits(rows: readonly FlatRow[]): void;
  addDebuffs(rows: readonly FlatRow[]): void;
  addFew(rows: readonly FewRow[]): void;
}

/** What the config names: mechanics (ids or ability names), watched ability ids, enrage abilities. */
export interface AbilityRefs {
  strats: readonly Pick<StratEntry, "mechanicRef" | "rule" | "role" | "memberId">[];
  progPoints: readonly { abilityId: number | null }[];
  enrage: readonly (number | string)[];
}

/** `events`, or an alias of it: the columns a query reads. */
type EventColumns = Record<"fightId" | "seq" | "timestamp" | "type" | "sourceId" | "targetId" | "abilityGameId" | "tick", SQLWrapper>;

const NULL = sql`null`;
const text = (column: SQLWrapper) => sql`coalesce(${column}::text, 'null')`;
/** One EventTuple. */
const tuple = (e: EventColumns, killingAbilityId: SQLWrapper) =>
  sql`json_build_array(${e.fightId}, ${e.seq}, ${e.timestamp}, ${e.type}, ${e.sourceId}, ${e.targetId}, ${e.abilityGameId}, ${e.tick}, ${killingAbilityId})`;

// An alias of events, in a template, renders as its bare name: it names a derived table or a CTE
// whose columns are events' own, and `${events} ${alias}` is `from events alias`.
// The rows of a FewRow query are (report_code, event), grouped here as `e`.
const grouped = alias(events, "e");
const groupedJson = (q: SQL) =>
  sql`select ${grouped.reportCode}, json_agg(${sql.identifier("event")}) as events from (${q}) ${grouped} group by ${grouped.reportCode}`;

/**
 * `ability_game_id = any(…)` for ids and ability names (case- and space-insensitive, as the digests
 * resolve them: packages/analysis/src/digest.ts), names resolved in these reports; null when empty.
 */
function abilityIn(codes: string[], refs: readonly (number | string)[]): SQL | null {
  const ids = [...new Set(refs.flatMap((r) => (typeof r === "number" ? [r] : /^\d+$/.test(r.trim()) ? [Number(r.trim())] : [])))];
  const names = [...new Set(refs.flatMap((r) => (typeof r === "string" && !/^\d+$/.test(r.trim()) ? [r.trim().toLowerCase()] : [])))];
  const parts: SQL[] = [];
  if (names.length > 0) {
    parts.push(
      sql`select ${abilities.gameId} from ${abilities} where ${and(inArray(abilities.reportCode, codes), inArray(sql`lower(btrim(${abilities.name}))`, names))}`,
    );
  }
  if (ids.length > 0)
    parts.push(
      sql`select unnest(array[${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )}]::bigint[])`,
    );
  return parts.length === 0 ? null : sql`${events.abilityGameId} = any(array(${sql.join(parts, sql` union all `)}))`;
}

/**
 * `ability_game_id = any(…)` for failure debuffs: ids and names as abilityIn, each id also as the
 * other of the game's and FFLogs' status ids (FFLogs' = the game's + 1,000,000), as the digests
 * match them (resolveMechanics in packages/analysis/src/digest.ts); null when empty.
 */
function debuffIn(codes: string[], refs: readonly string[]): SQL | null {
  const ids = [...new Set(refs.flatMap((r) => (/^\d+$/.test(r.trim()) ? [Number(r.trim())] : [])))];
  const names = [...new Set(refs.flatMap((r) => (/^\d+$/.test(r.trim()) ? [] : [r.trim().toLowerCase()])))];
  const parts: SQL[] = [];
  if (names.length > 0) {
    const byName = sql`select ${abilities.gameId} as id from ${abilities} where ${and(inArray(abilities.reportCode, codes), inArray(sql`lower(btrim(${abilities.name}))`, names))}`;
    parts.push(
      sql`select n.id from (${byName}) n union all select case when n.id < ${FFLOGS_STATUS_OFFSET} then n.id + ${FFLOGS_STATUS_OFFSET} else n.id - ${FFLOGS_STATUS_OFFSET} end from (${byName}) n`,
    );
  }
  const both = ids.flatMap((id) => [id, id < FFLOGS_STATUS_OFFSET ? id + FFLOGS_STATUS_OFFSET : id - FFLOGS_STATUS_OFFSET]);
  if (both.length > 0)
    parts.push(
      sql`select unnest(array[${sql.join(
        both.map((id) => sql`${id}`),
        sql`, `,
      )}]::bigint[])`,
    );
  return parts.length === 0 ? null : sql`${events.abilityGameId} = any(array(${sql.join(parts, sql` union all `)}))`;
}

/**
 * The events the digests read, all asked at once: deaths; direct (non-tick) hits of configured
 * mechanics; per pull, the first event of each watched ability and the first cast or hit of each
 * enrage ability; the hit just before a death that names no killer. Each query's rows go `into`
 * the sink as they arrive: the queries share the request's one connection, so PostgreSQL runs them
 * one after another, and Node reads the rows of one while the server works on the next (the
 * hits, the most rows, asked first).
 */
export async function readEventsOfInterest(db: ScopedReadDb, codes: string[], refs: AbilityRefs, into: EventSink): Promise<void> {
  if (codes.length === 0) return;
  const e = events;
  const inCodes = inArray(e.reportCode, codes);
  const isDebuff = (s: AbilityRefs["strats"][number]) => ruleOf(s) === "debuff";
  const hitAbility = abilityIn(
    codes,
    refs.strats.filter((s) => !isDebuff(s)).map((s) => s.mechanicRef),
  );
  const debuffAbility = debuffIn(
    codes,
    refs.strats.filter(isDebuff).map((s) => s.mechanicRef),
  );
  const watched = abilityIn(
    codes,
    refs.progPoints.flatMap((p) => (p.abilityId === null ? [] : [p.abilityId])),
  );
  const enrage = abilityIn(codes, refs.enrage);
  const hits = hitAbility
    ? queryRows<FlatRow>(
        db,
        sql`select ${e.reportCode}, string_agg(concat_ws(',', ${e.fightId}, ${e.seq}, ${e.timestamp}, ${text(e.targetId)}, ${e.abilityGameId}), ',') as flat
              from ${e} where ${inCodes} and ${hitAbility} and ${e.type} = 'damage' and not ${e.tick} group by ${e.reportCode}`,
      ).then((rows) => into.addHits(rows))
    : undefined;
  // The type conditions are literals so the planner matches the partial index on deaths.
  const deaths = queryRows<FlatRow>(
    db,
    sql`select ${e.reportCode}, string_agg(concat_ws(',', ${e.fightId}, ${e.seq}, ${e.timestamp}, ${text(e.targetId)}, ${text(e.abilityGameId)}, ${text(e.killingAbilityId)}), ',') as flat
          from ${e} where ${inCodes} and ${e.type} = 'death' group by ${e.reportCode}`,
  ).then((rows) => into.addDeaths(rows));
  const debuffs = debuffAbility
    ? queryRows<FlatRow>(
        db,
        sql`select ${e.reportCode}, string_agg(concat_ws(',', ${e.fightId}, ${e.seq}, ${e.timestamp}, ${text(e.targetId)}, ${e.abilityGameId}, (${e.type} = 'applydebuffstack')::int), ',') as flat
              from ${e} where ${inCodes} and ${debuffAbility} and ${e.type} in ('applydebuff', 'applydebuffstack') group by ${e.reportCode}`,
      ).then((rows) => into.addDebuffs(rows))
    : undefined;
  const few: SQL[] = [hitBeforeUnnamedDeath(codes)];
  if (watched) few.push(firstPerPull(sql`${inCodes} and ${watched}`));
  if (enrage) few.push(firstPerPull(sql`${inCodes} and ${enrage} and ${e.type} in ('cast', 'damage')`));
  // A few rows each: added together, in this order.
  const fewRows = Promise.all(few.map((q) => queryRows<FewRow>(db, groupedJson(q)))).then((all) => {
    for (const rows of all) into.addFew(rows);
  });
  await Promise.all([hits, deaths, debuffs, fewRows]);
}

/** For each death that names no killing ability, the last damage its target took before it. */
function hitBeforeUnnamedDeath(codes: string[]): SQL {
  const d = alias(events, "d");
  const h = alias(events, "h");
  return sql`select ${h.reportCode}, ${tuple(h, NULL)} as event
               from ${events} ${d}
               cross join lateral (
                 select * from ${events} ${h}
                  where ${h.reportCode} = ${d.reportCode} and ${h.fightId} = ${d.fightId} and ${h.seq} < ${d.seq} and ${h.targetId} = ${d.targetId} and ${h.type} = 'damage'
                  order by ${h.seq} desc limit 1
               ) ${h}
              where ${inArray(d.reportCode, codes)} and ${d.type} = 'death'
                and ${d.killingAbilityId} is null and (${d.abilityGameId} is null or ${d.abilityGameId} <= 0) and ${d.targetId} is not null`;
}

/**
 * Per pull, the first event of each ability matching `where`. The matching events are gathered
 * first (materialized: from the ability index), else the planner may walk every event of the
 * reports in key order to skip the sort. A death is also read as a death, killer and all.
 */
function firstPerPull(where: SQL): SQL {
  const e = events;
  // drizzle's query builder has no MATERIALIZED CTE: a template, the CTE named by an alias.
  const m = alias(events, "matching");
  return sql`with ${m} as materialized (
               select ${e.reportCode}, ${e.fightId}, ${e.seq}, ${e.timestamp}, ${e.type}, ${e.sourceId}, ${e.targetId}, ${e.abilityGameId}, ${e.tick} from ${e} where ${where}
             )
             select distinct on (${m.reportCode}, ${m.fightId}, ${m.abilityGameId}) ${m.reportCode}, ${tuple(m, NULL)} as event
               from ${m} order by ${m.reportCode}, ${m.fightId}, ${m.abilityGameId}, ${m.seq}`;
}

/** Every event of these pulls. */
export function readWholePulls(db: ScopedReadDb, pulls: readonly PullRef[]): Promise<FewRow[]> {
  const e = events;
  const which = or(...pulls.map((p) => and(eq(e.reportCode, p.reportCode), eq(e.fightId, p.fightId))));
  return queryRows<FewRow>(db, groupedJson(sql`select ${e.reportCode}, ${tuple(e, e.killingAbilityId)} as event from ${e} where ${which}`));
}
