// Fault attribution: who started each wipe, weighted by the strat config's responsibilities.
//
// Per wipe (a pull that is neither a kill nor a reset; a reset with a manual override counts too):
// - Cutoff: after the `faultCutoffDeaths`-th death (default the 2nd) nothing counts.
// - Incidents before the cutoff:
//   - a death, or deaths to one ability within `mechanicClusterMs` (one incident): "failed-mechanic"
//     when the ability is in the strat config, else "death";
//   - an avoidable hit: a non-lethal, non-tick hit from a configured mechanic on a player who is not
//     its responsible party (or any player, when it has none), from `hitWindowMs` before the first
//     counted death. With an empty strat config there are only deaths.
//   Forced deaths (enrage, the closing burst, the last player alive: see digest.ts) are no incident;
//   a wipe without a counted death has no incidents at all (hits alone never explain a wipe).
// - Weight = type weight × orderDecay ^ (deaths before the incident): the first counts most.
// - Shares: a configured mechanic's assigned member 1; its role 1/k among the k players of that
//   role in the pull; nobody assigned (or not configured), the players who died or were hit share it.
// - Per pull the scores are normalized to sum 1. Manual overrides (0–100) replace their players'
//   scores; the other players share what is left in their computed proportions.
import { type Death, decidingCutoff, firstCountedDeath, type MechanicHit, type PullDigest } from "./digest";
import { compareText, plural, round, sufficiency } from "./format";
import type { AnalysisOptions } from "./options";
import { sortInPlace } from "./order";
import type { PlayerRef } from "./players";
import { type Analysis, type ExcludedPulls, excludedPulls, groupBySession, type PreparedPull, pullsOf } from "./prepare";
import { type FaultOverride, pullKey, ruleOf, type StratEntry, type Sufficiency } from "./types";

export type IncidentType = "failed-mechanic" | "death" | "avoidable-hit";

export interface IncidentShare {
  playerKey: string;
  player: string;
  share: number;
}

export interface Incident {
  type: IncidentType;
  /** ms from the pull's start. */
  atMs: number;
  abilityId: number | null;
  abilityName: string;
  /** Who died or was hit. */
  involved: string[];
  /** Deaths before this incident. */
  rank: number;
  /** Type weight × orderDecay ^ rank. */
  weight: number;
  shares: IncidentShare[];
}

export interface PlayerScore {
  playerKey: string;
  player: string;
  /** The report actor (fault_scores.actor_id), when the player is in the pull. */
  actorId: number | null;
  /** Share of this wipe, 0–1 (the pull's scores sum to 1 when any incident counted). */
  score: number;
  overridden: boolean;
}

export interface PullFaults {
  reportCode: string;
  fightId: number;
  pullNumber: number;
  sessionKey: string;
  /** Counted as a wipe: neither a kill nor a reset (unless a reset has a manual override). */
  isWipe: boolean;
  /** Some player has a score above 0 (false for a wipe whose deaths were all forced). */
  attributed: boolean;
  incidents: Incident[];
  scores: PlayerScore[];
  summary: string;
}

/** Attributes one pull's wipe (rules above). `overrides` are this pull's manual scores. */
export function attributePull(p: PreparedPull, options: AnalysisOptions, overrides: readonly FaultOverride[] = []): PullFaults {
  // Without its events nobody's share is known: left out (and counted as left out), never zero.
  if (!p.hasEvents && p.pull.kill !== true)
    return pullFaults(p, false, false, [], [], "Events not imported: deaths unknown, no attribution (left out of the totals).");
  const isWipe = p.pull.kill !== true && (p.wipe.type !== "reset" || overrides.length > 0);
  if (!isWipe) return pullFaults(p, false, false, [], [], `${p.wipe.type === "kill" ? "Kill" : "Reset"}: not a wipe, no attribution.`);

  const { incidents, scores } = scoreWipe(p, options, overrides, true);
  const attributed = scores.some((s) => s.score > 0);
  const summary = attributed
    ? [
        ...describeFirst(incidents, overrides.length > 0),
        `Shares: ${scores
          .filter((s) => s.score > 0)
          .map((s) => `${s.player} ${Math.round(s.score * 100)}%`)
          .join(", ")}.`,
      ].join(" ")
    : "No incident before the cutoff (deaths forced or none).";
  return pullFaults(p, isWipe, attributed, incidents, scores, summary);
}

/** A pull counted as a wipe: its events known, not a kill, not a reset (unless a reset has a manual override). */
function isCountedWipe(p: PreparedPull, overrides: readonly FaultOverride[]): boolean {
  return p.hasEvents && p.pull.kill !== true && (p.wipe.type !== "reset" || overrides.length > 0);
}

