// The pieces of CHECK constraints that come from @progboard/domain. DDL takes no parameters, so
// each is written into the SQL as a literal: only constants, never input. The SQL they make is the
// one the migrations hold, character for character (drizzle-kit generates no new migration).
import { LIMITS, ROLES, STRAT_RULES } from "@progboard/domain";
import { type SQL, sql } from "drizzle-orm";

/** A number, as a SQL literal. */
export function literal(value: number): SQL {
  return sql.raw(String(value));
}

/** `'tank', 'healer', 'dps'`: for `role in (…)`. */
export const KNOWN_ROLES: SQL = sql.raw(ROLES.map((role) => `'${role}'`).join(", "));

/** `'only', 'none', 'exactly', 'debuff'`: for `rule in (…)`. */
export const KNOWN_STRAT_RULES: SQL = sql.raw(STRAT_RULES.map((rule) => `'${rule}'`).join(", "));

/**
 * A report key as a regular expression literal: an FFLogs code (letters and digits, 6 to 40 of
 * them) or an imported file's key (`file:` and its SHA-256 in hex; @progboard/domain report-code).
 */
export const REPORT_CODE_PATTERN: SQL = sql.raw(
  `'^([A-Za-z0-9]{${LIMITS.reportCode.minLength},${LIMITS.reportCode.maxLength}}|file:[0-9a-f]{${LIMITS.fileReportHash.length}})$'`,
);

/** A job abbreviation as a regular expression literal: three capital letters. */
export const JOB_ABBREVIATION_PATTERN: SQL = sql.raw(`'^[A-Z]{${LIMITS.jobAbbreviation.length}}$'`);
