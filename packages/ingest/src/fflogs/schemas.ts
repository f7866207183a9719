// Zod schemas for the FFLogs v2 GraphQL responses progboard reads. Lenient where FFLogs is (many
// fields are null for trash fights, extra keys are kept), strict on what ingestion depends on: ids,
// times, encounter ids and the shape of event pages.
import { isFflogsReportCode } from "@progboard/domain";
import { z } from "zod";

// What the database columns hold (packages/db/src/schema/raw.ts): `integer` is int4, `bigint` is
// int8 read as a JS number (so a safe integer), `real` percentages. A value outside them would
// pass JSON parsing and then fail half-way through storing a report, so it is refused here, with
// its path, before anything is stored.
export const INT4_MIN = -(2 ** 31);
export const INT4_MAX = 2 ** 31 - 1;
const WHOLE = "expected a whole number";
const int4Message = (value: number) => `${value} is outside what progboard stores here (a whole number from ${INT4_MIN} to ${INT4_MAX})`;
/** An `integer` column. */
const int4 = z
  .int({ error: (issue) => (typeof issue.input === "number" ? WHOLE : undefined) })
  .refine((v) => v >= INT4_MIN && v <= INT4_MAX, { error: (issue) => int4Message(issue.input as number) });
/** A `bigint` column (read back as a JS number). */
const int8 = z.int({ error: (issue) => (typeof issue.input === "number" ? `${WHOLE} (at most ${Number.MAX_SAFE_INTEGER})` : undefined) });
/** FFLogs' percentages (boss HP left, fight progress): 0 to 100. */
const percentage = z.number().refine((v) => v >= 0 && v <= 100, {
  error: (issue) => `${issue.input as number} is not a percentage from 0 to 100 (FFLogs v2 gives 90.4, not 9040)`,
});

const id = int4;

export const rawFightSchema = z.looseObject({
  id,
  /** 0 for trash. */
  encounterID: int4,
  name: z.string(),
  difficulty: int4.nullish(),
  startTime: int8,
  endTime: int8,
  kill: z.boolean().nullish(),
  fightPercentage: percentage.nullish(),
  bossPercentage: percentage.nullish(),
  lastPhase: int4.nullish(),
  lastPhaseAsAbsoluteIndex: int4.nullish(),
  lastPhaseIsIntermission: z.boolean().nullish(),
  phaseTransitions: z.array(z.looseObject({ id: int4, startTime: int8 })).nullish(),
  friendlyPlayers: z.array(id).nullish(),
});

export const rawActorSchema = z.looseObject({
  id,
  name: z.string(),
  type: z.string(),
  subType: z.string().nullish(),
  server: z.string().nullish(),
  petOwner: int4.nullish(),
  gameID: int8.nullish(),
});

export const rawAbilitySchema = z.looseObject({
  gameID: int8,
  name: z.string().nullish(),
  icon: z.string().nullish(),
  // The GraphQL schema types this as String ("1024", "128"…), older exports carry a number.
  // Stored as an integer when it reads as one (else null).
  type: z.union([z.string(), int4]).nullish(),
});

export const rawReportSchema = z
  .looseObject({
    code: z.string().min(1),
    // Many queries do not ask for it: a report without one is still a report.
    title: z.string().nullish(),
    startTime: int8,
    endTime: int8,
    revision: int4.nullish(),
    owner: z.looseObject({ name: z.string() }).nullish(),
    zone: z.looseObject({ id: int4, name: z.string() }).nullish(),
    fights: z.array(rawFightSchema),
    masterData: z
      .looseObject({
        actors: z.array(rawActorSchema).nullish(),
        abilities: z.array(rawAbilitySchema).nullish(),
      })
      .nullish(),
  })
  .superRefine((report, ctx) => {
    // Fights and actors are keyed by id downstream: a duplicate would silently overwrite a row.
    const seen = new Set<number>();
    report.fights.forEach((fight, index) => {
      if (seen.has(fight.id)) ctx.addIssue({ code: "custom", path: ["fights", index, "id"], message: `duplicate fight id ${fight.id}` });
      seen.add(fight.id);
    });
    const actors = new Set<number>();
    // Fight times are milliseconds from the report's start, within it.
    const span = report.endTime - report.startTime;
    if (span < 0)
      ctx.addIssue({ code: "custom", path: ["endTime"], message: `the report ends (${report.endTime}) before it starts (${report.startTime})` });
    report.fights.forEach((fight, index) => {
      const within = (value: number) => value >= 0 && value <= span;
      for (const key of ["startTime", "endTime"] as const) {
        if (!within(fight[key]))
          ctx.addIssue({
            code: "custom",
            path: ["fights", index, key],
            message: `${fight[key]} is outside the report (0 to ${span} ms from its start)`,
          });
      }
      if (fight.endTime < fight.startTime)
        ctx.addIssue({
          code: "custom",
          path: ["fights", index, "endTime"],
          message: `the fight ends (${fight.endTime}) before it starts (${fight.startTime})`,
        });
    });
    report.masterData?.actors?.forEach((actor, index) => {
      if (actors.has(actor.id))
        ctx.addIssue({ code: "custom", path: ["masterData", "actors", index, "id"], message: `duplicate actor id ${actor.id}` });
      actors.add(actor.id);
    });
  });