/** A wipe's incidents and its players' scores (the rules above); `describe`: the incidents name who was involved. */
function scoreWipe(
  p: PreparedPull,
  options: AnalysisOptions,
  overrides: readonly FaultOverride[],
  describe: boolean,
): { incidents: Incident[]; scores: PlayerScore[] } {
  const incidents = findIncidents(p, options, describe);
  const computed = new Map<string, { player: PlayerRef; raw: number }>();
  for (const i of incidents) {
    for (const s of i.shares) {
      const entry = computed.get(s.playerKey) ?? { player: playerOf(p.digest, s.playerKey), raw: 0 };
      entry.raw += i.weight * s.share;
      computed.set(s.playerKey, entry);
    }
  }
  return { incidents, scores: applyOverrides(p, computed, overrides) };
}

// Built field by field: spreading a shared base into each of thousands of results is measurably slower.
function pullFaults(
  p: PreparedPull,
  isWipe: boolean,
  attributed: boolean,
  incidents: Incident[],
  scores: PlayerScore[],
  summary: string,
): PullFaults {
  return {
    reportCode: p.pull.reportCode,
    fightId: p.pull.fightId,
    pullNumber: p.pullNumber,
    sessionKey: p.session.key,
    isWipe,
    attributed,
    incidents,
    scores,
    summary,
  };
}

function findIncidents(p: PreparedPull, options: AnalysisOptions, describe: boolean): Incident[] {
  const { deaths, hits } = p.digest;
  const cutoff = decidingCutoff(p.digest, options);
  const counted = deaths.filter((d) => d.timestamp <= cutoff && d.forced === null);
  const first = counted[0];
  if (!first) return [];
  const on: IncidentsOf = { p, options, describe, responsible: new Map() };
  const incidents: Incident[] = [];
  for (const cluster of clusterDeaths(counted, options.mechanicClusterMs)) {
    const lead = cluster[0];
    if (!lead) continue;
    const mechanic = lead.abilityId === null ? undefined : p.digest.mechanics.get(lead.abilityId);
    const dead = uniquePlayers(cluster.map((d) => d.player));
    const shares = (mechanic && sharesOf(on, mechanic)) || equalShares(dead);
    incidents.push(incident(on, mechanic ? "failed-mechanic" : "death", lead.timestamp, lead.abilityId, lead.abilityName, dead, shares));
  }

  const windowStart = first.timestamp - options.hitWindowMs;
  // Per player and ability (numbers, no key strings per hit), the last hit counted.
  const actors: number[] = [];
  const abilities: number[] = [];
  const times: number[] = [];
  for (const h of hits) {
    // Only hits in the window count (in time order: none after the cutoff does).
    if (h.timestamp < windowStart) continue;
    if (h.timestamp > cutoff) break;
    // "exactly N" hits are only wrong in number: those come from the pull's mistakes, below.
    if (ruleOf(h.mechanic) === "exactly" || killed(h, deaths, options)) continue;
    if (holdsShare(sharesOf(on, h.mechanic), h.player.key)) continue;
    // One incident per player and ability per cluster window: multi-hit AoEs are one mistake.
    let i = 0;
    while (i < actors.length && (actors[i] !== h.actorId || abilities[i] !== h.abilityId)) i++;
    const prev = times[i];
    if (prev !== undefined && h.timestamp - prev <= options.mechanicClusterMs) continue;
    actors[i] = h.actorId;
    abilities[i] = h.abilityId;
    times[i] = h.timestamp;
    incidents.push(incident(on, "avoidable-hit", h.timestamp, h.abilityId, h.abilityName, [h.player], equalShares([h.player])));
  }
  // Failure debuffs and "exactly N" mechanics hitting too many: mistakes by a known player.
  for (const m of p.mistakes) {
    if ((m.rule !== "debuff" && m.rule !== "exactly") || m.timestamp < windowStart || m.timestamp > cutoff || m.playerKey === null) continue;
    const player = playerOf(p.digest, m.playerKey);
    incidents.push(incident(on, "avoidable-hit", m.timestamp, m.abilityId, m.abilityName, [player], equalShares([player])));
  }
  return sortInPlace(incidents, (a, b) => a.atMs - b.atMs);
}

// Module functions, not closures made per wipe: under tsx (the server's runtime) each named
// closure is also given its name, which costs more than the closure itself, thousands of times.

