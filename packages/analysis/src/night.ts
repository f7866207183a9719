// The Night page (SPEC.md F): one session as raiders write it up, compared with the session before,
// with wipes broken down by phase → the mechanic that decided them → who failed it, and the
// mistakes nobody died to. Plain JSON throughout: it is also what a snapshot stores.
import { decidingCutoff, firstCountedDeath } from "./digest";
import { compareText, formatDuration, plural, round } from "./format";
import type { Mistake } from "./mistakes";
import type { AnalysisOptions } from "./options";
import { createPhaseLabeler } from "./phases";
import { type Analysis, groupBySession, type PreparedPull, pullsOf } from "./prepare";
import { findProgPointsReached } from "./prog-points";
import { comparePulls, describePull, findBestPull, type PullRow, toPullRow } from "./pulls";
import { buildSessionReport, type SessionReport } from "./session-report";

/** Which pulls stand behind a figure, so every step of a breakdown can list them. */
export interface PullLink {
  reportCode: string;
  fightId: number;
  pullNumber: number;
}

/** What decided a wipe: the first mistake or counted death before the cutoff, or how it ended. */
export interface WipeCause {
  /** The mechanic ("Pyre Tethers"), or "Enrage" / "No death" for wipes without one. */
  cause: string;
  /** Who failed it; null when nobody in particular did (the enrage, a called wipe). */
  playerKey: string | null;
  player: string | null;
  /** "mistake": a hit or debuff nobody died to came first; "death": a counted death. */
  kind: "mistake" | "death" | "enrage" | "none";
}

/** The cause of a wipe; null for a kill, a reset, or a pull whose events are missing (unknown). */
export function wipeCause(p: PreparedPull, options: Pick<AnalysisOptions, "faultCutoffDeaths">): WipeCause | null {
  if (p.pull.kill === true || !p.hasEvents || p.wipe.type === "reset" || p.wipe.type === "unknown") return null;
  const first = firstCountedDeath(p.digest);
  const cutoff = first ? decidingCutoff(p.digest, options) : Number.POSITIVE_INFINITY;
  const mistake = p.mistakes.find((m) => m.timestamp <= Math.min(cutoff, first?.timestamp ?? Number.POSITIVE_INFINITY));
  if (mistake) return { cause: mistake.abilityName, playerKey: mistake.playerKey, player: mistake.player, kind: "mistake" };
  if (first) return { cause: first.abilityName, playerKey: first.player.key, player: first.player.label, kind: "death" };
  if (p.wipe.type === "dps-check") return { cause: p.digest.enrageName ?? "Enrage", playerKey: null, player: null, kind: "enrage" };
  return { cause: "No death before the wipe", playerKey: null, player: null, kind: "none" };
}

export interface BreakdownPlayer {
  playerKey: string | null;
  player: string;
  wipes: number;
  pulls: PullLink[];
}

export interface BreakdownMechanic {
  cause: string;
  kind: WipeCause["kind"];
  wipes: number;
  pulls: PullLink[];
  players: BreakdownPlayer[];
}

export interface BreakdownPhase {
  phaseIndex: number | null;
  /** "P3", or "Phase unknown". */
  phase: string;
  wipes: number;
  pulls: PullLink[];
  mechanics: BreakdownMechanic[];
}

const link = (p: PreparedPull): PullLink => ({ reportCode: p.pull.reportCode, fightId: p.pull.fightId, pullNumber: p.pullNumber });

