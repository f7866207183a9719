// Session report: one session (a report, or a night) of one encounter.
import { decidingCutoff, firstCountedDeath } from "./digest";
import { compareText, formatDuration, plural, round, sufficiency } from "./format";
import type { AnalysisOptions } from "./options";
import { createPhaseLabeler, phaseSpans } from "./phases";
import type { PlayerRef } from "./players";
import { type Analysis, type ExcludedPulls, excludedPulls, groupBySession, isEligible, type PreparedPull, pullsOf } from "./prepare";
import { findProgPointsReached, type ProgPointReached } from "./prog-points";
import { describePull, findBestPull, type PullRow, toPullRow } from "./pulls";
import type { Sufficiency } from "./types";
import type { WipeType } from "./wipes";

export interface SessionDeaths {
  playerKey: string;
  player: string;
  onRoster: boolean;
  /**
   * Deaths that decided wipes, in eligible pulls: not forced, and no later than the death that
   * decided the wipe (the same cutoff as fault attribution).
   */
  deaths: number;
  /** Deaths after the wipe was decided (the cascade), not forced: shown apart. */
  cascadeDeaths: number;
  /** Deaths to the enrage, in the closing burst, or as the last player alive. */
  forcedDeaths: number;
  /** Pulls where the player's death came first (and was not forced). */
  firstDeaths: number;
  /** Deaths that decided wipes, by killing ability, most first. */
  byAbility: { abilityId: number | null; abilityName: string; count: number }[];
}

export interface SessionPhase {
  phaseIndex: number;
  /** "P3" / "I2". */
  phase: string;
  pullsReached: number;
  /** Total time spent in the phase, over the pulls whose phase transitions are known. */
  timeMs: number;
  time: string;
}

export interface SessionReport extends Sufficiency {
  sessionKey: string;
  sessionLabel: string;
  encounterId: number;
  /** Epoch ms of the first pull's start and the last pull's end; null without pulls. */
  startedAt: number | null;
  endedAt: number | null;
  pulls: PullRow[];
  eligiblePulls: number;
  /** Pulls the death figures leave out, and why. */
  excluded: ExcludedPulls;
  bestPull: PullRow | null;
  wipeTypes: Record<WipeType, number>;
  deathsPerPlayer: SessionDeaths[];
  phases: SessionPhase[];
  progPoints: ProgPointReached[];
  summary: string | null;
}

export interface SessionListing {
  sessionKey: string;
  sessionLabel: string;
  startedAt: number;
  pulls: number;
}

/** The sessions of an encounter (or all), in time order: what a session picker lists. */
export function listSessions(analysis: Analysis, encounterId?: number): SessionListing[] {
  return groupBySession(pullsOf(analysis, encounterId)).map(({ session, pulls }) => ({
    sessionKey: session.key,
    sessionLabel: session.label,
    startedAt: pulls[0]?.startedAt ?? 0,
    pulls: pulls.length,
  }));
}

