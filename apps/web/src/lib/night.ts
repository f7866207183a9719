// The Night page's pieces as data: FFLogs links, the drill-down's selection, comparison rows and
// CSV columns. Wording is descriptive, never advice (SPEC.md F).
import { isFileReportCode } from "@progboard/domain";
import type { NightBreakdownPhase, NightReport } from "./api";
import type { Column } from "./csv";
import { reportUrl } from "./report-ref";

/** The pull's fight on FFLogs; null for an imported file (a user's claim, not an FFLogs report). */
export function fflogsFightUrl(reportCode: string, fightId: number): string | null {
  if (isFileReportCode(reportCode)) return null;
  return `${reportUrl(reportCode)}#fight=${fightId}`;
}

/** "64%", or "unknown" (never 0) when the session had no pull with a phase. */
export function formatShare(share: number | null): string {
  return share === null ? "unknown" : `${Math.round(share * 100)}%`;
}

/** What the drill-down has open: a phase, then one of its mechanics, then one of its players. */
export interface Drill {
  phase: string | null;
  mechanic: string | null;
  player: string | null;
}

export const NO_DRILL: Drill = { phase: null, mechanic: null, player: null };

const mechanicId = (m: NightBreakdownPhase["mechanics"][number]) => `${m.kind}:${m.cause}`;

export { mechanicId };

/** The pulls behind the deepest step open, and a title for them ("P3 › Pyre Tethers (mistake) › Mira"). */
export function drilledPulls(breakdown: readonly NightBreakdownPhase[], drill: Drill): { title: string; pullNumbers: number[] } | null {
  const phase = breakdown.find((p) => p.phase === drill.phase);
  if (!phase) return null;
  const mechanic = phase.mechanics.find((m) => mechanicId(m) === drill.mechanic);
  if (!mechanic) return { title: phase.phase, pullNumbers: phase.pulls.map((p) => p.pullNumber) };
  const label = `${phase.phase} › ${mechanic.cause}${mechanic.kind === "mistake" ? " (a mistake, no death)" : ""}`;
  const player = mechanic.players.find((p) => (p.playerKey ?? "") === drill.player);
  if (!player) return { title: label, pullNumbers: mechanic.pulls.map((p) => p.pullNumber) };
  return { title: `${label} › ${player.player}`, pullNumbers: player.pulls.map((p) => p.pullNumber) };
}

export type MistakeRow = NightReport["mistakes"]["perPull"][number];

export const MISTAKE_COLUMNS: readonly Column<MistakeRow>[] = [
  { header: "Pull", value: (r) => r.pullNumber },
  { header: "At", value: (r) => formatAt(r.atMs) },
  { header: "Player", value: (r) => r.player ?? "not in the log" },
  { header: "Mechanic", value: (r) => r.abilityName },
  { header: "What happened", value: (r) => r.what },
];

export function formatAt(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export type DeathRow = NightReport["session"]["deathsPerPlayer"][number];

export const NIGHT_DEATH_COLUMNS: readonly Column<DeathRow>[] = [
  { header: "Player", value: (r) => r.player },
  { header: "Deaths that decided wipes", value: (r) => r.deaths },
  { header: "Died first", value: (r) => r.firstDeaths },
  { header: "Deaths after (cascade)", value: (r) => r.cascadeDeaths },
  { header: "Forced (enrage, closing burst)", value: (r) => r.forcedDeaths },
];

/** A previous session's figure beside tonight's: "3 (was 5)". */
export function versus(now: number | string, before: number | string | null): string {
  return before === null ? String(now) : `${now} (was ${before})`;
}