/** A wipe whose incidents are being found; `responsible`: each mechanic's responsible players, once per pull. */
interface IncidentsOf {
  p: PreparedPull;
  options: AnalysisOptions;
  describe: boolean;
  responsible: Map<StratEntry, IncidentShare[] | null>;
}

/** Who is responsible for a mechanic is the same all pull long: worked out once per mechanic. */
function sharesOf(on: IncidentsOf, m: StratEntry): IncidentShare[] | null {
  let shares = on.responsible.get(m);
  if (shares === undefined) on.responsible.set(m, (shares = responsibleShares(m, presentPlayers(on.p.digest.present))));
  return shares;
}

function incident(
  { p, options, describe }: IncidentsOf,
  type: IncidentType,
  t: number,
  abilityId: number | null,
  abilityName: string,
  involved: PlayerRef[],
  shares: IncidentShare[],
): Incident {
  // Deaths before it.
  let rank = 0;
  for (const d of p.digest.deaths) if (d.timestamp < t) rank++;
  const typeWeight =
    type === "failed-mechanic" ? options.weights.failedMechanic : type === "death" ? options.weights.death : options.weights.avoidableHit;
  return {
    type,
    atMs: t - p.pull.startTime,
    abilityId,
    abilityName,
    involved: describe ? involved.map((x) => x.label) : [],
    rank,
    weight: typeWeight * options.orderDecay ** rank,
    shares,
  };
}

/** Deaths to one ability within `windowMs` of the group's first death form one incident. */
function clusterDeaths(deaths: readonly Death[], windowMs: number): Death[][] {
  const clusters: Death[][] = [];
  for (const d of deaths) {
    const open =
      d.abilityId === null ? undefined : clusters.find((c) => c[0]?.abilityId === d.abilityId && d.timestamp - (c[0]?.timestamp ?? 0) <= windowMs);
    if (open) open.push(d);
    else clusters.push([d]);
  }
  return clusters;
}

/** The responsible players of a mechanic in this pull (`players`: those present), or null when nobody present is. */
function responsibleShares(m: StratEntry, players: readonly PlayerRef[]): IncidentShare[] | null {
  const member = m.memberId === null ? undefined : players.find((p) => p.memberId === m.memberId);
  if (member) return equalShares([member]);
  const role = m.role === null ? [] : players.filter((p) => p.role === m.role);
  return role.length > 0 ? equalShares(role) : null;
}

// Loops, not some(): asked for every hit of thousands of wipes, a callback each would be one more object each.

/** A hit that killed its target is already the death incident. */
function killed(h: MechanicHit, deaths: readonly Death[], options: AnalysisOptions): boolean {
  for (const d of deaths)
    if (
      d.actorId === h.actorId &&
      d.abilityId === h.abilityId &&
      d.timestamp >= h.timestamp &&
      d.timestamp - h.timestamp <= options.mechanicClusterMs
    )
      return true;
  return false;
}

/** The player is among the responsible ones (`shares`; none when null). */
function holdsShare(shares: readonly IncidentShare[] | null, playerKey: string): boolean {
  if (shares) for (const x of shares) if (x.playerKey === playerKey) return true;
  return false;
}

function equalShares(players: readonly PlayerRef[]): IncidentShare[] {
  return players.map((p) => ({ playerKey: p.key, player: p.label, share: 1 / players.length }));
}

function uniquePlayers(players: readonly PlayerRef[]): PlayerRef[] {
  if (players.length < 2) return [...players];
  return [...new Map(players.map((p) => [p.key, p])).values()];
}

// A pull's players (once each, in the order they are listed), per digest's `present`: every wipe
// asks for them more than once, and a cached digest keeps its map for as long as it lives.
const presentOnce = new WeakMap<ReadonlyMap<number, PlayerRef>, readonly PlayerRef[]>();

/** The players present, each once (by key). */
function presentPlayers(present: ReadonlyMap<number, PlayerRef>): readonly PlayerRef[] {
  let players = presentOnce.get(present);
  if (!players) presentOnce.set(present, (players = uniquePlayers([...present.values()])));
  return players;
}

function playerOf(digest: PullDigest, key: string): PlayerRef {
  for (const p of digest.present.values()) if (p.key === key) return p;
  return { key, label: key, memberId: null, onRoster: false, role: null };
}

function actorIdOf(digest: PullDigest, key: string): number | null {
  // By key (no [id, player] pair made per step): asked for every score of every wipe.
  for (const id of digest.present.keys()) if (digest.present.get(id)?.key === key) return id;
  return null;
}

