// What a static's own reports say about its fights (issue 15): the characters who played in them
// (for "Add from reports" on the roster) and the abilities of an encounter (the strat picker).
// Both read only the reports the static watches, joined through watched_reports in the WHERE.
import { createPhaseLabeler, isPlayerActor } from "@progboard/analysis";
import { abilities, actors, events, fights, queryRows, type TenantDb, watchedReports } from "@progboard/db";
import { findJobByFflogsSubType } from "@progboard/domain";
import { and, count, eq, gt, isNotNull, sql } from "drizzle-orm";

/** At most this many characters are offered (the most-seen first): a roster is eight people. */
export const SEEN_CHARACTERS_MAX = 200;
/** At most this many abilities are offered (by hits and deaths): an encounter has fewer than 200. */
export const ENCOUNTER_ABILITIES_MAX = 500;

export interface SeenCharacter {
  characterName: string;
  server: string;
  /** The job (roster abbreviation) played in most of their pulls; null when FFLogs named none progboard knows. */
  job: string | null;
  pulls: number;
}

/** Characters in the static's watched reports, by pulls played (trash and unknown worlds left out). */
export async function findSeenCharacters(db: TenantDb, staticId: number): Promise<SeenCharacter[]> {
  const rows = await db
    .select({ name: actors.name, server: actors.server, type: actors.type, subType: actors.subType, pulls: count() })
    .from(actors)
    .innerJoin(watchedReports, and(eq(watchedReports.code, actors.reportCode), eq(watchedReports.staticId, staticId)))
    .innerJoin(fights, and(eq(fights.reportCode, actors.reportCode), gt(fights.encounterId, 0), sql`${actors.id} = any(${fights.friendlyPlayers})`))
    .where(and(eq(actors.type, "Player"), isNotNull(actors.server)))
    .groupBy(actors.name, actors.server, actors.type, actors.subType);
  // One character across reports (FFLogs' spelling may differ in case), with the job seen most.
  const byCharacter = new Map<string, { characterName: string; server: string; pulls: number; jobs: Map<string, number> }>();
  for (const row of rows) {
    if (!row.server || !isPlayerActor({ type: row.type, subType: row.subType, name: row.name })) continue;
    const key = `${row.name.toLowerCase()}@${row.server.toLowerCase()}`;
    const entry = byCharacter.get(key) ?? { characterName: row.name, server: row.server, pulls: 0, jobs: new Map() };
    entry.pulls += row.pulls;
    const job = findJobByFflogsSubType(row.subType)?.abbr;
    if (job) entry.jobs.set(job, (entry.jobs.get(job) ?? 0) + row.pulls);
    byCharacter.set(key, entry);
  }
  return [...byCharacter.values()]
    .map(({ jobs, ...c }) => ({ ...c, job: [...jobs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null }))
    .sort((a, b) => b.pulls - a.pulls || a.characterName.localeCompare(b.characterName) || a.server.localeCompare(b.server))
    .slice(0, SEEN_CHARACTERS_MAX);
}

export interface EncounterAbility {
  id: number;
  name: string;
  /** "P3" / "I2" where the static's pulls first met it; null when no pull logged its phases. */
  phase: string | null;
  phaseIndex: number | null;
  /** Damage events of it on anyone. */
  hits: number;
  /** Deaths FFLogs attributes to it. */
  deaths: number;
}

/**
 * The enemy abilities of one encounter in the static's watched reports, with the phase where each
 * was first met (its earliest event in a pull, placed by that pull's phase transitions), the hits
 * it landed and the deaths it caused. Pulls without events add nothing.
 */
export async function findEncounterAbilities(db: TenantDb, staticId: number, encounterId: number): Promise<EncounterAbility[]> {
  const pullsOfEncounter = and(eq(fights.encounterId, encounterId), eq(watchedReports.staticId, staticId));
  // Per pull and ability: its first event and hits, then the phase that time falls in (a
  // transition's id is the absolute phase index + 1); then per ability, the earliest phase.
  const used = await queryRows<{ id: string | number; hits: number; phase_index: number | null }>(
    db,
    sql`
    with firsts as (
      select e.report_code, e.fight_id, e.ability_game_id as id, min(e.timestamp) as t,
             count(*) filter (where e.type = 'damage')::int as hits
      from ${events} e
      join ${fights} on ${fights.reportCode} = e.report_code and ${fights.id} = e.fight_id
      join ${watchedReports} on ${watchedReports.code} = ${fights.reportCode}
      join ${actors} src on src.report_code = e.report_code and src.id = e.source_id
      where ${pullsOfEncounter} and e.ability_game_id is not null and src.type <> 'Player' and src.type <> 'Pet'
      group by 1, 2, 3
    )
    select firsts.id, sum(firsts.hits)::int as hits,
           min((select max((pt ->> 'id')::numeric)::int - 1
                from jsonb_array_elements(case when jsonb_typeof(p.transitions) = 'array' then p.transitions else '[]'::jsonb end) pt
                where jsonb_typeof(pt -> 'id') = 'number' and jsonb_typeof(pt -> 'startTime') = 'number'
                  and (pt ->> 'startTime')::numeric <= firsts.t)) as phase_index
    from firsts join ${fights} f on f.report_code = firsts.report_code and f.id = firsts.fight_id
    -- Written through postgres-js the column can hold the array as a JSON string: read both.
    cross join lateral (select case jsonb_typeof(f.phase_transitions) when 'string' then (f.phase_transitions #>> '{}')::jsonb
                                else f.phase_transitions end as transitions) p
    group by firsts.id`,
  );
  const [deaths, names, phases] = await Promise.all([
    db
      .select({ id: events.killingAbilityId, deaths: count() })
      .from(events)
      .innerJoin(fights, and(eq(fights.reportCode, events.reportCode), eq(fights.id, events.fightId)))
      .innerJoin(watchedReports, eq(watchedReports.code, fights.reportCode))
      .where(and(pullsOfEncounter, eq(events.type, "death"), isNotNull(events.killingAbilityId)))
      .groupBy(events.killingAbilityId),
    db
      .selectDistinctOn([abilities.gameId], { id: abilities.gameId, name: abilities.name })
      .from(abilities)
      .innerJoin(watchedReports, and(eq(watchedReports.code, abilities.reportCode), eq(watchedReports.staticId, staticId)))
      .orderBy(abilities.gameId, abilities.name),
    db
      .selectDistinct({
        lastPhase: fights.lastPhase,
        lastPhaseAbsoluteIndex: fights.lastPhaseAbsoluteIndex,
        lastPhaseIsIntermission: fights.lastPhaseIsIntermission,
      })
      .from(fights)
      .innerJoin(watchedReports, eq(watchedReports.code, fights.reportCode))
      .where(pullsOfEncounter),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const label = createPhaseLabeler(phases);
  const out = new Map<number, EncounterAbility>();
  const entry = (id: number) => {
    const known = out.get(id) ?? { id, name: nameOf.get(id) ?? `Ability ${id}`, phase: null, phaseIndex: null, hits: 0, deaths: 0 };
    out.set(id, known);
    return known;
  };
  for (const row of used) {
    const ability = entry(Number(row.id));
    ability.hits = row.hits;
    if (row.phase_index !== null && row.phase_index >= 0) {
      ability.phaseIndex = row.phase_index;
      ability.phase = label(row.phase_index);
    }
  }
  for (const row of deaths) if (row.id !== null) entry(row.id).deaths = row.deaths;
  return [...out.values()]
    .sort((a, b) => (a.phaseIndex ?? Infinity) - (b.phaseIndex ?? Infinity) || b.deaths - a.deaths || b.hits - a.hits || a.id - b.id)
    .slice(0, ENCOUNTER_ABILITIES_MAX);
}
