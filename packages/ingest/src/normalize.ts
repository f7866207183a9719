// Raw FFLogs shapes (already validated by fflogs/schemas.ts) → the contract types in types.ts.
// Used by both sources (API client and report files), so a report reads the same from either.
import type { RawAbility, RawActor, RawEvent, RawFight, RawReport } from "./fflogs/schemas";
import type { NormalizedAbility, NormalizedActor, NormalizedEvent, NormalizedFight, NormalizedReport } from "./types";

/** FFXIV status effects (buffs, debuffs) come as ability ids offset by 1,000,000. */
export const STATUS_ID_OFFSET = 1_000_000;

export function isStatusId(abilityGameId: number): boolean {
  return abilityGameId >= STATUS_ID_OFFSET;
}

/** The game's own id: the status id for statuses, the action id otherwise. */
export function baseAbilityId(abilityGameId: number): number {
  return isStatusId(abilityGameId) ? abilityGameId - STATUS_ID_OFFSET : abilityGameId;
}

/** Trash fights carry encounterID 0 (and kill null): they are not pulls. */
export function isPull(fight: Pick<NormalizedFight, "encounterId">): boolean {
  return fight.encounterId !== 0;
}

/** Epoch milliseconds of the pull: fight times are relative to the report's start. */
export function pullStart(report: Pick<NormalizedReport, "startTime">, fight: Pick<NormalizedFight, "startTime">): number {
  return report.startTime + fight.startTime;
}

// FFLogs lists the limit break, and hits it cannot attribute, as Player actors.
const PSEUDO_PLAYER_NAMES = new Set(["Limit Break", "Multiple Players"]);

export function isPlayerActor(actor: { type: string; subType?: string | null; name: string }): boolean {
  return actor.type === "Player" && actor.subType !== "LimitBreak" && !PSEUDO_PLAYER_NAMES.has(actor.name);
}

export function normalizeFight(raw: RawFight): NormalizedFight {
  return {
    id: raw.id,
    encounterId: raw.encounterID,
    name: raw.name,
    difficulty: raw.difficulty ?? null,
    startTime: raw.startTime,
    endTime: raw.endTime,
    kill: raw.kill ?? null,
    fightPercentage: raw.fightPercentage ?? null,
    bossPercentage: raw.bossPercentage ?? null,
    lastPhase: raw.lastPhase ?? null,
    lastPhaseAbsoluteIndex: raw.lastPhaseAsAbsoluteIndex ?? null,
    lastPhaseIsIntermission: raw.lastPhaseIsIntermission ?? null,
    phaseTransitions: raw.phaseTransitions?.map((t) => ({ id: t.id, startTime: t.startTime })) ?? null,
    friendlyPlayers: raw.friendlyPlayers ? [...raw.friendlyPlayers] : [],
  };
}

/** The fights-only entry point (e.g. a `reportData.report.fights` response on its own). */
export function normalizeFights(raw: readonly RawFight[]): NormalizedFight[] {
  return raw.map(normalizeFight);
}

export function normalizeActor(raw: RawActor): NormalizedActor {
  return {
    id: raw.id,
    name: raw.name,
    type: raw.type,
    subType: raw.subType ?? null,
    server: raw.server ?? null,
    petOwner: raw.petOwner ?? null,
    gameId: raw.gameID ?? null,
    isPlayer: isPlayerActor(raw),
  };
}

export function normalizeAbility(raw: RawAbility): NormalizedAbility {
  return {
    gameId: raw.gameID,
    name: raw.name ?? `Unknown ability ${raw.gameID}`,
    icon: raw.icon ?? null,
    type: toNumberOrNull(raw.type),
  };
}

export function normalizeReport(raw: RawReport): NormalizedReport {
  return {
    code: raw.code,
    title: raw.title ?? "",
    owner: raw.owner?.name ?? null,
    zoneId: raw.zone?.id ?? null,
    zoneName: raw.zone?.name ?? null,
    startTime: raw.startTime,
    endTime: raw.endTime,
    revision: raw.revision ?? 0,
    fights: normalizeFights(raw.fights),
    actors: (raw.masterData?.actors ?? []).map(normalizeActor),
    abilities: (raw.masterData?.abilities ?? []).map(normalizeAbility),
  };
}

/**
 * FFXIV logs every hit twice: `calculateddamage` when the server computes it, then `damage` when it
 * lands (same packetID). Only `damage` is kept, so amounts and hits are never double counted.
 */
export function isCountedEvent(raw: Pick<RawEvent, "type">): boolean {
  return raw.type !== "calculateddamage";
}

export function normalizeEvent(raw: RawEvent): NormalizedEvent {
  return {
    timestamp: raw.timestamp,
    type: raw.type,
    sourceId: raw.sourceID ?? null,
    targetId: raw.targetID ?? null,
    abilityGameId: raw.abilityGameID ?? null,
    amount: raw.amount ?? null,
    data: raw,
  };
}

export function normalizeEvents(raw: readonly RawEvent[]): NormalizedEvent[] {
  const out: NormalizedEvent[] = [];
  for (const event of raw) if (isCountedEvent(event)) out.push(normalizeEvent(event));
  return out;
}

function toNumberOrNull(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  // Stored in an int4 column: anything else is not a type progboard knows.
  return Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 ? n : null;
}
