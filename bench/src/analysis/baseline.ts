// The baselines: each endpoint's aggregate written as one SQL query, run as the API runs its
// queries (withTenant, READ ONLY, on createDb's pool). They compute what SQL can express directly;
// the API's rules that need the whole event stream (forced deaths, fault weights) are left out.
import { type DbHandle, queryRows, type Tenant } from "@progboard/db";
import { sql } from "drizzle-orm";
import type { Endpoint } from "./calls";

export const BASELINE_QUERIES: Record<Endpoint, string> = {
  progCurve:
    "best pull per session (report) by kill, absolute phase, fight % and boss % remaining, duration, with row_number() over the static's watched fights; pulls per session",
  sessionReport:
    "deaths per player in the session's eligible pulls (kills, and wipes that are not resets: ≥ 30 s, and not ≥ 99% remaining without a death)",
  faultAggregate:
    "per player over every watched wipe (not a kill, not a reset): wipes present (fights.friendly_players), deaths, and first deaths (row_number() over each wipe's deaths)",
  night: "the sessionReport baseline (deaths per player in the session's eligible pulls): the Night page's nearest SQL aggregate",
  mistakes:
    "per player over every watched pull: applications of the configured failure debuff (game and FFLogs status ids) and direct hits of the configured mechanics, counted (the rules of who may take a hit left out)",
};

export interface ProgCurveRow {
  report_code: string;
  fight_id: number;
  pulls: number;
}
export interface PlayerCountRow {
  name: string;
  server: string | null;
  deaths: number;
  wipes?: number;
  first_deaths?: number;
}

/** `reset` as classifyWipe has it (duration, and nothing done without a death), in SQL over `f` and its death count `n`. */
const NOT_RESET = sql.raw(`(f.end_time - f.start_time >= 30000 and not (coalesce(d.n, 0) = 0 and coalesce(f.fight_percentage, 100) >= 99))`);

export function progCurveBaseline(db: Pick<DbHandle, "withTenant">, tenant: Tenant, encounterId: number): Promise<ProgCurveRow[]> {
  return db.withTenant(
    tenant,
    (tx) =>
      queryRows<ProgCurveRow>(
        tx,
        sql`
        with pulls as (
          select f.report_code, f.id as fight_id, coalesce(f.kill, false) as kill,
                 coalesce(f.last_phase_absolute_index, greatest(0, coalesce(f.last_phase, 1) - 1)) as phase,
                 case when f.kill then 0 else coalesce(f.fight_percentage, 100) end as fight_pct,
                 case when f.kill then 0 else coalesce(f.boss_percentage, 100) end as boss_pct,
                 greatest(0, f.end_time - f.start_time) as duration,
                 r.start_time + f.start_time as started_at
            from watched_reports w
            join reports r on r.code = w.code
            join fights f on f.report_code = w.code
           where w.static_id = ${tenant.staticId} and f.encounter_id = ${encounterId}
        ), ranked as (
          select p.*,
                 row_number() over (partition by report_code
                                    order by kill desc, phase desc, fight_pct, boss_pct,
                                             case when kill then duration else -duration end, started_at, fight_id) as rank,
                 count(*) over (partition by report_code)::int as pulls,
                 min(started_at) over (partition by report_code) as session_start
            from pulls p
        )
        select report_code, fight_id, pulls from ranked where rank = 1 order by session_start, report_code`,
      ),
    { readOnly: true },
  );
}

export function sessionReportBaseline(
  db: Pick<DbHandle, "withTenant">,
  tenant: Tenant,
  encounterId: number,
  code: string,
): Promise<PlayerCountRow[]> {
  return db.withTenant(
    tenant,
    (tx) =>
      queryRows<PlayerCountRow>(
        tx,
        sql`
        with f as (
          select f.* from fights f
            join watched_reports w on w.code = f.report_code and w.static_id = ${tenant.staticId}
           where f.report_code = ${code} and f.encounter_id = ${encounterId}
        ), deaths as (
          select e.fight_id, e.target_id from events e join f on f.id = e.fight_id
           where e.report_code = ${code} and e.type = 'death'
        ), d as (select fight_id, count(*) as n from deaths group by fight_id),
        eligible as (select f.id from f left join d on d.fight_id = f.id where f.kill or ${NOT_RESET})
        select a.name, a.server, count(*)::int as deaths
          from deaths x
          join eligible el on el.id = x.fight_id
          join actors a on a.report_code = ${code} and a.id = x.target_id and a.type = 'Player'
         group by a.name, a.server
         order by deaths desc, a.name`,
      ),
    { readOnly: true },
  );
}

