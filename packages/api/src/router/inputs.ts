import { FFLOGS_REPORT_CODE, FILE_REPORT_CODE, findJob, LIMITS, parseReportRef, ROLES } from "@progboard/domain";
import { z } from "zod";

export { parseReportRef };

/** "At most 2,000 characters": the error for a text over its limit. */
export function atMost(maxLength: number): string {
  return `At most ${maxLength.toLocaleString("en-US")} characters`;
}

/** Trimmed text that must not be empty, of at most `maxLength` characters. */
function requiredText(maxLength: number, emptyMessage: string) {
  return z.string().trim().min(1, emptyMessage).max(maxLength, atMost(maxLength));
}

/** Ids are PostgreSQL integers: anything else cannot name a row. */
export const id = z.number().int().positive().max(LIMITS.id.max);
export const staticName = requiredText(LIMITS.staticName.maxLength, "A name is required");
export const username = requiredText(LIMITS.username.maxLength, "A username is required");

/** A report key as stored: an FFLogs code, or an imported file's `file:…` key. */
export const reportCode = z
  .string()
  .trim()
  .refine((code) => FFLOGS_REPORT_CODE.test(code) || FILE_REPORT_CODE.test(code), "Not a report code");

export const reportRef = z
  .string()
  .max(LIMITS.reportRef.maxLength, atMost(LIMITS.reportRef.maxLength))
  .transform((raw, ctx) => {
    const code = parseReportRef(raw);
    if (code === null) {
      ctx.addIssue({ code: "custom", message: "Not a report code or an FFLogs report URL (https://www.fflogs.com/reports/…)" });
      return z.NEVER;
    }
    return code;
  });

export const label = requiredText(LIMITS.label.maxLength, "A label cannot be empty");
export const progPointLabel = requiredText(LIMITS.progPointLabel.maxLength, "A label cannot be empty");
export const notes = z.string().trim().max(LIMITS.notes.maxLength, atMost(LIMITS.notes.maxLength));
export const role = z.enum(ROLES, { error: "Role must be tank, healer or dps" });
export const encounterId = z.number().int().positive().max(LIMITS.id.max);

/** An FFXIV job by abbreviation, in any case; stored upper-case. */
export const job = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => findJob(value) !== undefined, "Unknown job: use its abbreviation, e.g. WAR, WHM, SAM");

export const rosterName = requiredText(LIMITS.rosterName.maxLength, "A name is required");
export const characterName = requiredText(LIMITS.characterName.maxLength, "A character name is required");
export const server = requiredText(LIMITS.server.maxLength, "A server is required");
export const mechanicRef = requiredText(LIMITS.mechanicRef.maxLength, "A mechanic is required");
const { min: scoreMin, max: scoreMax } = LIMITS.faultScore;
const scoreRange = `Scores run from ${scoreMin} to ${scoreMax}`;
export const score = z.number().min(scoreMin, scoreRange).max(scoreMax, scoreRange);
export const phaseIndex = z.number().int().min(LIMITS.phaseIndex.min).max(LIMITS.phaseIndex.max);

/** For update inputs: at least one field besides the key. */
export function changesSomething(keys: readonly string[]) {
  return (input: Record<string, unknown>) => Object.entries(input).some(([k, v]) => !keys.includes(k) && v !== undefined);
}
export const NOTHING_TO_UPDATE = { message: "Nothing to update" } as const;

/** The row an INSERT … RETURNING or an UPDATE known to match gave back. */
export function returned<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error("the statement returned no row");
  return row;
}
