import { useState } from "react";
import type { AnalysedEncounter } from "./api";

export interface ScopeChoice {
  encounterId: number | null;
  /** null: every session. */
  sessionKey: string | null;
}

// What was picked in Progress or Analysis, per static, kept while moving between tabs (they
// remount) for as long as the page is open.
const remembered = new Map<number, ScopeChoice>();

export function useScopeChoice(staticId: number): [ScopeChoice, (choice: ScopeChoice) => void] {
  const [choice, setChoice] = useState<ScopeChoice>(() => remembered.get(staticId) ?? { encounterId: null, sessionKey: null });
  return [
    choice,
    (next) => {
      remembered.set(staticId, next);
      setChoice(next);
    },
  ];
}

/** The encounter to show: the one picked if it still has pulls, else the one with the most pulls. */
export function pickEncounter(encounters: readonly AnalysedEncounter[], chosen: number | null): AnalysedEncounter | null {
  const picked = encounters.find((e) => e.encounterId === chosen);
  if (picked) return picked;
  return encounters.reduce<AnalysedEncounter | null>((best, e) => (best === null || e.pulls > best.pulls ? e : best), null);
}
