// How big a report file may be in every dimension (issue 12, item 2). A file is a user's claim:
// each dimension is bounded before anything is stored, above anything FFLogs produces for one
// report and below what the server holds in memory (the README states these numbers). Checked on
// the parsed JSON before zod copies it, so a file of a million fights costs a count, not a heap.
import { IngestError } from "./types";

export const FILE_LIMITS = {
  /** A single JSON document is parsed whole: past this, the file must be JSON Lines. */
  documentBytes: 16 * 1024 * 1024,
  /** One JSON Lines line: the report header, or one events page. */
  lineBytes: 16 * 1024 * 1024,
  /** Fights (pulls and trash) in one report. */
  fights: 5_000,
  /** Actors (players, NPCs, pets) in the report's master data. */
  actors: 20_000,
  /** Abilities in the report's master data. */
  abilities: 20_000,
  /** Events of one fight, over all its pages: a fight is held in memory while it is written. */
  eventsPerFight: 200_000,
  /** Objects and arrays inside one another, counting the outermost. */
  depth: 32,
  /** Characters of any one string (titles, names, keys, event fields). */
  stringLength: 1_000,
} as const;

/** The report header's counts, on the raw JSON, before schema validation. */
export function checkReportDimensions(name: string, json: unknown, where: string): void {
  checkJsonBounds(name, json, where);
  const report = isRecord(json) ? json.report : undefined;
  if (!isRecord(report)) return; // the schema says what is missing
  const masterData = isRecord(report.masterData) ? report.masterData : {};
  checkCount(name, report.fights, FILE_LIMITS.fights, "fights");
  checkCount(name, masterData.actors, FILE_LIMITS.actors, "actors");
  checkCount(name, masterData.abilities, FILE_LIMITS.abilities, "abilities");
}

/** One fight's running event count against its limit. */
export function checkFightEvents(name: string, fightId: number, events: number): void {
  if (events > FILE_LIMITS.eventsPerFight)
    throw new IngestError(
      `${name}: fight ${fightId} has more than ${FILE_LIMITS.eventsPerFight.toLocaleString("en-US")} events, more than any FFLogs fight has: not a report export`,
      false,
    );
}

/**
 * Nesting depth and string lengths of a parsed JSON value (keys included), walked without
 * recursion so that a deeply nested file cannot exhaust the stack.
 */
export function checkJsonBounds(name: string, json: unknown, where: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value: json, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value === "string") {
      if (value.length > FILE_LIMITS.stringLength) throw tooLongString(name, where);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth > FILE_LIMITS.depth)
      throw new IngestError(`${name}${where}: nested more than ${FILE_LIMITS.depth} levels deep: not a report export`, false);
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" || typeof item === "string") stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.length > FILE_LIMITS.stringLength) throw tooLongString(name, where);
      if (typeof item === "object" || typeof item === "string") stack.push({ value: item, depth: depth + 1 });
    }
  }
}

function checkCount(name: string, value: unknown, limit: number, what: string): void {
  if (Array.isArray(value) && value.length > limit)
    throw new IngestError(
      `${name} has ${value.length.toLocaleString("en-US")} ${what}: a report may have at most ${limit.toLocaleString("en-US")} (more than FFLogs ever produces)`,
      false,
    );
}

function tooLongString(name: string, where: string): IngestError {
  return new IngestError(
    `${name}${where}: a text is longer than ${FILE_LIMITS.stringLength.toLocaleString("en-US")} characters: not a report export`,
    false,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
