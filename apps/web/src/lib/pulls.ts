// The pulls table and what the Progress tab says about a single pull.
import type { PullRow, WipeType } from "./api";
import type { Column } from "./csv";
import { formatClock, formatStamp } from "./dates";

/** Wipe types in the order a reader scans them: the kill, then what ended wipes, resets last. */
export const WIPE_TYPES: readonly { type: WipeType; label: string; color: string }[] = [
  { type: "kill", label: "Kill", color: "#9ece6a" },
  { type: "mechanic", label: "Mechanic", color: "#7aa2f7" },
  { type: "cascade", label: "Cascade", color: "#f7768e" },
  { type: "attrition", label: "Attrition", color: "#e0af68" },
  { type: "dps-check", label: "DPS check", color: "#bb9af7" },
  { type: "other", label: "Other", color: "#7dcfff" },
  { type: "reset", label: "Reset", color: "#6b7280" },
];

export function wipeTypeLabel(type: string): string {
  return WIPE_TYPES.find((w) => w.type === type)?.label ?? type;
}

export type PullOutcome = "kill" | "wipe" | "reset";

export function outcomeOf(pull: Pick<PullRow, "kill" | "wipeType">): PullOutcome {
  return pull.kill ? "kill" : pull.wipeType === "reset" ? "reset" : "wipe";
}

/** "Kill", "P4 23.5%" (the boss's HP left in the phase the pull ended in), or "P4" when HP is unknown. */
export function progressLabel(pull: Pick<PullRow, "kill" | "phase" | "bossPercentage">): string {
  if (pull.kill) return "Kill";
  return pull.bossPercentage === null ? pull.phase : `${pull.phase} ${pull.bossPercentage.toFixed(1)}%`;
}

/**
 * How far a pull got, higher is further: the absolute phase index plus the share of that phase's
 * boss HP taken (so a pull in phase 3 scores 3.00–3.99), a kill `killScore`. It orders pulls like
 * the API's comparePulls (kill, phase, then HP left) and puts each phase on its own band.
 */
export function progressScore(pull: Pick<PullRow, "kill" | "phaseIndex" | "bossPercentage">, killScore: number): number {
  if (pull.kill) return killScore;
  const done = pull.bossPercentage === null ? 0 : 1 - pull.bossPercentage / 100;
  return Math.round((pull.phaseIndex + Math.min(Math.max(done, 0), 0.99)) * 100) / 100;
}

const FORCED: Record<string, string> = { enrage: "Enrage", "wipe-burst": "Closing burst", "last-alive": "Last alive" };

/** A label the analysis gives players it cannot match to the roster (packages/analysis players.ts). */
const UNKNOWN_PLAYER = " (unknown player)";

/** A player as the charts and tables show them: by character name when not on the roster (see isOnRoster). */
export function playerName(label: string): string {
  return label.endsWith(UNKNOWN_PLAYER) ? label.slice(0, -UNKNOWN_PLAYER.length) : label;
}

/**
 * Labels of phases 0..upTo ("P1", "I1", …) from the pulls that ended in them. A phase no pull ended
 * in is worked out when its neighbours allow: between P2 and P3 there can only be intermissions.
 * Otherwise it is "#n", as the API labels it.
 */
export function phaseLabels(pulls: readonly Pick<PullRow, "phaseIndex" | "phase">[], upTo: number): string[] {
  const known = new Map<number, { type: string; n: number }>();
  for (const p of pulls) {
    const match = /^([PI])(\d+)$/.exec(p.phase);
    if (match?.[1] && match[2] && !known.has(p.phaseIndex)) known.set(p.phaseIndex, { type: match[1], n: Number(match[2]) });
  }
  const indexes = [...known.keys()].sort((a, b) => a - b);
  const labels: string[] = [];
  for (let i = 0; i <= upTo; i++) {
    const own = known.get(i);
    if (own) {
      labels.push(`${own.type}${own.n}`);
      continue;
    }
    const below = indexes.filter((k) => k < i).pop();
    const above = indexes.find((k) => k > i);
    const lower = below === undefined ? undefined : known.get(below);
    const upper = above === undefined ? undefined : known.get(above);
    const settled = labels.every((l) => !l.startsWith("#"));
    if (below !== undefined && lower && upper && settled && lower.type === upper.type && upper.n === lower.n + 1) {
      const other = lower.type === "P" ? "I" : "P";
      const before = Math.max(0, ...labels.filter((l) => l.startsWith(other)).map((l) => Number(l.slice(1))));
      labels.push(`${other}${before + 1}`);
    } else {
      labels.push(`#${i + 1}`);
    }
  }
  return labels;
}

/** One decimal, as the chart labels say it ("P4 23.5%"): hundredths of a percent are noise here. */
function percent(value: number): number {
  return Math.round(value * 10) / 10;
}

function firstDeathAt(pull: PullRow): string | null {
  return pull.firstDeath ? formatClock(pull.firstDeath.atMs) : null;
}

/** The pulls table's columns; the CSV download uses the same ones. */
export const PULL_COLUMNS: readonly Column<PullRow>[] = [
  { header: "Pull", value: (p) => p.pullNumber },
  { header: "Started", value: (p) => formatStamp(p.startedAt) },
  { header: "Duration", value: (p) => p.duration },
  { header: "Result", value: (p) => wipeTypeLabel(p.wipeType) },
  { header: "Phase", value: (p) => p.phase },
  { header: "Boss % left", value: (p) => (p.bossPercentage === null ? null : percent(p.bossPercentage)) },
  { header: "Fight % left", value: (p) => percent(p.fightPercentage) },
  { header: "First death", value: (p) => (p.firstDeath ? playerName(p.firstDeath.player) : null) },
  { header: "Died to", value: (p) => p.firstDeath?.abilityName ?? null },
  { header: "At", value: firstDeathAt },
  // A death the analysis counts against nobody: the enrage, the closing burst, the last one standing.
  { header: "Not counted", value: (p) => (p.firstDeath?.forced ? (FORCED[p.firstDeath.forced] ?? p.firstDeath.forced) : null) },
];