/** Wipes by the phase they ended in, then the mechanic that decided them, then who failed it; most first. */
export function buildWipeBreakdown(pulls: readonly PreparedPull[], options: Pick<AnalysisOptions, "faultCutoffDeaths">): BreakdownPhase[] {
  const phases = new Map<string, BreakdownPhase>();
  for (const p of pulls) {
    const cause = wipeCause(p, options);
    if (!cause) continue;
    const row = toPullRow(p);
    const phaseKey = row.phase ?? "Phase unknown";
    let phase = phases.get(phaseKey);
    if (!phase) phases.set(phaseKey, (phase = { phaseIndex: row.phaseIndex, phase: phaseKey, wipes: 0, pulls: [], mechanics: [] }));
    phase.wipes++;
    phase.pulls.push(link(p));
    let mechanic = phase.mechanics.find((m) => m.cause === cause.cause && m.kind === cause.kind);
    if (!mechanic) phase.mechanics.push((mechanic = { cause: cause.cause, kind: cause.kind, wipes: 0, pulls: [], players: [] }));
    mechanic.wipes++;
    mechanic.pulls.push(link(p));
    const name = cause.player ?? "Nobody in particular";
    let player = mechanic.players.find((x) => x.playerKey === cause.playerKey);
    if (!player) mechanic.players.push((player = { playerKey: cause.playerKey, player: name, wipes: 0, pulls: [] }));
    player.wipes++;
    player.pulls.push(link(p));
  }
  const byWipes = <T extends { wipes: number }>(a: T, b: T, name: (x: T) => string) => b.wipes - a.wipes || compareText(name(a), name(b));
  return [...phases.values()]
    .map((ph) => ({
      ...ph,
      mechanics: ph.mechanics
        .map((m) => ({ ...m, players: m.players.sort((a, b) => byWipes(a, b, (x) => x.player)) }))
        .sort((a, b) => byWipes(a, b, (x) => x.cause)),
    }))
    .sort((a, b) => (a.phaseIndex ?? -1) - (b.phaseIndex ?? -1));
}

/** Mistakes of one mechanic (or debuff) in a session. */
export interface MechanicMistakes {
  mechanicRef: string;
  abilityName: string;
  /** The rule broken: "hit a non-tank", "applied"… (the most frequent wording when it varies). */
  kind: string;
  count: number;
  /** In the previous session; null when there is none, or none of its pulls has its events. */
  previousCount: number | null;
  /** "Pyre Tethers: hit a non-tank 9 times tonight, 3 last session." */
  summary: string;
}

export interface PlayerMistakes {
  playerKey: string | null;
  player: string;
  count: number;
  pulls: number;
  byMechanic: { abilityName: string; count: number }[];
}

export interface MistakeCounts {
  /** Pulls whose mistakes are known (their events imported). */
  pullsWithEvents: number;
  total: number;
  byMechanic: MechanicMistakes[];
  byPlayer: PlayerMistakes[];
  /** Per pull, in pull order: what a CSV export lists. */
  perPull: { pullNumber: number; reportCode: string; fightId: number; atMs: number; player: string | null; abilityName: string; what: string }[];
}

/** Mistakes without deaths in these pulls (compared, per mechanic, with `previous` when given). */
export function countMistakes(pulls: readonly PreparedPull[], previous?: readonly PreparedPull[]): MistakeCounts {
  const tally = new MistakeTally();
  for (const p of pulls) tally.add(p);
  const perPull: MistakeCounts["perPull"] = [];
  for (const p of pulls) {
    if (!p.hasEvents) continue;
    for (const m of p.mistakes)
      perPull.push({
        pullNumber: p.pullNumber,
        reportCode: p.pull.reportCode,
        fightId: p.pull.fightId,
        atMs: m.atMs,
        player: m.player,
        abilityName: m.abilityName,
        what: m.what,
      });
  }
  return { ...tally.counts(previous), perPull };
}

/**
 * The counts (no mistake one by one) per session of `groups`, and over all of them: each pull's
 * mistakes are counted once, the overall figures are the sessions' summed. What countMistakes
 * gives for each group, and for every group's pulls together, without `perPull`.
 */
export function countMistakesBySession<G extends { pulls: readonly PreparedPull[] }>(
  groups: readonly G[],
): { overall: Omit<MistakeCounts, "perPull">; sessions: { group: G; counts: Omit<MistakeCounts, "perPull"> }[] } {
  const overall = new MistakeTally();
  const sessions = groups.map((group) => {
    const tally = new MistakeTally(overall.keys);
    for (const p of group.pulls) tally.add(p);
    overall.merge(tally);
    return { group, counts: tally.counts() };
  });
  return { overall: overall.counts(), sessions };
}

/** A mechanic's key: its ref (case and spaces aside) and the ability's name; one string per pair, made once. */
class MechanicKeys {
  private readonly byRef = new Map<string, Map<string, string>>();
  of(m: Pick<Mistake, "mechanicRef" | "abilityName">): string {
    let byName = this.byRef.get(m.mechanicRef);
    if (!byName) this.byRef.set(m.mechanicRef, (byName = new Map<string, string>()));
    let key = byName.get(m.abilityName);
    if (key === undefined) byName.set(m.abilityName, (key = `${m.mechanicRef.trim().toLowerCase()}|${m.abilityName}`));
    return key;
  }
}

