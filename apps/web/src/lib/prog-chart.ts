// The prog curve as drawn: every pull by how far it got, the best so far, each session's best
// labelled, and the static's prog points. Pure, so the chart, its table and its CSV agree.
import type { ProgCurve, PullRow } from "./api";
import type { Column } from "./csv";
import { formatStamp } from "./dates";
import { outcomeOf, type PullOutcome, phaseLabels, progressLabel, progressScore } from "./pulls";

export interface ProgressPoint {
  pullNumber: number;
  sessionKey: string;
  session: string;
  startedAt: number;
  outcome: PullOutcome;
  label: string;
  score: number;
  /** The highest score up to and including this pull. */
  bestSoFar: number;
  isSessionBest: boolean;
  /** A session best that got further than every earlier session's. */
  isRecord: boolean;
}

/** A horizontal band of the chart: one phase (by absolute index), or the kill above them all. */
export interface ProgressBand {
  from: number;
  label: string;
  isIntermission: boolean;
}

export interface ProgressChart {
  points: ProgressPoint[];
  bands: ProgressBand[];
  /** Top of the y axis. */
  yMax: number;
  sessions: { key: string; name: string; firstPull: number; lastPull: number }[];
  progPoints: { label: string; score: number }[];
}

/** Phases up to the furthest reached (or the highest prog point), labelled as the pulls allow. */
function phaseBands(pulls: readonly PullRow[], highest: number): ProgressBand[] {
  return phaseLabels(pulls, highest).map((label, i) => ({ from: i, label, isIntermission: label.startsWith("I") }));
}

export function buildProgressChart(
  pulls: readonly PullRow[],
  curve: Pick<ProgCurve, "points">,
  progPoints: readonly { label: string; phaseIndex: number }[],
  sessionNames: ReadonlyMap<string, string>,
): ProgressChart {
  const highest = Math.max(0, ...pulls.map((p) => p.phaseIndex ?? 0), ...progPoints.map((p) => p.phaseIndex));
  const bands = phaseBands(pulls, highest);
  const hasKill = pulls.some((p) => p.kill);
  // The kill sits in the middle of a band of its own, above every phase.
  const killScore = highest + 1.5;
  if (hasKill) bands.push({ from: highest + 1, label: "Kill", isIntermission: false });

  const sessionBest = new Map(curve.points.map((p) => [p.best.pullNumber, p.isRecord]));
  let best = -Infinity;
  const points = pulls.map((p): ProgressPoint => {
    const score = progressScore(p, killScore);
    // A pull whose phase is unknown says nothing about the best so far.
    if (p.kill || p.phaseIndex !== null) best = Math.max(best, score);
    return {
      pullNumber: p.pullNumber,
      sessionKey: p.sessionKey,
      session: sessionNames.get(p.sessionKey) ?? p.sessionLabel,
      startedAt: p.startedAt,
      outcome: outcomeOf(p),
      label: progressLabel(p),
      score,
      bestSoFar: Number.isFinite(best) ? best : 0,
      isSessionBest: sessionBest.has(p.pullNumber),
      isRecord: sessionBest.get(p.pullNumber) === true,
    };
  });

  const sessions: ProgressChart["sessions"] = [];
  for (const p of points) {
    const last = sessions[sessions.length - 1];
    if (last && last.key === p.sessionKey) last.lastPull = p.pullNumber;
    else sessions.push({ key: p.sessionKey, name: p.session, firstPull: p.pullNumber, lastPull: p.pullNumber });
  }

  return {
    points,
    bands,
    yMax: bands.length,
    sessions,
    progPoints: progPoints.map((p) => ({ label: p.label, score: p.phaseIndex })),
  };
}

/** The chart's data as a table and CSV: one row per pull drawn. */
export const PROGRESS_COLUMNS: readonly Column<ProgressPoint>[] = [
  { header: "Pull", value: (p) => p.pullNumber },
  { header: "Session", value: (p) => p.session },
  { header: "Started", value: (p) => formatStamp(p.startedAt) },
  { header: "Outcome", value: (p) => p.outcome },
  { header: "Reached", value: (p) => p.label },
  { header: "Progress score", value: (p) => (p.outcome === "unknown" ? "unknown" : p.score) },
  { header: "Best so far", value: (p) => p.bestSoFar },
  { header: "Session best", value: (p) => (p.isSessionBest ? (p.isRecord ? "new best" : "yes") : null) },
];

/** "Best: P4 23.5% on pull 27 (Mon, Jan 6). New best in 3 of 5 sessions." */
export function describeProgress(chart: ProgressChart): string | null {
  const top = chart.points.reduce<ProgressPoint | null>((a, p) => (p.outcome !== "unknown" && (a === null || p.score > a.score) ? p : a), null);
  if (!top) return null;
  const records = chart.points.filter((p) => p.isRecord).length;
  const sessions = chart.sessions.length;
  const best = `Best: ${top.label === "Kill" ? "kill" : top.label} on pull ${top.pullNumber} (${top.session}).`;
  return sessions > 1 ? `${best} New best in ${records} of ${sessions} sessions.` : best;
}
