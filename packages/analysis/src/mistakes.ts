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
  const present = uniquePlayers([...digest.present.values()]);
  const out: Mistake[] = [];
  const lastCounted = new Map<string, number>();
  const once = (h: MechanicHit) => {
    const key = `${h.actorId}:${h.abilityId}`;
    const prev = lastCounted.get(key);
    if (prev !== undefined && h.timestamp - prev <= options.mechanicClusterMs) return false;
    lastCounted.set(key, h.timestamp);
    return true;
  };
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

  const responsible = new Map<StratEntry, { keys: Set<string>; kind: string } | null>();
  const exactly = new Map<StratEntry, MechanicHit[]>();
  for (const h of digest.hits) {
    const rule = ruleOf(h.mechanic);
    if (rule === "exactly") {
      exactly.set(h.mechanic, [...(exactly.get(h.mechanic) ?? []), h]);
    } else if (rule === "none") {
      if (once(h)) out.push(make(h, h.player, "hit someone", `${h.abilityName} hit ${h.player.label}, and should hit no one`));
    } else if (rule === "only") {
      if (!responsible.has(h.mechanic)) responsible.set(h.mechanic, responsibleOf(h.mechanic, present));
      const r = responsible.get(h.mechanic);
      if (!r || r.keys.has(h.player.key) || !once(h)) continue;
      out.push(make(h, h.player, r.kind, `${h.abilityName} hit ${h.player.label}, ${r.kind.replace(/^hit /, "")}`));
    }
  }
  for (const [mechanic, hits] of exactly) out.push(...exactlyMistakes(mechanic, hits, options, make));
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/** "should hit exactly N": per cast, too many players (each of them) or too few (the pull's). */
function exactlyMistakes(
  mechanic: StratEntry,
  hits: readonly MechanicHit[],
  options: Pick<AnalysisOptions, "mechanicClusterMs">,
  make: (h: MechanicHit, player: PlayerRef | null, kind: string, what: string) => Mistake,
): Mistake[] {
  const expected = mechanic.expectedHits ?? null;
  if (expected === null) return [];
  const out: Mistake[] = [];
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
  return out;
}

/** Who may take an "only" mechanic in this pull: its member when present, else its role; null when nobody is. */
function responsibleOf(m: StratEntry, present: readonly PlayerRef[]): { keys: Set<string>; kind: string } | null {
  const member = m.memberId === null ? undefined : present.find((p) => p.memberId === m.memberId);
  if (member) return { keys: new Set([member.key]), kind: `hit someone other than ${member.label}` };
  const role = m.role === null ? [] : present.filter((p) => p.role === m.role);
  if (role.length === 0 || m.role === null) return null;
  return { keys: new Set(role.map((p) => p.key)), kind: `hit a non-${m.role}` };
}

function uniquePlayers(players: readonly PlayerRef[]): PlayerRef[] {
  return [...new Map(players.map((p) => [p.key, p])).values()];
}
