// Zod schemas for the FFLogs v2 GraphQL responses progboard reads. Lenient where FFLogs is (many
// fields are null for trash fights, extra keys are kept), strict on what ingestion depends on: ids,
// times, encounter ids and the shape of event pages.
import { z } from "zod";

const id = z.int();

export const rawFightSchema = z.looseObject({
  id,
  /** 0 for trash. */
  encounterID: z.int(),
  name: z.string(),
  difficulty: z.int().nullish(),
  startTime: z.number(),
  endTime: z.number(),
  kill: z.boolean().nullish(),
  fightPercentage: z.number().nullish(),
  bossPercentage: z.number().nullish(),
  lastPhase: z.int().nullish(),
  lastPhaseAsAbsoluteIndex: z.int().nullish(),
  lastPhaseIsIntermission: z.boolean().nullish(),
  phaseTransitions: z.array(z.looseObject({ id: z.int(), startTime: z.number() })).nullish(),
  friendlyPlayers: z.array(id).nullish(),
});

export const rawActorSchema = z.looseObject({
  id,
  name: z.string(),
  type: z.string(),
  subType: z.string().nullish(),
  server: z.string().nullish(),
  petOwner: z.int().nullish(),
  gameID: z.number().nullish(),
});

export const rawAbilitySchema = z.looseObject({
  gameID: z.number(),
  name: z.string().nullish(),
  icon: z.string().nullish(),
  // The GraphQL schema types this as String ("1024", "128"…), older exports carry a number.
  type: z.union([z.string(), z.number()]).nullish(),
});

export const rawReportSchema = z
  .looseObject({
    code: z.string().min(1),
    title: z.string(),
    startTime: z.number(),
    endTime: z.number(),
    revision: z.int().nullish(),
    owner: z.looseObject({ name: z.string() }).nullish(),
    zone: z.looseObject({ id: z.int(), name: z.string() }).nullish(),
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
    report.masterData?.actors?.forEach((actor, index) => {
      if (actors.has(actor.id))
        ctx.addIssue({ code: "custom", path: ["masterData", "actors", index, "id"], message: `duplicate actor id ${actor.id}` });
      actors.add(actor.id);
    });
  });

/** One event as FFLogs sends it; only the fields ingestion reads are checked, the rest is kept. */
export const rawEventSchema = z.looseObject({
  timestamp: z.number(),
  type: z.string().min(1),
  sourceID: z.int().nullish(),
  targetID: z.int().nullish(),
  abilityGameID: z.number().nullish(),
  amount: z.number().nullish(),
  fight: z.int().nullish(),
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
    isFiniteNumber(e.timestamp) &&
    typeof e.type === "string" &&
    e.type.length > 0 &&
    isIntOrNullish(e.sourceID) &&
    isIntOrNullish(e.targetID) &&
    isNumberOrNullish(e.abilityGameID) &&
    isNumberOrNullish(e.amount) &&
    isIntOrNullish(e.fight) &&
    isNumberOrNullish(e.packetID)
  );
}

// z.number() refuses NaN and ±Infinity (JSON.parse gives Infinity for 1e999); z.int() takes safe integers.
const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isNumberOrNullish = (value: unknown) => value === undefined || value === null || isFiniteNumber(value);
const isIntOrNullish = (value: unknown) => value === undefined || value === null || Number.isSafeInteger(value);

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
