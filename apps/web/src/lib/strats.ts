import type { StratRule } from "@progboard/domain";
import type { Role, Strat } from "./api";

export interface StratDraft {
  mechanicRef: string;
  role: Role | null;
  memberId: number | null;
  notes: string;
  /** What a mistake with it is (mistakes without deaths). */
  rule: StratRule;
  /** For "exactly": the number typed, as text. */
  expectedHits: string;
}

export const EMPTY_STRAT: StratDraft = { mechanicRef: "", role: null, memberId: null, notes: "", rule: "only", expectedHits: "" };

/** The rules as the form offers them. */
export const RULE_LABELS: Record<StratRule, string> = {
  only: "Should hit only its role / player",
  none: "Should hit no one",
  exactly: "Should hit exactly N players",
  debuff: "Failure debuff (name or status id)",
};

export function draftOfStrat(strat: Strat): StratDraft {
  const rule = strat.rule ?? (strat.role === null && strat.memberId === null ? "none" : "only");
  return {
    mechanicRef: strat.mechanicRef,
    role: strat.role,
    memberId: strat.memberId,
    notes: strat.notes ?? "",
    rule,
    expectedHits: strat.expectedHits === null ? "" : String(strat.expectedHits),
  };
}

/** What is missing before strats.upsert would accept the draft, in words; null when it is complete. */
export function validateStrat(draft: StratDraft): string | null {
  if (draft.mechanicRef.trim() === "") return "Name the mechanic: its FFLogs ability id, or what the static calls it.";
  if (draft.rule === "only" && draft.role === null && draft.memberId === null) return "Choose who handles it: a role, a roster member, or both.";
  if (draft.rule === "exactly" && !/^[1-8]$/.test(draft.expectedHits.trim())) return "Say how many players it should hit (1 to 8).";
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
    rule: draft.rule,
    expectedHits: draft.rule === "exactly" ? Number(draft.expectedHits.trim()) : null,
  };
}