/** Pulls, best pull, deaths per player, time in each phase and prog points reached in one session. */
export function buildSessionReport(analysis: Analysis, sessionKey: string, encounterId: number): SessionReport {
  const encounterPulls = pullsOf(analysis, encounterId);
  const pulls = encounterPulls.filter((p) => p.session.key === sessionKey);
  const rows = pulls.map(toPullRow);
  const eligible = pulls.filter(isEligible);
  const bestPull = findBestPull(rows);
  const wipeTypes: Record<WipeType, number> = { kill: 0, reset: 0, "dps-check": 0, mechanic: 0, cascade: 0, attrition: 0, other: 0, unknown: 0 };
  for (const p of pulls) wipeTypes[p.wipe.type]++;
  const progPoints = findProgPointsReached(pulls, analysis.config.progPoints, encounterId);
  const last = pulls[pulls.length - 1];
  const enough = sufficiency(eligible.length, analysis.options.minPulls);
  const summary = enough.insufficientData
    ? null
    : [
        `${plural(pulls.length, "pull")} (${plural(wipeTypes.reset, "reset")}, ${plural(wipeTypes.kill, "kill")}).`,
        bestPull ? `Best: ${describePull(bestPull)}.` : null,
        progPoints.length > 0
          ? `Reached ${progPoints.filter((p) => p.pullsReached > 0).length} of ${plural(progPoints.length, "prog point")}.`
          : null,
      ]
        .filter((x) => x !== null)
        .join(" ");
  return {
    sessionKey,
    sessionLabel: pulls[0]?.session.label ?? sessionKey,
    encounterId,
    startedAt: pulls[0]?.startedAt ?? null,
    endedAt: last ? last.startedAt + last.durationMs : null,
    pulls: rows,
    eligiblePulls: eligible.length,
    bestPull,
    wipeTypes,
    excluded: excludedPulls(pulls.filter((p) => p.pull.kill !== true)),
    deathsPerPlayer: deathsPerPlayer(eligible, analysis.options),
    phases: phaseTimes(
      pulls,
      createPhaseLabeler(
        encounterPulls.map((p) => p.pull),
        analysis.options.phaseLayouts[encounterId],
      ),
    ),
    progPoints,
    summary,
    ...enough,
  };
}

interface AbilityCount {
  abilityId: number | null;
  abilityName: string;
  count: number;
}

export function deathsPerPlayer(pulls: readonly PreparedPull[], options: Pick<AnalysisOptions, "faultCutoffDeaths">): SessionDeaths[] {
  const out = new Map<string, Omit<SessionDeaths, "byAbility"> & { abilities: Map<string, AbilityCount> }>();
  const entry = (p: PlayerRef) => {
    let e = out.get(p.key);
    if (!e)
      out.set(
        p.key,
        (e = {
          playerKey: p.key,
          player: p.label,
          onRoster: p.onRoster,
          deaths: 0,
          cascadeDeaths: 0,
          forcedDeaths: 0,
          firstDeaths: 0,
          abilities: new Map(),
        }),
      );
    return e;
  };
  for (const p of pulls) {
    for (const player of p.digest.present.values()) entry(player);
    const first = firstCountedDeath(p.digest);
    const cutoff = decidingCutoff(p.digest, options);
    for (const d of p.digest.deaths) {
      const e = entry(d.player);
      if (d === first) e.firstDeaths++;
      if (d.forced !== null) {
        e.forcedDeaths++;
        continue;
      }
      if (d.timestamp > cutoff) {
        e.cascadeDeaths++;
        continue;
      }
      e.deaths++;
      const key = String(d.abilityId ?? d.abilityName);
      const a = e.abilities.get(key) ?? { abilityId: d.abilityId, abilityName: d.abilityName, count: 0 };
      a.count++;
      e.abilities.set(key, a);
    }
  }
  return [...out.values()]
    .map(({ abilities, ...rest }) => ({
      ...rest,
      byAbility: [...abilities.values()].sort((a, b) => b.count - a.count || compareText(a.abilityName, b.abilityName)),
    }))
    .sort((a, b) => b.deaths - a.deaths || compareText(a.player, b.player));
}

function phaseTimes(pulls: readonly PreparedPull[], label: (index: number) => string): SessionPhase[] {
  const reached = new Map<number, { pulls: number; timeMs: number }>();
  const at = (i: number) => {
    let r = reached.get(i);
    if (!r) reached.set(i, (r = { pulls: 0, timeMs: 0 }));
    return r;
  };
  for (const p of pulls) {
    for (let i = 0; i <= p.absolutePhase; i++) at(i).pulls++;
    for (const span of phaseSpans(p.pull)) at(span.index).timeMs += span.durationMs;
  }
  return [...reached.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, r]) => ({
      phaseIndex: index,
      phase: label(index),
      pullsReached: r.pulls,
      timeMs: round(r.timeMs, 0),
      time: formatDuration(r.timeMs),
    }));
}
