// Static-scoped tables: everything a static owns. Every table carries `static_id NOT NULL`, its
// keys lead with it and its uniques include it, so two statics never collide and per-static reads
// stay on one index range. Row-level security (migrations/0002_tenancy.sql) refuses any row of
// another static, and any query at all when no tenant is bound; reach them only via withTenant.
import { FFLOGS_REGIONS, LIMITS, ROLES, type Role, type StratRule } from "@progboard/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { JOB_ABBREVIATION_PATTERN, KNOWN_ROLES, KNOWN_STRAT_RULES, literal, REPORT_CODE_PATTERN } from "./checks";
import { users } from "./identity";
import { statics } from "./statics";

const staticId = () =>
  integer("static_id")
    .notNull()
    .references(() => statics.id, { onDelete: "cascade" });
const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

// The roles are the domain's; these names stay for the schema's users.
export const ROSTER_ROLES = ROLES;
const FFLOGS_REGION_LIST = sql.raw(FFLOGS_REGIONS.map((region) => `'${region}'`).join(", "));
export type RosterRole = Role;

export const watchedReports = pgTable(
  "watched_reports",
  {
    staticId: staticId(),
    code: text("code").notNull(),
    label: text("label"),
    addedBy: integer("added_by").references(() => users.id, { onDelete: "set null" }),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // Keep polling: the report is still being logged (a raid night in progress).
    live: boolean("live").notNull().default(false),
  },
  (t) => [
    primaryKey({ name: "watched_reports_pkey", columns: [t.staticId, t.code] }),
    check("watched_reports_code_format", sql`${t.code} ~ ${REPORT_CODE_PATTERN}`),
    check("watched_reports_label_length", sql`char_length(${t.label}) between 1 and ${literal(LIMITS.label.maxLength)}`),
    // Which statics watch a report: ingestion asks this across statics, by report.
    index("watched_reports_code_idx").on(t.code),
  ],
);

export const rosterMembers = pgTable(
  "roster_members",
  {
    staticId: staticId(),
    id: integer("id").notNull().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    // FFXIV job abbreviation, e.g. WAR, WHM, SAM.
    job: text("job"),
    role: text("role").$type<RosterRole>(),
    // The progboard user who plays this member ("this is me").
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "roster_members_pkey", columns: [t.staticId, t.id] }),
    uniqueIndex("roster_members_name_key").on(t.staticId, sql`lower(${t.name})`),
    uniqueIndex("roster_members_user_key").on(t.staticId, t.userId),
    check("roster_members_name_length", sql`char_length(${t.name}) between 1 and ${literal(LIMITS.rosterName.maxLength)}`),
    check("roster_members_job_format", sql`${t.job} ~ ${JOB_ABBREVIATION_PATTERN}`),
    check("roster_members_role_known", sql`${t.role} in (${KNOWN_ROLES})`),
    check("roster_members_notes_length", sql`char_length(${t.notes}) <= ${literal(LIMITS.notes.maxLength)}`),
  ],
);

export const characterAliases = pgTable(
  "character_aliases",
  {
    staticId: staticId(),
    memberId: integer("member_id").notNull(),
    characterName: text("character_name").notNull(),
    server: text("server").notNull(),
  },
  (t) => [
    primaryKey({ name: "character_aliases_pkey", columns: [t.staticId, t.characterName, t.server] }),
    // Composite: an alias can only point at a roster member of its own static.
    foreignKey({
      name: "character_aliases_member_fk",
      columns: [t.staticId, t.memberId],
      foreignColumns: [rosterMembers.staticId, rosterMembers.id],
    }).onDelete("cascade"),
    index("character_aliases_member_idx").on(t.staticId, t.memberId),
    check("character_aliases_name_length", sql`char_length(${t.characterName}) between 1 and ${literal(LIMITS.characterName.maxLength)}`),
    check("character_aliases_server_length", sql`char_length(${t.server}) between 1 and ${literal(LIMITS.server.maxLength)}`),
  ],
);

export const stratConfig = pgTable(
  "strat_config",
  {
    staticId: staticId(),
    encounterId: integer("encounter_id").notNull(),
    // The mechanic: an FFLogs ability id (as text), or a name the static gave it.
    mechanicRef: text("mechanic_ref").notNull(),
    role: text("role").$type<RosterRole>(),
    // Composite FK in migrations/0002 (ON DELETE SET NULL (member_id) is not expressible here).
    memberId: integer("member_id"),
    notes: text("notes"),
    // What a mistake is (@progboard/domain STRAT_RULES); null: "only" with a role or member, else "none".
    rule: text("rule").$type<StratRule>(),
    // "exactly": how many players each cast should hit.
    expectedHits: integer("expected_hits"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "strat_config_pkey", columns: [t.staticId, t.encounterId, t.mechanicRef] }),
    check("strat_config_rule_known", sql`${t.rule} in (${KNOWN_STRAT_RULES})`),
    check(
      "strat_config_expected_hits",
      sql`(${t.rule} = 'exactly' and ${t.expectedHits} between ${literal(LIMITS.expectedHits.min)} and ${literal(LIMITS.expectedHits.max)}) or (${t.rule} is distinct from 'exactly' and ${t.expectedHits} is null)`,
    ),
    index("strat_config_member_idx").on(t.staticId, t.memberId),
    check("strat_config_mechanic_length", sql`char_length(${t.mechanicRef}) between 1 and ${literal(LIMITS.mechanicRef.maxLength)}`),
    check("strat_config_role_known", sql`${t.role} in (${KNOWN_ROLES})`),
    check("strat_config_notes_length", sql`char_length(${t.notes}) <= ${literal(LIMITS.notes.maxLength)}`),
  ],
);

