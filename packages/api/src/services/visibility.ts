// Redaction by reason (SPEC.md H). The row layer decides which rows a reader sees (the grantee wall
// in the database); this decides which fields: one output schema per (resource × visibility),
// the visibility decided once per request (an owner path or a grant path, never both).
//
// A schema is an allowlist. `true` admits a primitive (a string, number, boolean or null) and
// nothing else; `[schema]` an array of such items; an object schema the fields it names;
// `{ "*": schema }` every key of a record. Whatever a schema does not name is dropped, so a field
// added to a view later stays owner-only until someone decides a grantee may see it.

export type Visibility = "owner" | "grant";

export type FieldSchema = true | readonly [FieldSchema] | { readonly [field: string]: FieldSchema };

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** `value` with only what `schema` admits (see above). Fails closed: an unexpected shape is dropped. */
export function project(schema: FieldSchema, value: unknown): unknown {
  if (schema === true) return isPrimitive(value) ? value : undefined;
  if (value === null) return null;
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) return undefined;
    const item = schema[0] as FieldSchema;
    return value.map((element) => project(item, element));
  }
  if (typeof value !== "object" || Array.isArray(value)) return undefined;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const fields = schema as { readonly [field: string]: FieldSchema };
  const every = fields["*"];
  if (every !== undefined) {
    for (const [key, inner] of Object.entries(source)) {
      const projected = project(every, inner);
      if (projected !== undefined) out[key] = projected;
    }
    return out;
  }
  for (const [key, inner] of Object.entries(fields)) {
    if (!(key in source)) continue;
    const projected = project(inner, source[key]);
    if (projected !== undefined) out[key] = projected;
  }
  return out;
}

// What a grantee sees: pulls, deaths, abilities, wipe types, fault scores, roster names, jobs and
// roles. Never roster notes, strat notes, fault-override reasons, who claimed which roster member,
// or anything about the granter's members (usernames, join dates): none of those is named here.
const firstDeath = { playerKey: true, player: true, abilityId: true, abilityName: true, atMs: true, forced: true } as const;
const pullRow = {
  reportCode: true,
  fightId: true,
  encounterId: true,
  name: true,
  pullNumber: true,
  alsoIn: [true],
  sessionKey: true,
  sessionLabel: true,
  startedAt: true,
  startedAtIso: true,
  durationMs: true,
  duration: true,
  kill: true,
  fightPercentage: true,
  loggedFightPercentage: true,
  bossPercentage: true,
  phaseIndex: true,
  phase: true,
  isIntermission: true,
  eventsComplete: true,
  deaths: true,
  firstDeath,
  wipeType: true,
  wipeReason: true,
} as const;
const sufficiency = { insufficientData: true, message: true } as const;
const excluded = { noEvents: true, resets: true, message: true } as const;
const progPoint = {
  id: true,
  label: true,
  phaseIndex: true,
  pullsReached: true,
  firstReached: { reportCode: true, fightId: true, pullNumber: true, startedAt: true },
} as const;
const faultPlayer = {
  playerKey: true,
  player: true,
  onRoster: true,
  wipes: true,
  attributed: true,
  firstDeaths: true,
  summary: true,
  ...sufficiency,
} as const;

/** The grantee's schema of each shared view (the owner's is the view itself). */
export const GRANT_SCHEMAS = {
  encounters: [{ encounterId: true, name: true, pulls: true, kills: true }],
  pulls: [pullRow],
  progCurve: {
    encounterId: true,
    points: [
      { sessionKey: true, sessionLabel: true, startedAt: true, pulls: true, eligiblePulls: true, best: pullRow, isRecord: true, bestSoFar: pullRow },
    ],
    best: pullRow,
    summary: true,
    unrankedPulls: true,
    rankingNote: true,
    ...sufficiency,
    progPoints: [progPoint],
  },
  sessions: [{ sessionKey: true, sessionLabel: true, startedAt: true, pulls: true }],
  sessionReport: {
    sessionKey: true,
    sessionLabel: true,
    encounterId: true,
    startedAt: true,
    endedAt: true,
    pulls: [pullRow],
    eligiblePulls: true,
    bestPull: pullRow,
    wipeTypes: { "*": true },
    excluded,
    deathsPerPlayer: [
      {
        playerKey: true,
        player: true,
        onRoster: true,
        deaths: true,
        forcedDeaths: true,
        firstDeaths: true,
        byAbility: [{ abilityId: true, abilityName: true, count: true }],
      },
    ],
    phases: [{ phaseIndex: true, phase: true, pullsReached: true, timeMs: true, time: true }],
    progPoints: [progPoint],
    summary: true,
    ...sufficiency,
  },
  wipeTypes: {
    pulls: [{ pullNumber: true, reportCode: true, fightId: true, wipeType: true, reason: true }],
    counts: { "*": true },
  },
  faultAggregate: {
    players: [faultPlayer],
    excluded,
    sessions: [{ sessionKey: true, sessionLabel: true, wipes: true, players: [faultPlayer] }],
    ...sufficiency,
  },
  consistency: {
    players: [
      {
        playerKey: true,
        player: true,
        onRoster: true,
        eligiblePulls: true,
        deaths: true,
        firstDeaths: true,
        deathsPerPull: true,
        sessions: [
          {
            sessionKey: true,
            sessionLabel: true,
            eligiblePulls: true,
            deaths: true,
            firstDeaths: true,
            deathsPerPull: true,
            ...sufficiency,
          },
        ],
        trend: { direction: true, slopePerSession: true, from: true, to: true, sessions: true },
        trendMessage: true,
        summary: true,
        ...sufficiency,
      },
    ],
    excluded,
    ...sufficiency,
  },
} as const satisfies Record<string, FieldSchema>;

export type SharedResource = keyof typeof GRANT_SCHEMAS;

/**
 * Grantee projections of views the analysis cache holds: a cached view is one object, never
 * changed, so its projection is made once (and goes when the view leaves the cache).
 */
const projections = new WeakMap<object, Map<SharedResource, unknown>>();

/** A view as this visibility may see it: the owner everything, a grantee what its schema names. */
export function serialize<T>(resource: SharedResource, visibility: Visibility, value: T): T {
  if (visibility === "owner") return value;
  if (typeof value !== "object" || value === null) return project(GRANT_SCHEMAS[resource], value) as T;
  let byResource = projections.get(value);
  if (!byResource) projections.set(value, (byResource = new Map<SharedResource, unknown>()));
  if (!byResource.has(resource)) byResource.set(resource, project(GRANT_SCHEMAS[resource], value));
  return byResource.get(resource) as T;
}
