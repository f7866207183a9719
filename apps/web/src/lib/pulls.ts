// The pulls table and what the Progress tab says about a single pull.
import { type KnownPhase, phaseNames, reportCodeForDisplay } from "@progboard/domain";
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
  // A pull without its events: how it ended is not known.
  { type: "unknown", label: "Unknown (no events)", color: "#a9b1d6" },
];

/** What a table cell says for a figure FFLogs did not give or progboard did not ingest. */
export const UNKNOWN = "unknown";

export function wipeTypeLabel(type: string): string {
  return WIPE_TYPES.find((w) => w.type === type)?.label ?? type;
}

/** "unknown": a wipe whose phase FFLogs did not log, drawn apart (its progress is not known). */
export type PullOutcome = "kill" | "wipe" | "reset" | "unknown";

export function outcomeOf(pull: Pick<PullRow, "kill" | "wipeType" | "phaseIndex">): PullOutcome {
  if (pull.kill) return "kill";
  if (pull.phaseIndex === null) return "unknown";
  return pull.wipeType === "reset" ? "reset" : "wipe";
}

/** "Kill", "P4 23.5%" (the boss's HP left in the phase the pull ended in), "P4, HP unknown", or "Phase unknown". */
export function progressLabel(pull: Pick<PullRow, "kill" | "phase" | "bossPercentage">): string {
  if (pull.kill) return "Kill";
  if (pull.phase === null) return "Phase unknown";
  return pull.bossPercentage === null ? `${pull.phase}, HP unknown` : `${pull.phase} ${pull.bossPercentage.toFixed(1)}%`;
}

/**
 * How far a pull got, higher is further: the absolute phase index plus the share of that phase's
 * boss HP taken (so a pull in phase 3 scores 3.00–3.99), a kill `killScore`. It orders pulls like
 * the API's comparePulls (kill, phase, then HP left) and puts each phase on its own band.
 */
export function progressScore(pull: Pick<PullRow, "kill" | "phaseIndex" | "bossPercentage">, killScore: number): number {
  if (pull.kill) return killScore;
  // Not logged: drawn at the floor, apart from the others (outcome "unknown"), never as P1.
  if (pull.phaseIndex === null) return 0;
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
 * Labels of phases 0..upTo ("P1", "I1", …) from the pulls that ended in them; a phase no pull ended
 * in is worked out from its neighbours (domain's phaseNames, as the API names them: never "#n").
 */
export function phaseLabels(pulls: readonly Pick<PullRow, "phaseIndex" | "phase">[], upTo: number): string[] {
  const known = new Map<number, KnownPhase>();
  for (const p of pulls) {
    if (p.phase === null || p.phaseIndex === null) continue;
    const match = /^([PI])(\d+)$/.exec(p.phase);
    if (match?.[2] && !known.has(p.phaseIndex)) known.set(p.phaseIndex, { isIntermission: match[1] === "I", n: Number(match[2]) });
  }
  return phaseNames(known, upTo);
}

/** One decimal, as the chart labels say it ("P4 23.5%"): hundredths of a percent are noise here. */
function percent(value: number): number {
  return Math.round(value * 10) / 10;
}

function firstDeathAt(pull: PullRow): string | null {
  if (!pull.eventsComplete) return UNKNOWN;
  return pull.firstDeath ? formatClock(pull.firstDeath.atMs) : null;
}

/** The first death's player (or ability), "unknown" without the pull's events, empty when nobody died. */
function firstDeathCell(pull: PullRow, pick: (death: NonNullable<PullRow["firstDeath"]>) => string): string | null {
  if (!pull.eventsComplete) return UNKNOWN;
  return pull.firstDeath ? pick(pull.firstDeath) : null;
}

/** The pulls table's columns; the CSV download uses the same ones. */
export const PULL_COLUMNS: readonly Column<PullRow>[] = [
  { header: "Pull", value: (p) => p.pullNumber },
  { header: "Started", value: (p) => formatStamp(p.startedAt) },
  { header: "Duration", value: (p) => p.duration },
  { header: "Result", value: (p) => wipeTypeLabel(p.wipeType) },
  { header: "Phase", value: (p) => p.phase ?? UNKNOWN },
  { header: "Boss % left", value: (p) => (p.bossPercentage === null ? UNKNOWN : percent(p.bossPercentage)) },
  { header: "Fight % left", value: (p) => (p.fightPercentage === null ? UNKNOWN : percent(p.fightPercentage)) },
  { header: "Deaths", value: (p) => p.deaths ?? UNKNOWN },
  { header: "First death", value: (p) => firstDeathCell(p, (d) => playerName(d.player)) },
  { header: "Died to", value: (p) => firstDeathCell(p, (d) => d.abilityName) },
  { header: "At", value: firstDeathAt },
  // A death the analysis counts against nobody: the enrage, the closing burst, the last one standing.
  { header: "Not counted", value: (p) => (p.firstDeath?.forced ? (FORCED[p.firstDeath.forced] ?? p.firstDeath.forced) : null) },
  // The same pull logged by another member: counted once, here.
  { header: "Also in", value: (p) => (p.alsoIn.length > 0 ? `also in report ${p.alsoIn.map(reportCodeForDisplay).join(", ")}` : null) },
];