export const progPoints = pgTable(
  "prog_points",
  {
    staticId: staticId(),
    id: integer("id").notNull().generatedByDefaultAsIdentity(),
    encounterId: integer("encounter_id").notNull(),
    label: text("label").notNull(),
    // FFLogs' lastPhaseAsAbsoluteIndex: phases and intermissions counted from 0.
    phaseIndex: integer("phase_index").notNull(),
    abilityId: integer("ability_id"),
    // The first pull that got here, when known.
    reachedReportCode: text("reached_report_code"),
    reachedFightId: integer("reached_fight_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "prog_points_pkey", columns: [t.staticId, t.id] }),
    uniqueIndex("prog_points_label_key").on(t.staticId, t.encounterId, sql`lower(${t.label})`),
    check("prog_points_label_length", sql`char_length(${t.label}) between 1 and ${literal(LIMITS.progPointLabel.maxLength)}`),
    check("prog_points_phase_index", sql`${t.phaseIndex} between ${literal(LIMITS.phaseIndex.min)} and ${literal(LIMITS.phaseIndex.max)}`),
    check("prog_points_reached_pair", sql`(${t.reachedReportCode} is null) = (${t.reachedFightId} is null)`),
  ],
);

export const faultScores = pgTable(
  "fault_scores",
  {
    staticId: staticId(),
    reportCode: text("report_code").notNull(),
    fightId: integer("fight_id").notNull(),
    actorId: integer("actor_id").notNull(),
    // Share of the blame for the wipe, 0–100: computed by analysis, or set by hand.
    computedScore: real("computed_score"),
    overrideScore: real("override_score"),
    overrideReason: text("override_reason"),
    overriddenBy: integer("overridden_by").references(() => users.id, { onDelete: "set null" }),
    overriddenAt: timestamp("overridden_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ name: "fault_scores_pkey", columns: [t.staticId, t.reportCode, t.fightId, t.actorId] }),
    // Scores exist only for reports the static watches, and go when it stops watching.
    foreignKey({
      name: "fault_scores_report_fk",
      columns: [t.staticId, t.reportCode],
      foreignColumns: [watchedReports.staticId, watchedReports.code],
    }).onDelete("cascade"),
    check("fault_scores_computed_range", sql`${t.computedScore} between ${literal(LIMITS.faultScore.min)} and ${literal(LIMITS.faultScore.max)}`),
    check("fault_scores_override_range", sql`${t.overrideScore} between ${literal(LIMITS.faultScore.min)} and ${literal(LIMITS.faultScore.max)}`),
    check("fault_scores_reason_length", sql`char_length(${t.overrideReason}) <= ${literal(LIMITS.overrideReason.maxLength)}`),
  ],
);

/**
 * An FFLogs guild (name, server slug, region) or FFLogs user whose new reports the static watches
 * as they appear (packages/api/src/services/follows.ts). `target` is the normalized key of what is
 * followed ("guild:eu/tonberry/name", "user:12345"), unique per static.
 */
export const reportFollows = pgTable(
  "report_follows",
  {
    staticId: staticId(),
    id: integer("id").notNull().generatedByDefaultAsIdentity(),
    kind: text("kind").$type<"guild" | "user">().notNull(),
    target: text("target").notNull(),
    guildName: text("guild_name"),
    guildServer: text("guild_server"),
    guildRegion: text("guild_region"),
    fflogsUserId: integer("fflogs_user_id"),
    // Watch only reports with a fight of an encounter the static already progresses.
    onlyProgressed: boolean("only_progressed").notNull().default(false),
    // Reports that started before this (epoch ms) are not listed again.
    since: bigint("since", { mode: "number" }).notNull(),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true, mode: "date" }),
    lastError: text("last_error"),
    reportsWatched: integer("reports_watched").notNull().default(0),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "report_follows_pkey", columns: [t.staticId, t.id] }),
    uniqueIndex("report_follows_target_key").on(t.staticId, t.target),
    check("report_follows_kind_known", sql`${t.kind} in ('guild', 'user')`),
    check(
      "report_follows_target_shape",
      sql`(${t.kind} = 'guild' and ${t.guildName} is not null and ${t.guildServer} is not null and ${t.guildRegion} is not null and ${t.fflogsUserId} is null)
        or (${t.kind} = 'user' and ${t.fflogsUserId} is not null and ${t.guildName} is null and ${t.guildServer} is null and ${t.guildRegion} is null)`,
    ),
    check("report_follows_guild_name_length", sql`char_length(${t.guildName}) between 1 and ${literal(LIMITS.guildName.maxLength)}`),
    check("report_follows_guild_server_length", sql`char_length(${t.guildServer}) between 1 and ${literal(LIMITS.server.maxLength)}`),
    check("report_follows_guild_region_known", sql`${t.guildRegion} in (${FFLOGS_REGION_LIST})`),
    check("report_follows_user_positive", sql`${t.fflogsUserId} > 0`),
  ],
);