export function faultAggregateBaseline(db: Pick<DbHandle, "withTenant">, tenant: Tenant, encounterId: number): Promise<PlayerCountRow[]> {
  return db.withTenant(
    tenant,
    (tx) =>
      queryRows<PlayerCountRow>(
        tx,
        sql`
        with f as (
          select f.report_code, f.id, f.kill, f.end_time - f.start_time as duration, f.fight_percentage, f.friendly_players
            from fights f
            join watched_reports w on w.code = f.report_code and w.static_id = ${tenant.staticId}
           where f.encounter_id = ${encounterId}
        ), deaths as (
          select e.report_code, e.fight_id, e.target_id,
                 row_number() over (partition by e.report_code, e.fight_id order by e.timestamp, e.seq) as nth
            from events e
           where e.type = 'death' and e.report_code in (select report_code from f)
        ), per_fight as (
          select report_code, fight_id, count(*) as n from deaths group by report_code, fight_id
        ), per_player as (
          select report_code, fight_id, target_id, count(*) as deaths, bool_or(nth = 1) as first
            from deaths group by report_code, fight_id, target_id
        ), present as (
          select f.report_code, f.id as fight_id, u.actor_id
            from f
            left join per_fight d on d.report_code = f.report_code and d.fight_id = f.id
            cross join lateral unnest(f.friendly_players) as u(actor_id)
           where f.kill is not true and f.duration >= 30000 and not (coalesce(d.n, 0) = 0 and coalesce(f.fight_percentage, 100) >= 99)
        )
        select a.name, a.server, count(*)::int as wipes, coalesce(sum(pp.deaths), 0)::int as deaths,
               count(*) filter (where pp.first)::int as first_deaths
          from present p
          join actors a on a.report_code = p.report_code and a.id = p.actor_id and a.type = 'Player'
          left join per_player pp on pp.report_code = p.report_code and pp.fight_id = p.fight_id and pp.target_id = p.actor_id
         group by a.name, a.server
         order by wipes desc, a.name`,
      ),
    { readOnly: true },
  );
}

export interface MistakeCountRow {
  name: string;
  server: string | null;
  mistakes: number;
}

/** Debuff applications and direct hits of the configured abilities per player (see BASELINE_QUERIES.mistakes). */
export function mistakesBaseline(
  db: Pick<DbHandle, "withTenant">,
  tenant: Tenant,
  encounterId: number,
  debuffIds: readonly number[],
  hitNames: readonly string[],
): Promise<MistakeCountRow[]> {
  return db.withTenant(
    tenant,
    (tx) =>
      queryRows<MistakeCountRow>(
        tx,
        sql`
        with f as (
          select f.report_code, f.id from fights f
            join watched_reports w on w.code = f.report_code and w.static_id = ${tenant.staticId}
           where f.encounter_id = ${encounterId}
        ), hit_ids as (
          select distinct a.report_code, a.game_id from abilities a
           where a.report_code in (select report_code from f) and lower(a.name) in (${sql.join(
             hitNames.map((n) => sql`${n.toLowerCase()}`),
             sql`, `,
           )})
        ), m as (
          select e.report_code, e.target_id from events e
           where e.report_code in (select report_code from f) and e.type in ('applydebuff', 'applydebuffstack')
             and e.ability_game_id in (${sql.join(
               debuffIds.map((id) => sql`${id}`),
               sql`, `,
             )})
          union all
          select e.report_code, e.target_id from events e join hit_ids h on h.report_code = e.report_code and h.game_id = e.ability_game_id
           where e.type = 'damage' and not e.tick
        )
        select a.name, a.server, count(*)::int as mistakes
          from m join actors a on a.report_code = m.report_code and a.id = m.target_id and a.type = 'Player'
         group by a.name, a.server
         order by mistakes desc, a.name`,
      ),
    { readOnly: true },
  );
}
