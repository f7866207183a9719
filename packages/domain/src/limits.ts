// Every length and number limit that the database (CHECK constraints), the API (zod inputs) and
// the web app (form limits) share. Lengths count characters; text the database stores is also
// non-empty where its CHECK says `between 1 and …`. packages/db's limits test reads the live
// database's CHECK constraints back and holds them to these numbers.

/** PostgreSQL's `integer` (int4): the largest id a row or an FFLogs id column can hold. */
export const INT4_MAX = 2 ** 31 - 1;

export const LIMITS = {
  /** Row ids, encounter, fight and ability ids: positive PostgreSQL integers. */
  id: { max: INT4_MAX },
  staticName: { maxLength: 64 },
  /** Better Auth's username rule, and the members form's lookup by username. */
  username: { minLength: 2, maxLength: 32 },
  /** What FFLogs puts after /reports/ in a report's URL. */
  reportCode: { minLength: 6, maxLength: 40 },
  /** An imported file's report key: `file:` and the SHA-256 of its content, in hex. */
  fileReportHash: { length: 64 },
  /** A pasted report code or FFLogs URL, before it is parsed. */
  reportRef: { maxLength: 500 },
  /** A watched report's label. */
  label: { maxLength: 100 },
  /** Calls in one batched /api/trpc request (the clients' batch links split at this). */
  batchCalls: { max: 50 },
  /** Bytes of one /api/trpc request body (mutations; a report file goes to /api/import). */
  requestBody: { maxBytes: 1024 * 1024 },
  /** A prog point's name. */
  progPointLabel: { maxLength: 64 },
  rosterName: { maxLength: 64 },
  /** A job's abbreviation ("DRK"), as the roster stores it. */
  jobAbbreviation: { length: 3 },
  characterName: { maxLength: 32 },
  server: { maxLength: 32 },
  /** A strat entry's mechanic: an ability name or id. */
  mechanicRef: { maxLength: 64 },
  /** A roster member's or a strat entry's notes. */
  notes: { maxLength: 2000 },
  /** FFLogs' absolute phase index: phases and intermissions counted from 0. */
  phaseIndex: { min: 0, max: 99 },
  /** A player's share of the blame for a wipe, computed or set by hand. */
  faultScore: { min: 0, max: 100 },
  /** Why a fault score was set by hand. */
  overrideReason: { maxLength: 500 },
  /** A session key the analysis handed out ("report:<code>", "night:<date>"). */
  sessionKey: { maxLength: 100 },
  /** An FFLogs API client's id and secret, as an instance admin enters them. */
  fflogsClientId: { maxLength: 100 },
  fflogsClientSecret: { maxLength: 200 },
  /** An FFLogs guild's name, and the server slug it plays on ("tonberry"). */
  guildName: { maxLength: 64 },
  /** FFLogs guilds or users one static follows. */
  followsPerStatic: { max: 5 },
  /** "Should hit exactly N players": N. */
  expectedHits: { min: 1, max: 8 },
  /** A saved night (snapshot): its name, and its JSON document's size in bytes. */
  snapshotName: { maxLength: 100 },
  snapshotDocument: { maxBytes: 2 * 1024 * 1024 },
  /** An audit entry's action ("member.added"), subject (a name at the time) and details (JSON). */
  auditAction: { maxLength: 64 },
  auditSubject: { maxLength: 200 },
  auditDetails: { maxBytes: 4096 },
  /** A strat template's name and description, and how many mechanics it may hold. */
  templateName: { maxLength: 64 },
  templateDescription: { maxLength: 500 },
  templateEntries: { max: 200 },
  /** An API key's name. */
  apiKeyName: { maxLength: 80 },
  /** How an API key is stored: the SHA-256 of the key, in hex. */
  apiKeyHash: { length: 64 },
  /** Keys a user may hold at once (revoked ones not counted). */
  apiKeysPerUser: { max: 25 },
  /** The latest expiry a key may be given, in days from now. */
  apiKeyExpiryDays: { max: 730 },
  /** Pulls one MCP get_pulls answer lists (the most recent), by default and at the most. */
  mcpPulls: { default: 200, max: 1000 },
  /** A Discord webhook: its URL as entered (token included), its id's digits (a snowflake), a post's error in words. */
  discordWebhookUrl: { maxLength: 300 },
  discordSnowflake: { minLength: 17, maxLength: 20 },
  discordPostError: { maxLength: 500 },
} as const;

/** FFLogs' server regions (`guildServerRegion`). */
export const FFLOGS_REGIONS = ["NA", "EU", "OC", "JP", "KR", "CN", "TW"] as const;
export type FflogsRegion = (typeof FFLOGS_REGIONS)[number];
