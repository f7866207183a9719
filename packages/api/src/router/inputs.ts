import { ROSTER_ROLES } from "@progboard/db";
import { z } from "zod";
import { parseReportRef, REPORT_CODE } from "../report-ref";

export { parseReportRef };

/** Ids are PostgreSQL integers: anything else cannot name a row. */
export const id = z.number().int().positive().max(2 ** 31 - 1);
export const staticName = z.string().trim().min(1, "A name is required").max(64, "At most 64 characters");
export const username = z.string().trim().min(1, "A username is required").max(32, "At most 32 characters");

/** A report code as stored. */
export const reportCode = z.string().trim().regex(REPORT_CODE, "Not a report code");

export const reportRef = z
  .string()
  .max(500, "At most 500 characters")
  .transform((raw, ctx) => {
    const code = parseReportRef(raw);
    if (code === null) {
      ctx.addIssue({ code: "custom", message: "Not a report code or an FFLogs report URL (https://www.fflogs.com/reports/…)" });
      return z.NEVER;
    }
    return code;
  });

export const label = z.string().trim().min(1, "A label cannot be empty").max(100, "At most 100 characters");
export const notes = z.string().trim().max(2000, "At most 2,000 characters");
export const role = z.enum(ROSTER_ROLES, { error: "Role must be tank, healer or dps" });
export const encounterId = z.number().int().positive().max(2 ** 31 - 1);

/** FFXIV jobs by abbreviation, with the role each plays. */
export const JOBS: Readonly<Record<string, (typeof ROSTER_ROLES)[number]>> = {
  PLD: "tank", WAR: "tank", DRK: "tank", GNB: "tank",
  WHM: "healer", SCH: "healer", AST: "healer", SGE: "healer",
  MNK: "dps", DRG: "dps", NIN: "dps", SAM: "dps", RPR: "dps", VPR: "dps",
  BRD: "dps", MCH: "dps", DNC: "dps", BLM: "dps", SMN: "dps", RDM: "dps", PCT: "dps", BLU: "dps",
};
export const job = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => value in JOBS, "Unknown job: use its abbreviation, e.g. WAR, WHM, SAM");

export const rosterName = z.string().trim().min(1, "A name is required").max(64, "At most 64 characters");
export const characterName = z.string().trim().min(1, "A character name is required").max(32, "At most 32 characters");
export const server = z.string().trim().min(1, "A server is required").max(32, "At most 32 characters");
export const mechanicRef = z.string().trim().min(1, "A mechanic is required").max(64, "At most 64 characters");
export const score = z.number().min(0, "Scores run from 0 to 100").max(100, "Scores run from 0 to 100");
export const phaseIndex = z.number().int().min(0).max(99);

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
