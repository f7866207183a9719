// Mistakes without deaths: what the strat config says should not happen, seen in a pull whether or
// not anyone died to it (SPEC.md F). Read from the digest's hits and debuffs, by each entry's rule:
// - only:    a hit on a player other than the entry's member (or, without one present, its role);
//            nobody responsible in the pull: not judged (unknown, never a mistake);
// - none:    every hit;
// - exactly: per cast (hits within `mechanicClusterMs` of the cast's first), the players hit: more
//            than expected, each of them; fewer, one mistake of the pull (who should have taken
//            it is not in the log);
// - debuff:  every application of the failure debuff.
// One mistake per player and ability within `mechanicClusterMs`: a multi-hit AoE is one mistake.
import type { MechanicHit, PullDigest } from "./digest";
import { plural } from "./format";
import type { AnalysisOptions } from "./options";
import { sortInPlace } from "./order";
import type { PlayerRef } from "./players";
import { type Pull, ruleOf, type StratEntry, type StratRule } from "./types";

export interface Mistake {
  /** ms from report start. */
  timestamp: number;
  /** ms from the pull's start. */
  atMs: number;
  /** Who made it; null when the log cannot say (too few players hit by an "exactly" mechanic). */
  playerKey: string | null;
  player: string | null;
  abilityId: number;
  abilityName: string;
  mechanicRef: string;
  rule: StratRule;
  /** The rule broken, for a list of mechanics: "hit a non-tank", "applied", "hit 3 players (2 expected)". */
  kind: string;
  /** The whole mistake in words: "Mira got Damage Down", "Pyre Tethers hit Aoi, a non-tank". */
  what: string;
}

/** The mistakes of one pull, in time order. */
export function findMistakes(
  pull: Pull,
  digest: Pick<PullDigest, "hits" | "debuffs" | "present">,
  options: Pick<AnalysisOptions, "mechanicClusterMs">,
): Mistake[] {
  if (digest.hits.length === 0 && digest.debuffs.length === 0) return [];
  const seen: Counted = { actors: [], abilities: [], times: [], windowMs: options.mechanicClusterMs };
  const out: Mistake[] = [];

  for (const h of digest.debuffs) if (once(seen, h)) out.push(mistake(pull, h, h.player, "applied", `${h.player.label} got ${h.abilityName}`));

  // Who is present matters to "only" mechanics alone: worked out on the first such hit.
  let present: PlayerRef[] | undefined;
  let responsible: Map<StratEntry, Responsible | null> | undefined;
  let exactly: Map<StratEntry, MechanicHit[]> | undefined;
  for (const h of digest.hits) {
    const rule = ruleOf(h.mechanic);
    if (rule === "exactly") {
      exactly ??= new Map();
      const list = exactly.get(h.mechanic);
      if (list) list.push(h);
      else exactly.set(h.mechanic, [h]);
    } else if (rule === "none") {
      if (once(seen, h)) out.push(mistake(pull, h, h.player, "hit someone", `${h.abilityName} hit ${h.player.label}, and should hit no one`));
    } else if (rule === "only") {
      responsible ??= new Map();
      let r = responsible.get(h.mechanic);
      if (r === undefined) responsible.set(h.mechanic, (r = responsibleOf(h.mechanic, (present ??= uniquePlayers(digest.present.values())))));
      if (!r || r.keys.includes(h.player.key) || !once(seen, h)) continue;
      // The wording once per mechanic and pull, when there is a mistake to word.
      r.kind ??= r.member ? `hit someone other than ${r.member.label}` : `hit a non-${r.role}`;
      r.whom ??= r.kind.slice("hit ".length);
      out.push(mistake(pull, h, h.player, r.kind, `${h.abilityName} hit ${h.player.label}, ${r.whom}`));
    }
  }
  if (exactly) for (const [mechanic, hits] of exactly) exactlyMistakes(pull, mechanic, hits, options, out);
  return sortInPlace(out, (a, b) => a.timestamp - b.timestamp);
}

