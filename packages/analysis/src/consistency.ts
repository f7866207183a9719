// Consistency: deaths per eligible pull per player, and how it moves over sessions.
// Eligible: any pull but a reset, the player being in it. Deaths: the player's deaths that decided
// the wipe: not forced (enrage, closing burst, last alive; see digest.ts), so an enrage does not add
// one to all, and no later than the deciding death (fault attribution's cutoff), so the cascade
// after it does not either; those are counted apart (`cascadeDeaths`).
import { decidingCutoff, firstCountedDeath } from "./digest";
import { compareText, plural, round, sufficiency } from "./format";
import type { AnalysisOptions } from "./options";
import type { PlayerRef } from "./players";
import { type Analysis, type ExcludedPulls, excludedPulls, groupBySession, isEligible, type PreparedPull, pullsOf } from "./prepare";
import type { Sufficiency } from "./types";

export interface SessionConsistency extends Sufficiency {
  sessionKey: string;
  sessionLabel: string;
  eligiblePulls: number;
  deaths: number;
  cascadeDeaths: number;
  firstDeaths: number;
  /** null when the session has too few eligible pulls for this player. */
  deathsPerPull: number | null;
}

export interface ConsistencyTrend {
  /** From the least-squares slope over the sessions with enough pulls. */
  direction: "fewer" | "more" | "steady";
  /** Change in deaths per pull per session. */
  slopePerSession: number;
  /** Deaths per pull in the first and the last of those sessions. */
  from: number;
  to: number;
  sessions: number;
}

export interface PlayerConsistency extends Sufficiency {
  playerKey: string;
  player: string;
  onRoster: boolean;
  eligiblePulls: number;
  deaths: number;
  cascadeDeaths: number;
  firstDeaths: number;
  deathsPerPull: number | null;
  sessions: SessionConsistency[];
  trend: ConsistencyTrend | null;
  /** Why there is no trend, when there is none. */
  trendMessage: string | null;
  summary: string | null;
}

export interface ConsistencyReport extends Sufficiency {
  players: PlayerConsistency[];
  /** Pulls the figures leave out, and why. */
  excluded: ExcludedPulls;
}

/** Sessions (with enough pulls each) needed before a trend is stated. */
export const MIN_TREND_SESSIONS = 3;
// A change under this many deaths per pull, first session to last, reads as steady.
const STEADY_CHANGE = 0.1;

interface Tally {
  eligiblePulls: number;
  deaths: number;
  /** Deaths after the wipe was decided (not forced). */
  cascadeDeaths: number;
  firstDeaths: number;
}

/** Deaths per eligible pull for each player, overall and per session, with its trend over sessions. */
export function buildConsistency(analysis: Analysis, encounterId?: number): ConsistencyReport {
  const min = analysis.options.minPulls;
  const eligible = pullsOf(analysis, encounterId).filter(isEligible);
  const sessions = groupBySession(eligible).map(({ session, pulls }) => ({ session, tallies: tally(pulls, analysis.options) }));
  const overall = tally(eligible, analysis.options);
  const players = [...overall.entries()].map(([key, { player, ...t }]): PlayerConsistency => {
    const perSession = sessions.flatMap(({ session, tallies }): SessionConsistency[] => {
      const s = tallies.get(key);
      if (!s) return [];
      const enough = sufficiency(s.eligiblePulls, min);
      const deathsPerPull = enough.insufficientData ? null : round(s.deaths / s.eligiblePulls);
      return [
        {
          sessionKey: session.key,
          sessionLabel: session.label,
          eligiblePulls: s.eligiblePulls,
          deaths: s.deaths,
          cascadeDeaths: s.cascadeDeaths,
          firstDeaths: s.firstDeaths,
          deathsPerPull,
          ...enough,
        },
      ];
    });
    const enough = sufficiency(t.eligiblePulls, min);
    const trend = findTrend(perSession);
    const trendMessage = trend
      ? null
      : `Insufficient data: ${plural(perSession.filter((s) => s.deathsPerPull !== null).length, "session")} with at least ${min} eligible pulls (at least ${MIN_TREND_SESSIONS} needed for a trend).`;
    const deathsPerPull = enough.insufficientData ? null : round(t.deaths / t.eligiblePulls);
    const summary = enough.insufficientData
      ? null
      : [
          `${player.label} died ${plural(t.deaths, "time")} before a wipe was decided in ${plural(t.eligiblePulls, "eligible pull")} (${deathsPerPull} per pull), and ${t.cascadeDeaths} more after; died first on ${t.firstDeaths} of ${t.eligiblePulls}.`,
          trend ? `Deaths per pull: ${trend.from} in the first of ${plural(trend.sessions, "session")}, ${trend.to} in the last.` : null,
        ]
          .filter((x) => x !== null)
          .join(" ");
    return {
      playerKey: key,
      player: player.label,
      onRoster: player.onRoster,
      ...t,
      deathsPerPull,
      sessions: perSession,
      trend,
      trendMessage,
      summary,
      ...enough,
    };
  });
  players.sort((a, b) => compareText(a.player, b.player));
  return {
    players,
    excluded: excludedPulls(pullsOf(analysis, encounterId).filter((p) => p.pull.kill !== true)),
    ...sufficiency(eligible.length, min),
  };
}

function tally(pulls: readonly PreparedPull[], options: Pick<AnalysisOptions, "faultCutoffDeaths">): Map<string, Tally & { player: PlayerRef }> {
  const out = new Map<string, Tally & { player: PlayerRef }>();
  for (const p of pulls) {
    const inPull = new Set<string>();
    for (const player of p.digest.present.values()) {
      if (inPull.has(player.key)) continue;
      inPull.add(player.key);
      const t = out.get(player.key) ?? { player, eligiblePulls: 0, deaths: 0, cascadeDeaths: 0, firstDeaths: 0 };
      t.eligiblePulls++;
      out.set(player.key, t);
    }
    const cutoff = decidingCutoff(p.digest, options);
    for (const d of p.digest.deaths) {
      const t = out.get(d.player.key);
      if (!t || d.forced !== null) continue;
      if (d.timestamp > cutoff) t.cascadeDeaths++;
      else t.deaths++;
    }
    const first = firstCountedDeath(p.digest);
    const t = first && out.get(first.player.key);
    if (t) t.firstDeaths++;
  }
  return out;
}

/** Least-squares slope of deaths per pull over the sessions that have a rate; null below MIN_TREND_SESSIONS. */
export function findTrend(sessions: readonly Pick<SessionConsistency, "deathsPerPull">[]): ConsistencyTrend | null {
  const ys = sessions.flatMap((s) => (s.deathsPerPull === null ? [] : [s.deathsPerPull]));
  const n = ys.length;
  const first = ys[0];
  const last = ys[n - 1];
  if (n < MIN_TREND_SESSIONS || first === undefined || last === undefined) return null;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const slope = den === 0 ? 0 : num / den;
  const change = slope * (n - 1);
  const direction = Math.abs(change) < STEADY_CHANGE ? "steady" : change < 0 ? "fewer" : "more";
  return { direction, slopePerSession: round(slope, 3), from: first, to: last, sessions: n };
}