interface MechanicTally {
  /** The first of its mistakes (in pull order): its ref, name and fallback wording. */
  m: Mistake;
  count: number;
  kinds: Map<string, number>;
}

interface PlayerTally {
  playerKey: string | null;
  player: string;
  count: number;
  /** Pulls with a mistake of the player's (each pull is added once, in one tally). */
  pulls: number;
  by: Map<string, number>;
}

/** Running counts of pulls' mistakes, per mechanic and per player, in first-seen order. */
class MistakeTally {
  pullsWithEvents = 0;
  total = 0;
  readonly mechanics = new Map<string, MechanicTally>();
  readonly players = new Map<string, PlayerTally>();
  constructor(readonly keys = new MechanicKeys()) {}

  /** One pull's mistakes (none known without its events). */
  add(p: PreparedPull): void {
    if (!p.hasEvents) return;
    this.pullsWithEvents++;
    let last: PlayerTally | undefined;
    const counted = new Set<PlayerTally>();
    for (const m of p.mistakes) {
      this.total++;
      const key = this.keys.of(m);
      let mech = this.mechanics.get(key);
      if (!mech) this.mechanics.set(key, (mech = { m, count: 0, kinds: new Map() }));
      mech.count++;
      mech.kinds.set(m.kind, (mech.kinds.get(m.kind) ?? 0) + 1);
      const pk = m.playerKey ?? "";
      let pl = last !== undefined && (last.playerKey ?? "") === pk ? last : this.players.get(pk);
      if (!pl) this.players.set(pk, (pl = { playerKey: m.playerKey, player: m.player ?? NOT_IN_THE_LOG, count: 0, pulls: 0, by: new Map() }));
      last = pl;
      pl.count++;
      if (!counted.has(pl)) {
        counted.add(pl);
        pl.pulls++;
      }
      pl.by.set(m.abilityName, (pl.by.get(m.abilityName) ?? 0) + 1);
    }
  }

  /** Adds another tally's counts (of other pulls, later ones: first-seen order is kept). */
  merge(other: MistakeTally): void {
    this.pullsWithEvents += other.pullsWithEvents;
    this.total += other.total;
    for (const [key, o] of other.mechanics) {
      const mech = this.mechanics.get(key);
      if (!mech) this.mechanics.set(key, { m: o.m, count: o.count, kinds: new Map(o.kinds) });
      else {
        mech.count += o.count;
        for (const [kind, n] of o.kinds) mech.kinds.set(kind, (mech.kinds.get(kind) ?? 0) + n);
      }
    }
    for (const [key, o] of other.players) {
      const pl = this.players.get(key);
      if (!pl) this.players.set(key, { ...o, by: new Map(o.by) });
      else {
        pl.count += o.count;
        pl.pulls += o.pulls;
        for (const [name, n] of o.by) pl.by.set(name, (pl.by.get(name) ?? 0) + n);
      }
    }
  }

  /** The counts, sorted (compared, per mechanic, with `previous` when given). */
  counts(previous?: readonly PreparedPull[]): Omit<MistakeCounts, "perPull"> {
    const before = new Map<string, number>();
    for (const p of previous ?? []) for (const m of p.mistakes) before.set(this.keys.of(m), (before.get(this.keys.of(m)) ?? 0) + 1);
    // A session before whose pulls all lack their events says nothing: unknown, not 0.
    const previousKnown = previous?.some((p) => p.hasEvents) ?? false;
    const mechanics = new Map(this.mechanics);
    // A mechanic failed the session before and not in this one is news too ("0 times this session, 3
    // the session before"); only when this session's mistakes are known.
    if (this.pullsWithEvents > 0)
      for (const p of previous ?? [])
        for (const m of p.mistakes) {
          const key = this.keys.of(m);
          let mech = mechanics.get(key);
          if (!mech) mechanics.set(key, (mech = { m, count: 0, kinds: new Map() }));
          if (mech.count === 0) mech.kinds.set(m.kind, (mech.kinds.get(m.kind) ?? 0) + 1);
        }
    const byMechanic = [...mechanics.entries()]
      .map(([key, { m, count, kinds }]): MechanicMistakes => {
        const kind = [...kinds.entries()].sort(([a, x], [b, y]) => y - x || compareText(a, b))[0]?.[0] ?? m.kind;
        const previousCount = previous === undefined || !previousKnown ? null : (before.get(key) ?? 0);
        const then =
          previous === undefined ? "" : previousCount === null ? ", no data for the session before" : `, ${previousCount} the session before`;
        return {
          mechanicRef: m.mechanicRef,
          abilityName: m.abilityName,
          kind,
          count,
          previousCount,
          summary: `${m.abilityName}: ${kind} ${plural(count, "time")} this session${then}.`,
        };
      })
      .sort((a, b) => b.count - a.count || compareText(a.abilityName, b.abilityName));
    const byPlayer = [...this.players.values()]
      .map((pl) => ({
        playerKey: pl.playerKey,
        player: pl.player,
        count: pl.count,
        pulls: pl.pulls,
        byMechanic: [...pl.by.entries()]
          .map(([abilityName, count]) => ({ abilityName, count }))
          .sort((a, b) => b.count - a.count || compareText(a.abilityName, b.abilityName)),
      }))
      .sort((a, b) => b.count - a.count || compareText(a.player, b.player));
    return { pullsWithEvents: this.pullsWithEvents, total: this.total, byMechanic, byPlayer };
  }
}