function applyOverrides(
  p: PreparedPull,
  computed: Map<string, { player: PlayerRef; raw: number }>,
  overrides: readonly FaultOverride[],
): PlayerScore[] {
  const scores: PlayerScore[] = [];
  if (overrides.length === 0) {
    // Nothing set by hand (most wipes): the computed scores, normalized.
    let total = 0;
    computed.forEach((c) => {
      total += c.raw;
    });
    computed.forEach((c, key) => {
      scores.push({
        playerKey: key,
        player: c.player.label,
        actorId: actorIdOf(p.digest, key),
        score: round(total > 0 ? c.raw / total : 0, 4),
        overridden: false,
      });
    });
    return sortInPlace(scores, byScore);
  }
  const manual = new Map<string, { player: PlayerRef; actorId: number; score: number }>();
  for (const o of overrides) {
    const player = p.digest.present.get(o.actorId) ?? {
      key: `actor:${o.actorId}`,
      label: `Actor ${o.actorId} (unknown player)`,
      memberId: null,
      onRoster: false,
      role: null,
    };
    manual.set(player.key, { player, actorId: o.actorId, score: Math.min(Math.max(o.score, 0), 100) / 100 });
  }
  const manualTotal = [...manual.values()].reduce((sum, m) => sum + m.score, 0);
  // Overrides that add up to more than 100% are scaled down, and leave nothing for the others.
  const manualScale = manualTotal > 1 ? 1 / manualTotal : 1;
  const left = Math.max(0, 1 - manualTotal);
  let restTotal = 0;
  for (const [key, c] of computed) if (!manual.has(key)) restTotal += c.raw;

  for (const [key, m] of manual)
    scores.push({ playerKey: key, player: m.player.label, actorId: m.actorId, score: round(m.score * manualScale, 4), overridden: true });
  for (const [key, c] of computed) {
    if (manual.has(key)) continue;
    const share = restTotal > 0 ? (c.raw / restTotal) * (manual.size > 0 ? left : 1) : 0;
    scores.push({ playerKey: key, player: c.player.label, actorId: actorIdOf(p.digest, key), score: round(share, 4), overridden: false });
  }
  return sortInPlace(scores, byScore);
}

const byScore = (a: PlayerScore, b: PlayerScore) => b.score - a.score || compareText(a.player, b.player);

function describeFirst(incidents: readonly Incident[], overridden: boolean): string[] {
  const parts = overridden ? ["Set by hand."] : [];
  const first = incidents[0];
  if (!first) return parts;
  const who = first.involved.join(" and ");
  const what = first.type === "avoidable-hit" ? `${who} was hit by ${first.abilityName}` : `${who} died to ${first.abilityName}`;
  return [...parts, `First incident: ${what}${first.type === "failed-mechanic" ? " (a configured mechanic)" : ""}.`];
}

export interface PlayerFaultTotals extends Sufficiency {
  playerKey: string;
  player: string;
  onRoster: boolean;
  /** Wipes the player was in. */
  wipes: number;
  /** Sum of the player's scores over those wipes. */
  attributed: number;
  /** Wipes where the player died first. */
  firstDeaths: number;
  /** Wipes in which the player holds a share of the blame (in whole wipes, never fractions). */
  started: number;
  /** Of those, the wipes whose blame the player shares with others. */
  shared: number;
  summary: string | null;
}

export interface FaultReport extends Sufficiency {
  pulls: PullFaults[];
  /** Pulls the totals leave out, and why. */
  excluded: ExcludedPulls;
  players: PlayerFaultTotals[];
  sessions: { sessionKey: string; sessionLabel: string; wipes: number; players: PlayerFaultTotals[] }[];
}

/** Fault attribution of every wipe of an encounter (or all), with totals per player overall and per session. */
export function attributeFaults(analysis: Analysis, encounterId?: number): FaultReport {
  const overrides = overridesByPull(analysis);
  const pulls = pullsOf(analysis, encounterId);
  const results = new Map(pulls.map((p) => [p.key, attributePull(p, analysis.options, overrides.get(p.key))]));
  return {
    pulls: pulls.map((p) => results.get(p.key)).filter((r): r is PullFaults => r !== undefined),
    ...totalsOf(analysis, pulls, (p) => {
      const result = results.get(p.key);
      return result?.isWipe === true ? result.scores : null;
    }),
  };
}

/**
 * attributeFaults' totals alone (per player, overall and per session), what a fault aggregate
 * shows: each wipe scored as attributeFaults scores it, without the words and incidents of each
 * pull that nobody reads here (thousands of pulls' worth of objects).
 */
