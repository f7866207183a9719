// The pulls table, and the order that says which of two pulls got further.
import type { ForcedReason } from "./digest";
import { formatDuration } from "./format";
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
  sessionKey: string;
  sessionLabel: string;
  /** Epoch ms, and the same instant as ISO 8601 (UTC). */
  startedAt: number;
  startedAtIso: string;
  durationMs: number;
  /** "m:ss". */
  duration: string;
  kill: boolean;
  /** Percentage remaining; 0 for a kill, since `kill` is authoritative. */
  fightPercentage: number;
  /** As logged (a kill's may be above 0). */
  loggedFightPercentage: number | null;
  /** 0 for a kill; null when not logged. */
  bossPercentage: number | null;
  /** Absolute phase index (FFLogs' lastPhaseAsAbsoluteIndex). */
  phaseIndex: number;
  /** "P3" or "I2". */
  phase: string;
  isIntermission: boolean;
  firstDeath: FirstDeath | null;
  wipeType: WipeType;
  wipeReason: string;
}

/** A pull's row: number, start, duration, kill, fight % remaining, phase reached, first death, wipe type. */
export function toPullRow(p: PreparedPull): PullRow {
  const { pull } = p;
  const kill = pull.kill === true;
  const first = p.digest.deaths[0];
  return {
    reportCode: pull.reportCode,
    fightId: pull.fightId,
    encounterId: pull.encounterId,
    name: pull.name,
    pullNumber: p.pullNumber,
    sessionKey: p.session.key,
    sessionLabel: p.session.label,
    startedAt: p.startedAt,
    startedAtIso: new Date(p.startedAt).toISOString(),
    durationMs: p.durationMs,
    duration: formatDuration(p.durationMs),
    kill,
    fightPercentage: kill ? 0 : (pull.fightPercentage ?? 100),
    loggedFightPercentage: pull.fightPercentage,
    bossPercentage: kill ? 0 : pull.bossPercentage,
    phaseIndex: p.absolutePhase,
    phase: p.phaseLabel,
    isIntermission: pull.lastPhaseIsIntermission === true,
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
 */
export function comparePulls(a: RankablePull, b: RankablePull): number {
  if (a.kill !== b.kill) return a.kill ? -1 : 1;
  return (
    b.phaseIndex - a.phaseIndex ||
    a.fightPercentage - b.fightPercentage ||
    (a.bossPercentage ?? 100) - (b.bossPercentage ?? 100) ||
    (a.kill ? a.durationMs - b.durationMs : b.durationMs - a.durationMs)
  );
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
  return `${row.phase} with ${row.fightPercentage.toFixed(1)}% remaining (pull ${row.pullNumber})`;
}