const NOT_IN_THE_LOG = "Not in the log (too few hit)";

/** A pull as raiders write it: `12. 4:31 – P3 12.4% – first: Mira to Pyre Tethers`. */
export function pullLine(row: PullRow): string {
  const parts = [`${row.pullNumber}. ${row.duration}`];
  if (row.kill) parts.push("Kill");
  else {
    const phase = row.phase ?? "phase unknown";
    parts.push(row.fightPercentage === null ? `${phase}, boss HP not logged` : `${phase} ${row.fightPercentage.toFixed(1)}%`);
  }
  if (!row.eventsComplete) parts.push("deaths unknown (events not imported)");
  else if (row.firstDeath) parts.push(`first: ${row.firstDeath.player} to ${row.firstDeath.abilityName}`);
  else if (!row.kill) parts.push("no deaths");
  return parts.join(" – ") + (row.wipeType === "reset" ? " (reset)" : "");
}

export interface NightComparison {
  sessionKey: string;
  sessionLabel: string;
  pulls: number;
  best: string | null;
  bestPull: PullRow | null;
  /** Share of pulls (0–1) that reached each phase, this session and the one before. */
  phases: { phase: string; phaseIndex: number; share: number | null; previousShare: number | null }[];
  /** Wipes per cause, this session and the one before. */
  causes: { cause: string; wipes: number; previousWipes: number }[];
}

export interface NightReport {
  encounterId: number;
  sessionKey: string;
  sessionLabel: string;
  startedAt: number | null;
  endedAt: number | null;
  /** The session report (pulls, phases, deciding deaths per player…). */
  session: SessionReport;
  lines: { pullNumber: number; reportCode: string; fightId: number; line: string; isBest: boolean }[];
  best: string | null;
  /** The session's best pull got further than any pull of the sessions before it. */
  newBest: boolean;
  /** Best of every earlier session, for "new best" in words; null when this is the first session. */
  previousBest: string | null;
  /** Prog points this session reached and no earlier session had. */
  progPointsFirstReached: { label: string; pullNumber: number }[];
  topCauses: { cause: string; wipes: number }[];
  breakdown: BreakdownPhase[];
  mistakes: MistakeCounts;
  previous: NightComparison | null;
  /** The recap in a few sentences. */
  headline: string;
}

/** How many wipes each cause decided. */
function causeCounts(pulls: readonly PreparedPull[], options: Pick<AnalysisOptions, "faultCutoffDeaths">): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pulls) {
    const c = wipeCause(p, options);
    if (c) out.set(c.cause, (out.get(c.cause) ?? 0) + 1);
  }
  return out;
}

function phaseShares(pulls: readonly PreparedPull[], label: (index: number) => string): Map<number, { phase: string; share: number }> {
  const out = new Map<number, { phase: string; share: number }>();
  const rows = pulls.map(toPullRow).filter((r) => r.phaseIndex !== null);
  if (rows.length === 0) return out;
  const max = Math.max(...rows.map((r) => r.phaseIndex ?? 0));
  for (let i = 0; i <= max; i++) {
    const reached = rows.filter((r) => (r.phaseIndex ?? -1) >= i || r.kill);
    out.set(i, { phase: label(i), share: round(reached.length / rows.length, 3) });
  }
  return out;
}

