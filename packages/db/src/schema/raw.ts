// Shared raw data: static-agnostic facts from FFLogs, fetched once however many statics watch a
// report, readable by any signed-in user, written only by ingestion. No static_id by design.
// Times are milliseconds: report times are epoch ms, fight and event times are ms from report start.
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";
import { REPORT_CODE_PATTERN } from "./checks";

export const reports = pgTable(
  "reports",
  {
    code: text("code").primaryKey(),
    title: text("title").notNull().default(""),
    owner: text("owner"),
    zoneId: integer("zone_id"),
    zoneName: text("zone_name"),
    startTime: bigint("start_time", { mode: "number" }).notNull(),
    endTime: bigint("end_time", { mode: "number" }).notNull(),
    // FFLogs bumps a report's revision when more of it is uploaded (live logging).
    revision: integer("revision").notNull().default(0),
    fetchedAt: timestamp("fetched_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [check("reports_code_format", sql`${t.code} ~ ${REPORT_CODE_PATTERN}`)],
);

export const fights = pgTable(
  "fights",
  {
    reportCode: text("report_code")
      .notNull()
      .references(() => reports.code, { onDelete: "cascade" }),
    id: integer("id").notNull(),
    // 0 for trash: not a pull.
    encounterId: integer("encounter_id").notNull(),
    name: text("name").notNull(),
    difficulty: integer("difficulty"),
    startTime: bigint("start_time", { mode: "number" }).notNull(),
    endTime: bigint("end_time", { mode: "number" }).notNull(),
    // Authoritative; null for trash.
    kill: boolean("kill"),
    // Percentage *remaining* (100 = nothing done).
    fightPercentage: real("fight_percentage"),
    bossPercentage: real("boss_percentage"),
    lastPhase: integer("last_phase"),
    lastPhaseAbsoluteIndex: integer("last_phase_absolute_index"),
    lastPhaseIsIntermission: boolean("last_phase_is_intermission"),
    phaseTransitions: jsonb("phase_transitions").$type<{ id: number; startTime: number }[]>(),
    friendlyPlayers: integer("friendly_players").array().notNull().default(sql`'{}'::integer[]`),
    // Set in the same transaction that writes the fight's events: a resumed ingestion skips it.
    eventsComplete: boolean("events_complete").notNull().default(false),
  },
  (t) => [primaryKey({ name: "fights_pkey", columns: [t.reportCode, t.id] }), index("fights_encounter_idx").on(t.encounterId)],
);

export const actors = pgTable(
  "actors",
  {
    reportCode: text("report_code")
      .notNull()
      .references(() => reports.code, { onDelete: "cascade" }),
    id: integer("id").notNull(),
    name: text("name").notNull(),
    // Player, NPC, Pet; subType is the job for players ("LimitBreak" is not a person).
    type: text("type").notNull(),
    subType: text("sub_type"),
    server: text("server"),
    petOwner: integer("pet_owner"),
    gameId: bigint("game_id", { mode: "number" }),
  },
  (t) => [primaryKey({ name: "actors_pkey", columns: [t.reportCode, t.id] })],
);

export const abilities = pgTable(
  "abilities",
  {
    reportCode: text("report_code")
      .notNull()
      .references(() => reports.code, { onDelete: "cascade" }),
    gameId: bigint("game_id", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    icon: text("icon"),
    type: integer("type"),
  },
  (t) => [primaryKey({ name: "abilities_pkey", columns: [t.reportCode, t.gameId] })],
);

export const events = pgTable(
  "events",
  {
    reportCode: text("report_code").notNull(),
    fightId: integer("fight_id").notNull(),
    // Position within the fight's stream: replays write the same keys, so they duplicate nothing.
    seq: integer("seq").notNull(),
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    sourceId: integer("source_id"),
    targetId: integer("target_id"),
    abilityGameId: bigint("ability_game_id", { mode: "number" }),
    amount: integer("amount"),
    // The event as FFLogs sent it, so analysis can be re-derived later.
    data: jsonb("data").notNull(),
    // The two fields of `data` the analysis reads, kept by PostgreSQL itself (nobody writes them),
    // so the analysis indexes (migration 0005) can answer from the index alone.
    tick: boolean("tick").notNull().generatedAlwaysAs(sql`coalesce(data -> 'tick' = 'true'::jsonb, false)`),
    killingAbilityId: bigint("killing_ability_id", { mode: "number" }).generatedAlwaysAs(
      sql`case when jsonb_typeof(data -> 'killingAbilityGameID') = 'number' then case when (data -> 'killingAbilityGameID')::numeric between 1 and 9007199254740991 then (data -> 'killingAbilityGameID')::numeric::bigint end end`,
    ),
  },
  (t) => [
    primaryKey({ name: "events_pkey", columns: [t.reportCode, t.fightId, t.seq] }),
    // Analysis reads deaths, and the events of a few abilities, of many pulls at once: both come
    // from these two indexes (covering: INCLUDE columns are added in the migration).
    index("events_deaths_idx").on(t.reportCode, t.fightId, t.seq).where(sql`type = 'death'`),
    index("events_ability_idx").on(t.reportCode, t.abilityGameId),
  ],
);

export const INGESTION_STATUSES = ["queued", "running", "done", "failed"] as const;
export type IngestionStatus = (typeof INGESTION_STATUSES)[number];

export const ingestionLedger = pgTable(
  "ingestion_ledger",
  {
    reportCode: text("report_code").primaryKey(),
    revision: integer("revision").notNull().default(0),
    status: text("status").$type<IngestionStatus>().notNull().default("queued"),
    fightsDone: integer("fights_done").notNull().default(0),
    fightsTotal: integer("fights_total"),
    pagesDone: integer("pages_done").notNull().default(0),
    pagesTotal: integer("pages_total"),
    attempts: integer("attempts").notNull().default(0),
    // In words, for the Reports tab; never a stack trace.
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // A running ingestion renews its lease as it goes; one whose lease ran out (its worker died)
    // is picked up again and resumes where it stopped.
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    check("ingestion_ledger_status_known", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    index("ingestion_ledger_due_idx").on(t.status, t.nextAttemptAt),
  ],
);
