import type { Role, Strat } from "./api";

export interface StratDraft {
  mechanicRef: string;
  role: Role | null;
  memberId: number | null;
  notes: string;
}

export const EMPTY_STRAT: StratDraft = { mechanicRef: "", role: null, memberId: null, notes: "" };

export function draftOfStrat(strat: Strat): StratDraft {
  return { mechanicRef: strat.mechanicRef, role: strat.role, memberId: strat.memberId, notes: strat.notes ?? "" };
}

/** What is missing before strats.upsert would accept the draft, in words; null when it is complete. */
export function validateStrat(draft: StratDraft): string | null {
  if (draft.mechanicRef.trim() === "") return "Name the mechanic: its FFLogs ability id, or what the static calls it.";
  if (draft.role === null && draft.memberId === null) return "Choose who handles it: a role, a roster member, or both.";
  return null;
}

/**
 * The upsert input. An upsert replaces the whole assignment, so every field is sent, cleared ones
 * as null.
 */
export function stratInput(encounterId: number, draft: StratDraft) {
  const notes = draft.notes.trim();
  return {
    encounterId,
    mechanicRef: draft.mechanicRef.trim(),
    role: draft.role,
    memberId: draft.memberId,
    notes: notes === "" ? null : notes,
  };
}
