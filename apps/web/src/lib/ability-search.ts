// The Strats tab's mechanic search: which of the fight's abilities a typed query means, best first.

/** What the search reads of an ability. */
export interface Searchable {
  id: number;
  name: string;
}

/** How many matches the list shows at once; the rest are counted ("type more to narrow"). */
export const ABILITY_MATCHES_SHOWN = 50;

/** Text folded for matching: case, accents and runs of spaces do not count ("Æthéric  Boom" ~ "aetheric boom"). */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/œ/g, "oe")
    .replace(/ß/g, "ss")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * How well an ability matches the folded query, lower is better; null when it does not. An exact
 * id beats a name that starts with the query, which beats a word of the name starting with it,
 * which beats the query anywhere in the name or the id.
 */
function rank(ability: Searchable, folded: string, name: string): number | null {
  const id = String(ability.id);
  if (id === folded) return 0;
  if (name === folded) return 1;
  if (name.startsWith(folded)) return 2;
  if (id.startsWith(folded)) return 3;
  if (name.includes(` ${folded}`) || name.includes(`-${folded}`)) return 4;
  if (name.includes(folded)) return 5;
  if (id.includes(folded)) return 6;
  return null;
}

export interface AbilityMatches<T> {
  /** The matches shown, best first (the fight's order among equals). */
  shown: T[];
  /** Every match, shown or not. */
  total: number;
}

/**
 * The abilities a query matches by name (ignoring case and accents) or by id, best first; an empty
 * query matches all of them in the order given. At most `limit` are returned.
 */
export function filterAbilities<T extends Searchable>(abilities: readonly T[], query: string, limit = ABILITY_MATCHES_SHOWN): AbilityMatches<T> {
  const folded = foldText(query);
  if (folded === "") return { shown: abilities.slice(0, limit), total: abilities.length };
  const ranked: { ability: T; rank: number; index: number }[] = [];
  abilities.forEach((ability, index) => {
    const r = rank(ability, folded, foldText(ability.name));
    if (r !== null) ranked.push({ ability, rank: r, index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return { shown: ranked.slice(0, limit).map((r) => r.ability), total: ranked.length };
}

/** The ability a mechanic reference names exactly by id, if it is in the list. */
export function abilityOfRef<T extends Searchable>(abilities: readonly T[], ref: string): T | undefined {
  const trimmed = ref.trim();
  return /^\d+$/.test(trimmed) ? abilities.find((a) => String(a.id) === trimmed) : undefined;
}
