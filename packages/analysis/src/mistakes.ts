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
  // Per player and ability (numbers, no key strings: tens of thousands of hits), the last counted.
  const lastCounted = new Map<number, Map<number, number>>();
  const once = (h: MechanicHit) => {
    let byAbility = lastCounted.get(h.actorId);
    if (!byAbility) lastCounted.set(h.actorId, (byAbility = new Map<number, number>()));
    const prev = byAbility.get(h.abilityId);
    if (prev !== undefined && h.timestamp - prev <= options.mechanicClusterMs) return false;
    byAbility.set(h.abilityId, h.timestamp);
    return true;
  };
  const out: Mistake[] = [];
  const make = (h: MechanicHit, player: PlayerRef | null, kind: string, what: string): Mistake => ({
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
  });

  for (const h of digest.debuffs) if (once(h)) out.push(make(h, h.player, "applied", `${h.player.label} got ${h.abilityName}`));

  // Who is present matters to "only" mechanics alone: worked out on the first such hit.
  let present: PlayerRef[] | undefined;
  const responsible = new Map<StratEntry, Responsible | null>();
  const exactly = new Map<StratEntry, MechanicHit[]>();
  for (const h of digest.hits) {
    const rule = ruleOf(h.mechanic);
    if (rule === "exactly") {
      const list = exactly.get(h.mechanic);
      if (list) list.push(h);
      else exactly.set(h.mechanic, [h]);
    } else if (rule === "none") {
      if (once(h)) out.push(make(h, h.player, "hit someone", `${h.abilityName} hit ${h.player.label}, and should hit no one`));
    } else if (rule === "only") {
      if (!responsible.has(h.mechanic)) responsible.set(h.mechanic, responsibleOf(h.mechanic, (present ??= uniquePlayers(digest.present.values()))));
      const r = responsible.get(h.mechanic);
      if (!r || r.keys.has(h.player.key) || !once(h)) continue;
      out.push(make(h, h.player, r.kind, `${h.abilityName} hit ${h.player.label}, ${r.whom}`));
    }
  }
  for (const [mechanic, hits] of exactly) exactlyMistakes(mechanic, hits, options, make, out);
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/** "should hit exactly N": per cast, too many players (each of them) or too few (the pull's), added to `out`. */
function exactlyMistakes(
  mechanic: StratEntry,
  hits: readonly MechanicHit[],
  options: Pick<AnalysisOptions, "mechanicClusterMs">,
  make: (h: MechanicHit, player: PlayerRef | null, kind: string, what: string) => Mistake,
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
        out.push(make(h, h.player, kind, `${h.abilityName} hit ${h.player.label} and ${plural(players.length - 1, "other")} (${expected} expected)`));
    } else if (players.length < expected) {
      const kind = `hit ${players.length} of ${expected} players`;
      out.push(make(first, null, kind, `${first.abilityName} hit ${players.length} of the ${expected} players it should`));
    }
  }
}

/** Who may take an "only" mechanic; `kind` is the rule broken, `whom` the same without its "hit ". */
interface Responsible {
  keys: Set<string>;
  kind: string;
  whom: string;
}

/** Who may take an "only" mechanic in this pull: its member when present, else its role; null when nobody is. */
function responsibleOf(m: StratEntry, present: readonly PlayerRef[]): Responsible | null {
  const member = m.memberId === null ? undefined : present.find((p) => p.memberId === m.memberId);
  if (member) return { keys: new Set([member.key]), kind: `hit someone other than ${member.label}`, whom: `someone other than ${member.label}` };
  const role = m.role === null ? [] : present.filter((p) => p.role === m.role);
  if (role.length === 0 || m.role === null) return null;
  return { keys: new Set(role.map((p) => p.key)), kind: `hit a non-${m.role}`, whom: `a non-${m.role}` };
}

function uniquePlayers(players: Iterable<PlayerRef>): PlayerRef[] {
  const byKey = new Map<string, PlayerRef>();
  for (const p of players) byKey.set(p.key, p);
  return [...byKey.values()];
}