/** One event as FFLogs sends it; only the fields ingestion reads are checked, the rest is kept. */
export const rawEventSchema = z.looseObject({
  timestamp: int8,
  type: z.string().min(1),
  sourceID: int4.nullish(),
  targetID: int4.nullish(),
  abilityGameID: int8.nullish(),
  amount: int4.nullish(),
  fight: int4.nullish(),
  packetID: z.number().nullish(),
});

/**
 * rawEventSchema's verdict without zod's copy of the event: true exactly when the schema accepts
 * `value`, which is then used as it is. Report files hold millions of events, and zod took ~2 µs
 * each; callers ask the schema itself only about what this refuses, for its message.
 * (schemas.test.ts holds the two to the same answers.)
 */
export function isRawEvent(value: unknown): value is RawEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(e.timestamp) &&
    typeof e.type === "string" &&
    e.type.length > 0 &&
    isInt4OrNullish(e.sourceID) &&
    isInt4OrNullish(e.targetID) &&
    isIntOrNullish(e.abilityGameID) &&
    isInt4OrNullish(e.amount) &&
    isInt4OrNullish(e.fight) &&
    isNumberOrNullish(e.packetID)
  );
}

// z.number() refuses NaN and ±Infinity (JSON.parse gives Infinity for 1e999); z.int() takes safe integers.
const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isNumberOrNullish = (value: unknown) => value === undefined || value === null || isFiniteNumber(value);
const isIntOrNullish = (value: unknown) => value === undefined || value === null || Number.isSafeInteger(value);
const isInt4OrNullish = (value: unknown) =>
  value === undefined || value === null || (Number.isSafeInteger(value) && (value as number) >= INT4_MIN && (value as number) <= INT4_MAX);

export const rateLimitDataSchema = z.looseObject({
  limitPerHour: z.number(),
  pointsSpentThisHour: z.number(),
  pointsResetIn: z.number(),
});

export const graphqlErrorSchema = z.looseObject({ message: z.string() });

/** `reportData.report(code){ …report fields… }` — report null when missing or private. */
export const reportResponseSchema = z.looseObject({
  data: z.looseObject({
    rateLimitData: rateLimitDataSchema.nullish(),
    reportData: z.looseObject({ report: rawReportSchema.nullable() }).nullable(),
  }),
});

export const eventsPageSchema = z.looseObject({
  data: z.array(rawEventSchema),
  nextPageTimestamp: z.number().nullish(),
});

/** `reportData.report.events(…){ data nextPageTimestamp }`. */
export const eventsResponseSchema = z.looseObject({
  data: z.looseObject({
    rateLimitData: rateLimitDataSchema.nullish(),
    reportData: z.looseObject({ report: z.looseObject({ events: eventsPageSchema }).nullable() }).nullable(),
  }),
});

/** Any GraphQL answer: `data` and/or `errors`. Read before the operation-specific schema. */
/** One report of a guild's or user's list: enough to decide whether to watch it. */
/** Fights one listed report may name (its encounters are read from them); FFLogs' own reports hold far fewer. */
export const LISTING_MAX_FIGHTS = 5_000;

/**
 * One report of an owner's list, checked on its own: a bad item (a code that is not an FFLogs code,
 * a `file:` key, no startTime) is skipped, never the whole page.
 */
export const reportListingSchema = z.looseObject({
  code: z.string().refine(isFflogsReportCode, "not an FFLogs report code"),
  title: z.string().max(1_000).nullish(),
  startTime: int8.nonnegative(),
  endTime: int8.nonnegative(),
  zone: z.looseObject({ id: int4, name: z.string().max(1_000) }).nullish(),
  fights: z
    .array(z.looseObject({ encounterID: int4 }))
    .max(LISTING_MAX_FIGHTS)
    .nullish(),
});

/** The page around the listings; each listing is checked apart (reportListingSchema). */
export const reportsResponseSchema = z.looseObject({
  data: z.looseObject({
    reportData: z
      .looseObject({
        reports: z.looseObject({
          data: z.array(z.unknown()),
          current_page: int4.nullish(),
          has_more_pages: z.boolean(),
        }),
      })
      .nullish(),
  }),
});

export const graphqlEnvelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(graphqlErrorSchema).nullish(),
});

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

export type RawFight = z.infer<typeof rawFightSchema>;
export type RawActor = z.infer<typeof rawActorSchema>;
export type RawAbility = z.infer<typeof rawAbilitySchema>;
export type RawReport = z.infer<typeof rawReportSchema>;
export type RawEvent = z.infer<typeof rawEventSchema>;
export type RawReportListing = z.infer<typeof reportListingSchema>;
export type RateLimitData = z.infer<typeof rateLimitDataSchema>;

/** A report and its events as FFLogs would serve them (generator output, fixtures, fake server). */
export interface RawReportData {
  report: RawReport;
  /** One fight's events in time order, all types mixed (the four streams are split out later). */
  events(fightId: number): Iterable<RawEvent>;
}

/** `fights[3].startTime: expected number, received string` — the first few issues, one line. */
export function describeZodError(error: z.ZodError, maxIssues = 2): string {
  const parts = error.issues.slice(0, maxIssues).map((issue) => {
    const path = formatPath(issue.path);
    const message = issue.message.replace(/^Invalid input: /, "");
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length - maxIssues;
  return more > 0 ? `${parts.join("; ")} (and ${more} more)` : parts.join("; ");
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
