// The database and @progboard/domain cannot drift apart: every CHECK constraint of the live
// database is read back (pg_get_constraintdef) and the numbers in it held to the domain's LIMITS,
// the roles in it to ROLES. A new CHECK must be listed here, with the constants it is made of.
import { LIMITS, ROLES } from "@progboard/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, queryRows } from "./index";
import { createTestDb } from "./testing";

const {
  apiKeyHash,
  apiKeyName,
  characterName,
  faultScore,
  jobAbbreviation,
  label,
  mechanicRef,
  notes,
  overrideReason,
  phaseIndex,
  progPointLabel,
  fileReportHash,
  reportCode,
  rosterName,
  server,
  staticName,
  fflogsClientId,
  fflogsClientSecret,
  guildName,
  expectedHits,
  snapshotName,
  snapshotDocument,
  sessionKey,
  auditAction,
  auditSubject,
  auditDetails,
  templateName,
  templateDescription,
  templateEntries,
  discordWebhookUrl,
  discordSnowflake,
  discordPostError,
} = LIMITS;

/** The numbers each CHECK holds, in the order it states them ("between 1 and 64": 1, then 64). */
const EXPECTED_NUMBERS: Record<string, readonly number[]> = {
  // E.164 (a country code, then at most 15 digits): a standard, not a progboard limit.
  users_phone_e164: [1, 14],
  statics_name_length: [1, staticName.maxLength],
  watched_reports_code_format: [reportCode.minLength, reportCode.maxLength, fileReportHash.length],
  watched_reports_label_length: [1, label.maxLength],
  roster_members_name_length: [1, rosterName.maxLength],
  roster_members_job_format: [jobAbbreviation.length],
  roster_members_role_known: [],
  roster_members_notes_length: [notes.maxLength],
  character_aliases_name_length: [1, characterName.maxLength],
  character_aliases_server_length: [1, server.maxLength],
  strat_config_mechanic_length: [1, mechanicRef.maxLength],
  strat_config_role_known: [],
  strat_config_notes_length: [notes.maxLength],
  strat_config_rule_known: [],
  strat_config_expected_hits: [expectedHits.min, expectedHits.max],
  night_snapshots_name_length: [1, snapshotName.maxLength],
  night_snapshots_session_length: [1, sessionKey.maxLength],
  night_snapshots_schema_version: [1],
  night_snapshots_document_size: [snapshotDocument.maxBytes],
  prog_points_label_length: [1, progPointLabel.maxLength],
  prog_points_phase_index: [phaseIndex.min, phaseIndex.max],
  prog_points_reached_pair: [],
  fault_scores_computed_range: [faultScore.min, faultScore.max],
  fault_scores_override_range: [faultScore.min, faultScore.max],
  fault_scores_reason_length: [overrideReason.maxLength],
  ingestion_ledger_status_known: [],
  reports_code_format: [reportCode.minLength, reportCode.maxLength, fileReportHash.length],
  fflogs_credentials_one_row: [],
  fflogs_credentials_client_id_length: [1, fflogsClientId.maxLength],
  fflogs_credentials_client_secret_length: [1, fflogsClientSecret.maxLength],
  report_follows_kind_known: [],
  report_follows_target_shape: [],
  report_follows_guild_name_length: [1, guildName.maxLength],
  report_follows_guild_server_length: [1, server.maxLength],
  report_follows_guild_region_known: [],
  report_follows_user_positive: [0],
  static_memberships_role_known: [],
  audit_log_action_format: [auditAction.maxLength],
  audit_log_subject_length: [auditSubject.maxLength],
  audit_log_details_size: [auditDetails.maxBytes],
  strat_templates_name_length: [1, templateName.maxLength],
  strat_templates_description_length: [templateDescription.maxLength],
  strat_templates_entries_size: [templateEntries.max],
  api_keys_name_length: [1, apiKeyName.maxLength],
  api_keys_key_hash_sha256: [apiKeyHash.length],
  // Sharing (migrations/0010): 20 base32 characters of handle; a grant's report code is a report
  // key (an FFLogs code or a file key, at most 69), bounded generously at 80 and free of '/'.
  statics_share_handle_format: [20],
  static_grants_scope: [],
  static_grants_report_code: [],
  static_grants_report_code_length: [reportCode.minLength, 80, 0],
  static_grants_not_self: [],
  static_grants_revoked_by: [],
  // Discord (migrations/0018): a webhook id is a snowflake; a message id too (bounded above only).
  discord_webhooks_id_format: [discordSnowflake.minLength, discordSnowflake.maxLength],
  discord_webhooks_url_length: [1, discordWebhookUrl.maxLength],
  discord_posts_status_known: [],
  discord_posts_trigger_known: [],
  discord_posts_session_length: [1, sessionKey.maxLength],
  discord_posts_label_length: [1, sessionKey.maxLength],
  discord_posts_error_length: [discordPostError.maxLength],
  discord_posts_message_id_format: [1, discordSnowflake.maxLength],
};

const ROLE_CHECKS = ["roster_members_role_known", "strat_config_role_known"];

let handle: DbHandle;
let checks: Map<string, string>;

beforeAll(async () => {
  handle = await createTestDb();
  const rows = await queryRows<{ name: string; definition: string }>(
    handle.db,
    sql`select c.conname as name, pg_get_constraintdef(c.oid) as definition
          from pg_constraint c
          join pg_namespace n on n.oid = c.connamespace and n.nspname = 'public'
         where c.contype = 'c'
         order by 1`,
  );
  checks = new Map(rows.map((row) => [row.name, row.definition]));
});
afterAll(() => handle.close());

/**
 * The numbers a constraint states: bounds (`>= 1`, `<= 64`, `(100)::double precision`) and regex
 * quantifiers (`{6,40}`). Character classes ([A-Za-z0-9]) are dropped first: their digits are
 * characters, not limits.
 */
function numbersIn(definition: string): number[] {
  const withoutClasses = definition.replace(/\[[^\]]*\]/g, "");
  return [...withoutClasses.matchAll(/\d+/g)].map((match) => Number(match[0]));
}

describe("CHECK constraints against @progboard/domain", () => {
  it("lists every CHECK of the live database, and none that does not exist", () => {
    expect([...checks.keys()].sort()).toEqual(Object.keys(EXPECTED_NUMBERS).sort());
  });

  it.each(Object.entries(EXPECTED_NUMBERS))("%s states the domain's numbers", (name, expected) => {
    const definition = checks.get(name);
    expect(definition).toBeDefined();
    expect(numbersIn(definition ?? "")).toEqual(expected);
  });

  it.each(ROLE_CHECKS)("%s allows exactly the domain's roles", (name) => {
    const definition = checks.get(name) ?? "";
    expect([...definition.matchAll(/'([^']*)'/g)].map((match) => match[1])).toEqual([...ROLES]);
  });
});
