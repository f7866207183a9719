// Prog curve: the best pull of each session, over time.
import { plural, sufficiency } from "./format";
import { type Analysis, groupBySession, isEligible, pullsOf } from "./prepare";
import { comparePulls, describePull, findBestPull, type PullRow, toPullRow } from "./pulls";
import type { Sufficiency } from "./types";

export interface ProgCurvePoint {
  sessionKey: string;
  sessionLabel: string;
  /** Epoch ms of the session's first pull. */
  startedAt: number;
  pulls: number;
  eligiblePulls: number;
  best: PullRow;
  /** Got further than every earlier session's best. */
  isRecord: boolean;
  /** The best pull up to and including this session. */
  bestSoFar: PullRow;
}

export interface ProgCurve extends Sufficiency {
  encounterId: number;
  points: ProgCurvePoint[];
  best: PullRow | null;
  summary: string | null;
  /** Pulls whose fight % or phase FFLogs did not log: ranked by what is known (kill, phase, boss %). */
  unrankedPulls: number;
  /** Says how pulls with unknown figures were ranked; null when every pull has them. */
  rankingNote: string | null;
}

/** Best pull per session of one encounter (ordered by comparePulls), sessions in time order. */
export function buildProgCurve(analysis: Analysis, encounterId: number): ProgCurve {
  const pulls = pullsOf(analysis, encounterId);
  const points: ProgCurvePoint[] = [];
  let bestSoFar: PullRow | null = null;
  for (const { session, pulls: group } of groupBySession(pulls)) {
    const best = findBestPull(group.map(toPullRow));
    if (!best) continue;
    const isRecord = bestSoFar === null || comparePulls(best, bestSoFar) < 0;
    if (isRecord) bestSoFar = best;
    points.push({
      sessionKey: session.key,
      sessionLabel: session.label,
      startedAt: group[0]?.startedAt ?? best.startedAt,
      pulls: group.length,
      eligiblePulls: group.filter(isEligible).length,
      best,
      isRecord,
      bestSoFar: bestSoFar ?? best,
    });
  }
  const enough = sufficiency(pulls.filter(isEligible).length, analysis.options.minPulls);
  const records = points.filter((p) => p.isRecord).length;
  const summary =
    enough.insufficientData || !bestSoFar ? null : `Best: ${describePull(bestSoFar)}. New best in ${records} of ${plural(points.length, "session")}.`;
  const rows = pulls.map(toPullRow).filter((r) => !r.kill && (r.fightPercentage === null || r.phase === null));
  const rankingNote =
    rows.length === 0
      ? null
      : `${plural(rows.length, "pull")} without a logged ${rows.every((r) => r.phase !== null) ? "fight %" : "phase or fight %"}: ranked by what is known (kill, then phase, then boss %), below pulls where it is known.`;
  return { encounterId, points, best: bestSoFar, summary, unrankedPulls: rows.length, rankingNote, ...enough };
}
