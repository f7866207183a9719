// Descriptive wording shared by every summary: counts and facts, never advice.
import type { Sufficiency } from "./types";

/** "m:ss" (or "h:mm:ss") for a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "1 pull", "3 pulls". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Rounds for display and JSON (no 0.30000000000000004 in a CSV). */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function formatPercent(remaining: number): string {
  return `${remaining.toFixed(1)}%`;
}

/** The one shape of "Insufficient data": enough when `count >= min`. */
export function sufficiency(count: number, min: number, noun = "eligible pull"): Sufficiency {
  if (count >= min) return { insufficientData: false, message: null };
  return { insufficientData: true, message: `Insufficient data: ${plural(count, noun)} (at least ${min} needed).` };
}

/** "1.2 s", for windows shorter than a minute. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// One collator for every sort by name: String.prototype.localeCompare looks one up per call,
// which thousands of pulls' tie-breaks make measurable.
const collator = new Intl.Collator();

/** Orders names as localeCompare does (the runtime's default locale). */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}
