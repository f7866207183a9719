// Phase labels ("P3", "I2") and time spent per phase.
//
// FFLogs gives three numbers for the phase a pull ended in: `lastPhaseAsAbsoluteIndex` (phases and
// intermissions counted together from 0), `lastPhase` (counted from 1 separately per type) and
// `lastPhaseIsIntermission`. The label is the type's letter (P or I) and its count within the type:
// - with the encounter's layout (isIntermission per absolute index), we count along the layout up
//   to the absolute index: exact;
// - without it, FFLogs' `lastPhase` already is that count, so the label is P/I + lastPhase;
// - single-phase encounters report lastPhase 0 and no absolute index: "P1".
import { type KnownPhase, phaseNames } from "@progboard/domain";
import type { Pull } from "./types";

type PhaseFields = Pick<Pull, "lastPhase" | "lastPhaseAbsoluteIndex" | "lastPhaseIsIntermission">;

/** The absolute phase index a pull reached: lastPhaseAbsoluteIndex, else lastPhase − 1, else 0. */
export function absolutePhase(pull: PhaseFields): number {
  if (pull.lastPhaseAbsoluteIndex !== null) return pull.lastPhaseAbsoluteIndex;
  // Without the absolute index (older logs) lastPhase − 1 is exact only when no intermission came first.
  return Math.max(0, (pull.lastPhase ?? 1) - 1);
}

/** Whether FFLogs logged the phase a pull ended in at all (else its phase is unknown, not "P1"). */
export function phaseKnown(pull: PhaseFields): boolean {
  return pull.lastPhaseAbsoluteIndex !== null || pull.lastPhase !== null;
}

/** "P3" / "I2" for the phase a pull ended in (see the rules above). */
export function phaseLabel(pull: PhaseFields, layout?: readonly boolean[]): string {
  const abs = pull.lastPhaseAbsoluteIndex;
  if (layout && abs !== null && abs < layout.length) return labelFromLayout(abs, layout);
  const prefix = pull.lastPhaseIsIntermission ? "I" : "P";
  if (pull.lastPhase !== null && pull.lastPhase >= 1) return `${prefix}${pull.lastPhase}`;
  return `${prefix}${(abs ?? 0) + 1}`;
}

function labelFromLayout(abs: number, layout: readonly boolean[]): string {
  const isIntermission = layout[abs] ?? false;
  let count = 0;
  for (let i = 0; i <= abs; i++) if ((layout[i] ?? false) === isIntermission) count++;
  return `${isIntermission ? "I" : "P"}${count}`;
}

/**
 * Labels any absolute index of one encounter: from the layout when known, else worked out from the
 * labels of the pulls that ended in each phase (domain's phaseNames: never "#n").
 */
export function createPhaseLabeler(pulls: readonly PhaseFields[], layout?: readonly boolean[]): (index: number) => string {
  const known = new Map<number, KnownPhase>();
  for (const p of pulls) {
    if (!phaseKnown(p)) continue;
    const abs = p.lastPhaseAbsoluteIndex ?? absolutePhase(p);
    const match = /^([PI])(\d+)$/.exec(phaseLabel(p, layout));
    if (match?.[2] && !known.has(abs)) known.set(abs, { isIntermission: match[1] === "I", n: Number(match[2]) });
  }
  let names: string[] = [];
  return (index) => {
    if (layout && index < layout.length) return labelFromLayout(index, layout);
    if (index >= names.length) names = phaseNames(known, index);
    return names[index] ?? `P${index + 1}`;
  };
}

export interface PhaseSpan {
  /** Absolute phase index. */
  index: number;
  /** ms from the pull's start. */
  startMs: number;
  durationMs: number;
}

/**
 * Time spent in each phase of one pull, from `phaseTransitions` (a transition's 1-indexed id is the
 * absolute index + 1). Without transitions only a pull that stayed in the first phase has a span:
 * for a later phase we know it was reached, not when.
 */
export function phaseSpans(pull: Pick<Pull, "startTime" | "endTime" | "phaseTransitions"> & PhaseFields): PhaseSpan[] {
  const duration = Math.max(0, pull.endTime - pull.startTime);
  const transitions = [...(pull.phaseTransitions ?? [])].sort((a, b) => a.startTime - b.startTime);
  if (transitions.length === 0) return absolutePhase(pull) === 0 ? [{ index: 0, startMs: 0, durationMs: duration }] : [];
  const spans: PhaseSpan[] = [];
  const first = transitions[0];
  if (first && first.startTime > pull.startTime) {
    spans.push({ index: Math.max(0, first.id - 2), startMs: 0, durationMs: clamp(first.startTime - pull.startTime, duration) });
  }
  transitions.forEach((t, i) => {
    const start = clamp(t.startTime - pull.startTime, duration);
    const end = clamp((transitions[i + 1]?.startTime ?? pull.endTime) - pull.startTime, duration);
    spans.push({ index: Math.max(0, t.id - 1), startMs: start, durationMs: Math.max(0, end - start) });
  });
  return spans;
}

function clamp(ms: number, max: number): number {
  return Math.min(Math.max(ms, 0), max);
}
