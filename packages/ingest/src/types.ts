// The normalized shapes ingestion works with, whatever the source (the FFLogs API or a file).
// Times: report start/end are epoch milliseconds; fight and event times are milliseconds from the
// report's start (pull time = report.startTime + fight.startTime).
import type { DbHandle } from "@progboard/db";

export interface NormalizedReport {
  code: string;
  title: string;
  owner: string | null;
  zoneId: number | null;
  zoneName: string | null;
  startTime: number;
  endTime: number;
  /** Bumped by FFLogs when more of the log is uploaded (live logging). */
  revision: number;
  fights: NormalizedFight[];
  actors: NormalizedActor[];
  abilities: NormalizedAbility[];
}

export interface NormalizedFight {
  id: number;
  /** 0 for trash: not a pull. */
  encounterId: number;
  name: string;
  difficulty: number | null;
  startTime: number;
  endTime: number;
  /** Authoritative; null for trash. */
  kill: boolean | null;
  /** Percentage *remaining* (100 = nothing done). */
  fightPercentage: number | null;
  bossPercentage: number | null;
  lastPhase: number | null;
  lastPhaseAbsoluteIndex: number | null;
  lastPhaseIsIntermission: boolean | null;
  phaseTransitions: { id: number; startTime: number }[] | null;
  friendlyPlayers: number[];
}

export interface NormalizedActor {
  id: number;
  name: string;
  /** Player, NPC, Pet… */
  type: string;
  /** The job for players ("LimitBreak" for the limit-break pseudo-actor). */
  subType: string | null;
  server: string | null;
  petOwner: number | null;
  gameId: number | null;
  /** A person: a Player that is not "Limit Break" / "Multiple Players". */
  isPlayer: boolean;
}

export interface NormalizedAbility {
  /** Status ids come offset by 1,000,000 (FFXIV): kept as FFLogs sends them. */
  gameId: number;
  name: string;
  icon: string | null;
  type: number | null;
}

export interface NormalizedEvent {
  timestamp: number;
  /** damage, death, cast, applydebuff… (`calculateddamage` is dropped: `damage` is the hit). */
  type: string;
  sourceId: number | null;
  targetId: number | null;
  abilityGameId: number | null;
  amount: number | null;
  /** The event as FFLogs sent it. */
  data: Record<string, unknown>;
}

/** The event streams fetched per fight (SPEC.md E). */
export type EventStream = "deaths" | "damage-taken" | "enemy-casts" | "debuffs";

export interface EventPage {
  fightId: number;
  stream: EventStream;
  events: NormalizedEvent[];
}

/** Where reports come from: the FFLogs API, or an exported file. */
export interface ReportSource {
  /**
   * Whether the worker can take a stopped or failed run up again later from the same source (the
   * FFLogs API). An uploaded file cannot: it is gone once its import ends, so its outcome is final.
   */
  readonly resumable: boolean;
  /** Report, fights and master data. Throws IngestError for anything that cannot be ingested. */
  fetchReport(code: string): Promise<NormalizedReport>;
  /** One fight's events, page by page, in a deterministic order (so replays write the same rows). */
  fightEvents(report: NormalizedReport, fight: NormalizedFight): AsyncIterable<EventPage>;
}

/** An ingestion failure with a message fit for the Reports tab; `retryable` when trying later may work. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "IngestError";
  }
}

/** What ingestion needs of a database handle: transactions as the ingestion role. */
export type IngestionDb = Pick<DbHandle, "withIngestion">;