// A saved night (SPEC.md I): the Night page's recap as it was when saved, a versioned JSON document
// (its schema version in a column and inside it), read back as is whatever the raw data does later.
export const nightSnapshots = pgTable(
  "night_snapshots",
  {
    staticId: staticId(),
    id: integer("id").notNull().generatedByDefaultAsIdentity(),
    encounterId: integer("encounter_id").notNull(),
    sessionKey: text("session_key").notNull(),
    name: text("name").notNull(),
    schemaVersion: integer("schema_version").notNull(),
    document: jsonb("document").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "night_snapshots_pkey", columns: [t.staticId, t.id] }),
    index("night_snapshots_session_idx").on(t.staticId, t.encounterId, t.sessionKey),
    check("night_snapshots_name_length", sql`char_length(${t.name}) between 1 and ${literal(LIMITS.snapshotName.maxLength)}`),
    check("night_snapshots_session_length", sql`char_length(${t.sessionKey}) between 1 and ${literal(LIMITS.sessionKey.maxLength)}`),
    check("night_snapshots_schema_version", sql`${t.schemaVersion} >= 1`),
    check("night_snapshots_document_size", sql`octet_length(${t.document}::text) <= ${literal(LIMITS.snapshotDocument.maxBytes)}`),
  ],
);

// A static's Discord webhook (issue 16, "Post it to Discord"): one per static, set by owners. The
// URL carries the webhook's token: a secret. The tenant role may write it but read only the columns
// beside it (migrations/0018); the poster reads the URL through app.discord_webhook_url().
export const discordWebhooks = pgTable(
  "discord_webhooks",
  {
    staticId: staticId().primaryKey(),
    /** The webhook's id (the URL's public part): what clients are shown. */
    webhookId: text("webhook_id").notNull(),
    /** The whole URL, token included: never selected by a request. */
    url: text("url").notNull(),
    setBy: integer("set_by").references(() => users.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Reports whose ingestion finished after this were looked at for ended sessions (the poster's watermark). */
    checkedThrough: timestamp("checked_through", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "discord_webhooks_id_format",
      sql`${t.webhookId} ~ ${sql.raw(`'^[0-9]{${LIMITS.discordSnowflake.minLength},${LIMITS.discordSnowflake.maxLength}}$'`)}`,
    ),
    check("discord_webhooks_url_length", sql`char_length(${t.url}) between 1 and ${literal(LIMITS.discordWebhookUrl.maxLength)}`),
  ],
);

export type DiscordPostStatus = "pending" | "sent" | "failed";

// The posts ledger: one row per (static, encounter, session), so a session is posted once, across
// restarts and processes. A poster claims a due row with a lease (like the ingestion ledger).
export const discordPosts = pgTable(
  "discord_posts",
  {
    staticId: staticId(),
    encounterId: integer("encounter_id").notNull(),
    sessionKey: text("session_key").notNull(),
    /** The session as the Night page names it, when the post was queued. */
    sessionLabel: text("session_label"),
    status: text("status").$type<DiscordPostStatus>().notNull().default("pending"),
    /** "auto" (the session ended) or "manual" (Post now). */
    trigger: text("trigger").$type<"auto" | "manual">().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    /** In words, for the settings; never the webhook's token. */
    lastError: text("last_error"),
    messageId: text("message_id"),
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ name: "discord_posts_pkey", columns: [t.staticId, t.encounterId, t.sessionKey] }),
    index("discord_posts_due_idx").on(t.status, t.nextAttemptAt),
    check("discord_posts_status_known", sql`${t.status} in ('pending', 'sent', 'failed')`),
    check("discord_posts_trigger_known", sql`${t.trigger} in ('auto', 'manual')`),
    check("discord_posts_session_length", sql`char_length(${t.sessionKey}) between 1 and ${literal(LIMITS.sessionKey.maxLength)}`),
    check("discord_posts_label_length", sql`char_length(${t.sessionLabel}) between 1 and ${literal(LIMITS.sessionKey.maxLength)}`),
    check("discord_posts_error_length", sql`char_length(${t.lastError}) <= ${literal(LIMITS.discordPostError.maxLength)}`),
    check("discord_posts_message_id_format", sql`${t.messageId} ~ ${sql.raw(`'^[0-9]{1,${LIMITS.discordSnowflake.maxLength}}$'`)}`),
  ],
);