export function faultTotals(analysis: Analysis, encounterId?: number): Omit<FaultReport, "pulls"> {
  const overrides = overridesByPull(analysis);
  return totalsOf(analysis, pullsOf(analysis, encounterId), (p) => {
    const own = overrides.get(p.key) ?? [];
    return isCountedWipe(p, own) ? scoreWipe(p, analysis.options, own, false).scores : null;
  });
}

/** The static's manual scores, by pull. */
function overridesByPull(analysis: Analysis): Map<string, FaultOverride[]> {
  const overrides = new Map<string, FaultOverride[]>();
  for (const o of analysis.config.faultOverrides) {
    const key = pullKey(o.reportCode, o.fightId);
    overrides.set(key, [...(overrides.get(key) ?? []), o]);
  }
  return overrides;
}

/** Totals per player over these pulls, overall and per session; `scoresOf`: a wipe's scores, null for a pull that is none. */
function totalsOf(
  analysis: Analysis,
  pulls: readonly PreparedPull[],
  scoresOf: (p: PreparedPull) => readonly PlayerScore[] | null,
): Omit<FaultReport, "pulls"> {
  const min = analysis.options.minPulls;
  // Each wipe added to its players' totals overall and in its session, in one pass (in pull order,
  // as each sum was always made).
  const overall: Totals = new Map();
  const bySession = new Map<string, { wipes: number; totals: Totals }>();
  let wipes = 0;
  for (const p of pulls) {
    const scores = scoresOf(p);
    if (scores === null) continue;
    wipes++;
    let session = bySession.get(p.session.key);
    if (!session) bySession.set(p.session.key, (session = { wipes: 0, totals: new Map() }));
    session.wipes++;
    addWipe(p, scores, overall, session.totals);
  }
  return {
    players: totals(overall, min),
    excluded: excludedPulls(pulls.filter((p) => p.pull.kill !== true)),
    sessions: groupBySession(pulls).map(({ session }) => {
      const own = bySession.get(session.key);
      return { sessionKey: session.key, sessionLabel: session.label, wipes: own?.wipes ?? 0, players: own ? totals(own.totals, min) : [] };
    }),
    ...sufficiency(wipes, min, "wipe"),
  };
}

/** Per player (by key), their wipes, summed score, first deaths, wipes started and shared. */
type Totals = Map<string, { player: PlayerRef; wipes: number; attributed: number; firstDeaths: number; started: number; shared: number }>;

/** One wipe's part in its players' totals (each of `into`): each player present, their score, whether they died first. */
function addWipe(p: PreparedPull, scores: readonly PlayerScore[], ...into: Totals[]): void {
  const firstKey = firstCountedDeath(p.digest)?.player.key;
  let blamed = 0;
  for (const s of scores) if (s.score > 0) blamed++;
  // Someone else holds a share of this wipe too.
  const shared = blamed > 1;
  for (const player of presentPlayers(p.digest.present)) {
    // A few players: looked up in the list (its keys are distinct), no map per wipe.
    let score = 0;
    for (const s of scores)
      if (s.playerKey === player.key) {
        score = s.score;
        break;
      }
    for (const byPlayer of into) {
      let t = byPlayer.get(player.key);
      if (!t) byPlayer.set(player.key, (t = { player, wipes: 0, attributed: 0, firstDeaths: 0, started: 0, shared: 0 }));
      t.wipes++;
      t.attributed += score;
      if (firstKey === player.key) t.firstDeaths++;
      if (score > 0) {
        t.started++;
        if (shared) t.shared++;
      }
    }
  }
}

function totals(byPlayer: Totals, min: number): PlayerFaultTotals[] {
  return [...byPlayer.values()]
    .map((t) => {
      const enough = sufficiency(t.wipes, min, "wipe");
      const attributed = round(t.attributed);
      const summary = enough.insufficientData
        ? null
        : `${t.player.label}: started ${plural(t.started, "wipe")} of ${t.wipes}${t.started > 0 ? `; shared ${t.shared} with others` : ""}; died first on ${t.firstDeaths} of ${t.wipes}.`;
      return {
        playerKey: t.player.key,
        player: t.player.label,
        onRoster: t.player.onRoster,
        wipes: t.wipes,
        attributed,
        firstDeaths: t.firstDeaths,
        started: t.started,
        shared: t.shared,
        summary,
        ...enough,
      };
    })
    .sort((a, b) => b.started - a.started || b.attributed - a.attributed || compareText(a.player, b.player));
}
