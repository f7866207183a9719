// The pulls table, and the order that says which of two pulls got further.
import type { ForcedReason } from "./digest";
import { formatDuration } from "./format";
import { phaseKnown } from "./phases";
import { type Analysis, type PreparedPull, pullsOf } from "./prepare";
import type { WipeType } from "./wipes";

export interface FirstDeath {
  playerKey: string;
  player: string;
  abilityId: number | null;
  abilityName: string;
  /** ms from the pull's start. */
  atMs: number;
  /** Set when this death started nothing (the enrage, the closing burst). */
  forced: ForcedReason | null;
}

/** One row of the pulls table: plain JSON, also the CSV export's row. */
export interface PullRow {
  reportCode: string;
  fightId: number;
  encounterId: number;
  name: string;
  /** 1-based within the encounter, over every report given. */
  pullNumber: number;
  /** Other reports that logged this same pull: counted once, this report's data used. */
  alsoIn: string[];
  sessionKey: string;
  sessionLabel: string;
  /** Epoch ms, and the same instant as ISO 8601 (UTC). */
  startedAt: number;
  startedAtIso: string;
  durationMs: number;
  /** "m:ss". */
  duration: string;
  kill: boolean;
  /** Percentage remaining; 0 for a kill, since `kill` is authoritative; null when not logged. */
  fightPercentage: number | null;
  /** As logged (a kill's may be above 0). */
  loggedFightPercentage: number | null;
  /** 0 for a kill; null when not logged. */
  bossPercentage: number | null;
  /** Absolute phase index (FFLogs' lastPhaseAsAbsoluteIndex); null when no phase was logged. */
  phaseIndex: number | null;
  /** "P3" or "I2"; null when no phase was logged. */
  phase: string | null;
  isIntermission: boolean;
  /** False when the pull's events were not (all) imported: deaths, first death and wipe type are unknown. */
  eventsComplete: boolean;
  /** Deaths in the pull; null when unknown (no events). */
  deaths: number | null;
  /** The first death; null when nobody died, or when unknown (`eventsComplete` false). */
  firstDeath: FirstDeath | null;
  /** "unknown" when the events are missing. */
  wipeType: WipeType;
  wipeReason: string;
}

/** A pull's row: number, start, duration, kill, fight % remaining, phase reached, first death, wipe type. */
export function toPullRow(p: PreparedPull): PullRow {
  const { pull } = p;
  const kill = pull.kill === true;
  const first = p.hasEvents ? p.digest.deaths[0] : undefined;
  const phase = phaseKnown(pull);
  return {
    reportCode: pull.reportCode,
    fightId: pull.fightId,
    encounterId: pull.encounterId,
    name: pull.name,
    pullNumber: p.pullNumber,
    alsoIn: p.alsoIn,
    sessionKey: p.session.key,
    sessionLabel: p.session.label,
    startedAt: p.startedAt,
    startedAtIso: new Date(p.startedAt).toISOString(),
    durationMs: p.durationMs,
    duration: formatDuration(p.durationMs),
    kill,
    fightPercentage: kill ? 0 : pull.fightPercentage,
    loggedFightPercentage: pull.fightPercentage,
    bossPercentage: kill ? 0 : pull.bossPercentage,
    phaseIndex: phase ? p.absolutePhase : null,
    phase: phase ? p.phaseLabel : null,
    isIntermission: pull.lastPhaseIsIntermission === true,
    eventsComplete: p.hasEvents,
    deaths: p.hasEvents ? p.digest.deaths.length : null,
    firstDeath: first
      ? {
          playerKey: first.player.key,
          player: first.player.label,
          abilityId: first.abilityId,
          abilityName: first.abilityName,
          atMs: first.timestamp - pull.startTime,
          forced: first.forced,
        }
      : null,
    wipeType: p.wipe.type,
    wipeReason: p.wipe.reason,
  };
}

/** The pulls table of one encounter (or every encounter), in time order. */
export function buildPullTable(analysis: Analysis, encounterId?: number): PullRow[] {
  return pullsOf(analysis, encounterId).map(toPullRow);
}

export type RankablePull = Pick<PullRow, "kill" | "phaseIndex" | "fightPercentage" | "bossPercentage" | "durationMs">;

/**
 * Negative when `a` got further than `b`: kill first, then higher absolute phase, less fight %
 * remaining, less boss % remaining, then duration (a faster kill, a longer wipe). 0 is a tie.
 * Ranked by what is known: a figure FFLogs did not log ranks below any logged one (an unknown
 * phase or fight % is never read as P1 or 100 %, nor as better than what was seen).
 */
export function comparePulls(a: RankablePull, b: RankablePull): number {
  if (a.kill !== b.kill) return a.kill ? -1 : 1;
  return (
    known(b.phaseIndex, a.phaseIndex) ||
    known(a.fightPercentage, b.fightPercentage) ||
    known(a.bossPercentage, b.bossPercentage) ||
    (a.kill ? a.durationMs - b.durationMs : b.durationMs - a.durationMs)
  );
}

/** x − y, where null (not logged) ranks after any number. */
function known(x: number | null, y: number | null): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return x - y;
}

/** The pull that got furthest (see comparePulls); on a tie, the earlier one in the list. */
export function findBestPull<T extends RankablePull>(pulls: readonly T[]): T | null {
  let best: T | null = null;
  for (const p of pulls) if (best === null || comparePulls(p, best) < 0) best = p;
  return best;
}

/** "kill in 9:32 (pull 112)" or "P3 with 42.1% remaining (pull 31)". */
export function describePull(row: Pick<PullRow, "kill" | "phase" | "fightPercentage" | "duration" | "pullNumber">): string {
  if (row.kill) return `kill in ${row.duration} (pull ${row.pullNumber})`;
  const remaining = row.fightPercentage === null ? "boss HP not logged" : `${row.fightPercentage.toFixed(1)}% remaining`;
  return `${row.phase ?? "unknown phase"} with ${remaining} (pull ${row.pullNumber})`;
}