/** The Night page of one session of one encounter (see NightReport). */
export function buildNightReport(analysis: Analysis, sessionKey: string, encounterId: number): NightReport {
  const all = pullsOf(analysis, encounterId);
  const sessions = groupBySession(all);
  const index = sessions.findIndex((s) => s.session.key === sessionKey);
  const pulls = sessions[index]?.pulls ?? [];
  const prev = index > 0 ? sessions[index - 1] : undefined;
  const earlier = sessions.slice(0, Math.max(0, index)).flatMap((s) => s.pulls);
  const session = buildSessionReport(analysis, sessionKey, encounterId);
  const rows = session.pulls;
  const best = session.bestPull;
  const earlierBest = findBestPull(earlier.map(toPullRow));
  const newBest = best !== null && (earlierBest === null || comparePulls(best, earlierBest) < 0);

  const reachedBefore = new Set(
    findProgPointsReached(earlier, analysis.config.progPoints, encounterId)
      .filter((p) => p.pullsReached > 0)
      .map((p) => p.id),
  );
  // Reached tonight for the first time: its first pull is known (never a made-up pull 0).
  const progPointsFirstReached = session.progPoints.flatMap((p) =>
    p.pullsReached > 0 && p.firstReached !== null && !reachedBefore.has(p.id) ? [{ label: p.label, pullNumber: p.firstReached.pullNumber }] : [],
  );

  const causes = causeCounts(pulls, analysis.options);
  const topCauses = [...causes.entries()]
    .map(([cause, wipes]) => ({ cause, wipes }))
    .sort((a, b) => b.wipes - a.wipes || compareText(a.cause, b.cause))
    .slice(0, 8);

  let previous: NightComparison | null = null;
  if (prev) {
    const prevRows = prev.pulls.map(toPullRow);
    const prevBest = findBestPull(prevRows);
    const label = createPhaseLabeler(
      all.map((p) => p.pull),
      analysis.options.phaseLayouts[encounterId],
    );
    const now = phaseShares(pulls, label);
    const then = phaseShares(prev.pulls, label);
    const prevCauses = causeCounts(prev.pulls, analysis.options);
    const indices = [...new Set([...now.keys(), ...then.keys()])].sort((a, b) => a - b);
    previous = {
      sessionKey: prev.session.key,
      sessionLabel: prev.session.label,
      pulls: prev.pulls.length,
      best: prevBest ? describePull(prevBest) : null,
      bestPull: prevBest,
      phases: indices.map((i) => ({
        phaseIndex: i,
        phase: label(i),
        share: now.size === 0 ? null : (now.get(i)?.share ?? 0),
        previousShare: then.size === 0 ? null : (then.get(i)?.share ?? 0),
      })),
      causes: [...new Set([...causes.keys(), ...prevCauses.keys()])]
        .map((cause) => ({ cause, wipes: causes.get(cause) ?? 0, previousWipes: prevCauses.get(cause) ?? 0 }))
        .sort((a, b) => b.wipes - a.wipes || b.previousWipes - a.previousWipes || compareText(a.cause, b.cause)),
    };
  }

  const bestText = best ? describePull(best) : null;
  const previousBest = earlierBest ? describePull(earlierBest) : null;
  const headline = [
    `${plural(rows.length, "pull")}${session.startedAt !== null && session.endedAt !== null ? ` over ${formatDuration(session.endedAt - session.startedAt)}` : ""}.`,
    bestText ? `Best: ${bestText}${newBest ? (previousBest ? `, a new best (before: ${previousBest})` : "") : ""}.` : null,
    progPointsFirstReached.length > 0 ? `First time at ${progPointsFirstReached.map((p) => p.label).join(", ")}.` : null,
    topCauses[0] ? `Most wipes decided by ${topCauses[0].cause} (${topCauses[0].wipes}).` : null,
  ]
    .filter((x) => x !== null)
    .join(" ");

  return {
    encounterId,
    sessionKey,
    sessionLabel: session.sessionLabel,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    session,
    lines: rows.map((r) => ({ pullNumber: r.pullNumber, reportCode: r.reportCode, fightId: r.fightId, line: pullLine(r), isBest: r === best })),
    best: bestText,
    newBest,
    previousBest,
    progPointsFirstReached,
    topCauses,
    breakdown: buildWipeBreakdown(pulls, analysis.options),
    mistakes: countMistakes(pulls, prev?.pulls),
    previous,
    headline,
  };
}

/** The encounter's pulls grouped by session, in time order (for per-session figures). */
export function groupPullsBySession(analysis: Analysis, encounterId: number) {
  return groupBySession(pullsOf(analysis, encounterId));
}
