// The prog point form: the same rules as progPoints.create on the server (packages/api
// router/inputs.ts: label 1–100 characters, phase index 0–99, ability id a positive id), with the
// numbers from @progboard/domain.
import { LIMITS } from "@progboard/domain";
import type { PullRow } from "./api";
import { phaseLabels } from "./pulls";

export interface ProgPointDraft {
  label: string;
  phaseIndex: number;
  /** Typed by hand; empty for "the phase itself". */
  abilityId: string;
}

/** Phases offered past the furthest reached, for milestones still ahead. */
const PHASES_AHEAD = 3;

/** The create input, or what is wrong with the draft in words. */
export function progPointInput(
  encounterId: number,
  draft: ProgPointDraft,
): { input: { encounterId: number; label: string; phaseIndex: number; abilityId?: number } } | { error: string } {
  const label = draft.label.trim();
  if (label === "") return { error: 'Name the prog point, e.g. "P3 Towers".' };
  if (label.length > LIMITS.progPointLabel.maxLength)
    return { error: `A prog point's name is at most ${LIMITS.progPointLabel.maxLength} characters.` };
  const ability = draft.abilityId.trim();
  if (ability === "") return { input: { encounterId, label, phaseIndex: draft.phaseIndex } };
  const abilityId = /^\d+$/.test(ability) ? Number(ability) : NaN;
  if (!(abilityId > 0 && abilityId <= LIMITS.id.max)) return { error: "An ability id is a positive whole number, as FFLogs shows it." };
  return { input: { encounterId, label, phaseIndex: draft.phaseIndex, abilityId } };
}

/**
 * The phases a prog point can be set in: every phase up to the furthest reached, labelled as the
 * pulls allow ("P3", "I2"), then a few not reached yet.
 */
export function phaseOptions(pulls: readonly Pick<PullRow, "phaseIndex" | "phase">[]): { value: number; label: string }[] {
  const furthest = Math.max(-1, ...pulls.map((p) => p.phaseIndex ?? -1));
  const labels = phaseLabels(pulls, Math.min(LIMITS.phaseIndex.max, furthest + PHASES_AHEAD));
  return labels.map((label, i) => ({
    value: i,
    label: i > furthest ? `${label}, not reached yet` : label,
  }));
}

/** "P3" for a phase index, as the pulls allow (worked out where no pull ended there). */
export function phaseName(pulls: readonly Pick<PullRow, "phaseIndex" | "phase">[], phaseIndex: number): string {
  return phaseLabels(pulls, phaseIndex)[phaseIndex] ?? `P${phaseIndex + 1}`;
}