// Module functions, not closures made per pull: under tsx (the server's runtime) each named
// closure is also given its name, which costs more than the closure itself, thousands of times.

/**
 * Per player and ability, the last mistake counted: a few pairs per pull, in three flat lists (no
 * key string or map per hit, over tens of thousands of hits).
 */
interface Counted {
  actors: number[];
  abilities: number[];
  times: number[];
  windowMs: number;
}

/** Counts `h` unless the same player got the same ability within the window (one mistake per multi-hit). */
function once(seen: Counted, h: MechanicHit): boolean {
  let i = 0;
  while (i < seen.actors.length && (seen.actors[i] !== h.actorId || seen.abilities[i] !== h.abilityId)) i++;
  const prev = seen.times[i];
  if (prev !== undefined && h.timestamp - prev <= seen.windowMs) return false;
  seen.actors[i] = h.actorId;
  seen.abilities[i] = h.abilityId;
  seen.times[i] = h.timestamp;
  return true;
}

function mistake(pull: Pull, h: MechanicHit, player: PlayerRef | null, kind: string, what: string): Mistake {
  return {
    timestamp: h.timestamp,
    atMs: h.timestamp - pull.startTime,
    playerKey: player?.key ?? null,
    player: player?.label ?? null,
    abilityId: h.abilityId,
    abilityName: h.abilityName,
    mechanicRef: h.mechanic.mechanicRef,
    rule: ruleOf(h.mechanic),
    kind,
    what,
  };
}

/** "should hit exactly N": per cast, too many players (each of them) or too few (the pull's), added to `out`. */
function exactlyMistakes(
  pull: Pull,
  mechanic: StratEntry,
  hits: readonly MechanicHit[],
  options: Pick<AnalysisOptions, "mechanicClusterMs">,
  out: Mistake[],
): void {
  const expected = mechanic.expectedHits ?? null;
  if (expected === null) return;
  let i = 0;
  while (i < hits.length) {
    const first = hits[i] as MechanicHit;
    const cast: MechanicHit[] = [];
    while (i < hits.length && (hits[i] as MechanicHit).timestamp - first.timestamp <= options.mechanicClusterMs) cast.push(hits[i++] as MechanicHit);
    const players = [...new Map(cast.map((h) => [h.player.key, h])).values()];
    if (players.length > expected) {
      const kind = `hit ${players.length} players (${expected} expected)`;
      for (const h of players)
        out.push(
          mistake(
            pull,
            h,
            h.player,
            kind,
            `${h.abilityName} hit ${h.player.label} and ${plural(players.length - 1, "other")} (${expected} expected)`,
          ),
        );
    } else if (players.length < expected) {
      const kind = `hit ${players.length} of ${expected} players`;
      out.push(mistake(pull, first, null, kind, `${first.abilityName} hit ${players.length} of the ${expected} players it should`));
    }
  }
}

/**
 * Who may take an "only" mechanic (`keys`): its member, or its role. `kind` (the rule broken) and
 * `whom` (the same without its "hit ") are worded on the first mistake.
 */
interface Responsible {
  keys: string[];
  member: PlayerRef | null;
  role: string | null;
  kind?: string;
  whom?: string;
}

/** Who may take an "only" mechanic in this pull: its member when present, else its role; null when nobody is. */
function responsibleOf(m: StratEntry, present: readonly PlayerRef[]): Responsible | null {
  const member = m.memberId === null ? undefined : present.find((p) => p.memberId === m.memberId);
  if (member) return { keys: [member.key], member, role: null };
  const role = m.role === null ? [] : present.filter((p) => p.role === m.role);
  if (role.length === 0 || m.role === null) return null;
  return { keys: role.map((p) => p.key), member: null, role: m.role };
}

function uniquePlayers(players: Iterable<PlayerRef>): PlayerRef[] {
  const byKey = new Map<string, PlayerRef>();
  for (const p of players) byKey.set(p.key, p);
  return [...byKey.values()];
}
