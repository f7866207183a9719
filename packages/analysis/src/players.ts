// Report actors → the static's roster, through character aliases (name + server).
import { roleOfJob } from "@progboard/domain";
import type { Actor, CharacterAlias, Role, RosterMember } from "./types";

export { roleOfJob };

/** A person as the analysis reports them: a roster member, or an unmapped character. */
export interface PlayerRef {
  /** Stable across reports: `member:<id>`, or `character:<name>@<server>` when unmapped. */
  key: string;
  /**
   * The roster name, or "<character> (unknown player)"; "<character>@<world> (unknown player)"
   * when another character of the same name (on another world) is among the actors.
   */
  label: string;
  memberId: number | null;
  onRoster: boolean;
  role: Role | null;
}

// FFLogs lists the limit break, and hits it cannot attribute, as Player actors.
const PSEUDO_PLAYERS = new Set(["limit break", "multiple players"]);

/** A person: a Player actor that is not the limit break. */
export function isPlayerActor(actor: Pick<Actor, "type" | "subType" | "name" | "isPlayer">): boolean {
  if (actor.isPlayer !== undefined) return actor.isPlayer;
  return actor.type === "Player" && actor.subType !== "LimitBreak" && !PSEUDO_PLAYERS.has(actor.name.toLowerCase());
}

export interface PlayerIndex {
  /** The player behind a report actor (same key for the same character in every report). */
  resolve(actor: Actor): PlayerRef;
  /** Every player resolved so far, by key. */
  readonly players: ReadonlyMap<string, PlayerRef>;
}

/**
 * Resolves actors by alias (name + server, case-insensitive); unmapped actors keep their name, with
 * their world when `actors` holds two characters of that name on different worlds (so two people
 * never read as one).
 */
export function createPlayerIndex(roster: readonly RosterMember[], aliases: readonly CharacterAlias[], actors: readonly Actor[] = []): PlayerIndex {
  const members = new Map(roster.map((m) => [m.id, m]));
  const byCharacter = new Map<string, number>();
  for (const a of aliases) byCharacter.set(characterKey(a.characterName, a.server), a.memberId);
  const players = new Map<string, PlayerRef>();
  const worldsByName = new Map<string, Set<string>>();
  for (const a of actors) {
    if (!isPlayerActor(a)) continue;
    const name = a.name.trim().toLowerCase();
    const worlds = worldsByName.get(name) ?? new Set<string>();
    worlds.add((a.server ?? "").trim().toLowerCase());
    worldsByName.set(name, worlds);
  }
  const shown = (actor: Actor) =>
    (worldsByName.get(actor.name.trim().toLowerCase())?.size ?? 0) > 1 && actor.server ? `${actor.name}@${actor.server}` : actor.name;

  function resolve(actor: Actor): PlayerRef {
    const character = characterKey(actor.name, actor.server);
    const memberId = byCharacter.get(character);
    const member = memberId === undefined ? undefined : members.get(memberId);
    const key = member ? `member:${member.id}` : `character:${character}`;
    const known = players.get(key);
    if (known) return known;
    const ref: PlayerRef = member
      ? { key, label: member.name, memberId: member.id, onRoster: true, role: member.role ?? roleOfJob(member.job) ?? roleOfJob(actor.subType) }
      : { key, label: `${shown(actor)} (unknown player)`, memberId: null, onRoster: false, role: roleOfJob(actor.subType) };
    players.set(key, ref);
    return ref;
  }

  return { resolve, players };
}

function characterKey(name: string, server: string | null): string {
  return `${name.trim().toLowerCase()}@${(server ?? "").trim().toLowerCase()}`;
}
