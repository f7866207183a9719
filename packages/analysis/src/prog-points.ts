// Prog points: a named spot in a fight ("P3 Tower 2"), reached by a pull that got past its phase,
// or into its phase and (when the point names an ability) saw that ability. A kill reaches them all.

import { compareText } from "./format";
import type { PreparedPull } from "./prepare";
import { type Analysis, pullsOf } from "./prepare";
import type { ProgPoint } from "./types";

export interface ProgPointReached {
  id: number;
  label: string;
  phaseIndex: number;
  pullsReached: number;
  /** The first pull that got there (prog_points.reached_*), in time order. */
  firstReached: { reportCode: string; fightId: number; pullNumber: number; startedAt: number } | null;
}

/** Whether a pull reached a prog point (rule above). */
export function reachesProgPoint(p: PreparedPull, point: ProgPoint): boolean {
  if (p.pull.kill === true || p.absolutePhase > point.phaseIndex) return true;
  if (p.absolutePhase < point.phaseIndex) return false;
  return point.abilityId === null || p.digest.seen.has(point.abilityId);
}

/** For each prog point of the encounter: how many of the pulls reached it, and the first that did. */
export function findProgPointsReached(pulls: readonly PreparedPull[], points: readonly ProgPoint[], encounterId: number): ProgPointReached[] {
  return points
    .filter((pt) => pt.encounterId === encounterId)
    .sort((a, b) => a.phaseIndex - b.phaseIndex || compareText(a.label, b.label))
    .map((pt) => {
      const reached = pulls.filter((p) => p.pull.encounterId === encounterId && reachesProgPoint(p, pt));
      const first = reached[0];
      return {
        id: pt.id,
        label: pt.label,
        phaseIndex: pt.phaseIndex,
        pullsReached: reached.length,
        firstReached: first
          ? { reportCode: first.pull.reportCode, fightId: first.pull.fightId, pullNumber: first.pullNumber, startedAt: first.startedAt }
          : null,
      };
    });
}

/** Prog points of an encounter over every pull given: what the Progress tab stores as "reached". */
export function buildProgPoints(analysis: Analysis, encounterId: number): ProgPointReached[] {
  return findProgPointsReached(pullsOf(analysis, encounterId), analysis.config.progPoints, encounterId);
}
