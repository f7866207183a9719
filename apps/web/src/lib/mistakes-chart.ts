// The Analysis tab's "mistakes over sessions": the top mechanics' mistakes per session, of everyone
// or of one player. Unknown is a value: a session whose pulls have no events is "no data", never 0,
// and so is a session the chosen player was not in.
import type { MistakesOverSessions } from "./api";
import type { Column } from "./csv";

/** How many mechanics the chart draws (the rest are in no line; the table has the totals). */
export const TOP_MECHANICS = 5;

/** Everyone's mistakes, or one player's by their key ("" for the mistakes of nobody in the log). */
export type MistakesOf = { kind: "everyone" } | { kind: "player"; playerKey: string };

export interface MistakesRow {
  session: string;
  mechanic: string;
  /** null when unknown: see `reason`. */
  mistakes: number | null;
  /** Why `mistakes` is unknown. */
  reason: "no data" | "not in this session" | null;
  pullsWithEvents: number;
}

export interface MistakesChart {
  sessions: { key: string; name: string }[];
  /**
   * One line per mechanic, most mistakes first; a value per session, null where unknown; for
   * everyone's, who made them per session (["Aoi 4", "Ben 3"]), shown on hover.
   */
  series: { mechanic: string; total: number; values: (number | null)[]; byPlayer: string[][] }[];
  rows: MistakesRow[];
}

const playerKeyOf = (key: string | null) => key ?? "";

/** Players with mistakes over the scope, most first: what the chart can be narrowed to. */
export function mistakePlayers(m: MistakesOverSessions): { key: string; name: string; count: number }[] {
  return m.byPlayer.map((p) => ({ key: playerKeyOf(p.playerKey), name: p.player, count: p.count }));
}

/** Per session: the counts by mechanic name for whom was asked, or null when that session says nothing. */
function countsOf(session: MistakesOverSessions["sessions"][number], of: MistakesOf): Map<string, number> | "no data" | "not in this session" {
  if (session.pullsWithEvents === 0) return "no data";
  const counts = new Map<string, number>();
  if (of.kind === "everyone") {
    for (const m of session.byMechanic) counts.set(m.abilityName, (counts.get(m.abilityName) ?? 0) + m.count);
    return counts;
  }
  const player = session.byPlayer.find((p) => playerKeyOf(p.playerKey) === of.playerKey);
  // Mistakes of nobody in the log ("too few hit") have no attendance: a session with events counts them.
  if (!player && of.playerKey !== "" && !session.playersSeen.includes(of.playerKey)) return "not in this session";
  for (const m of player?.byMechanic ?? []) counts.set(m.abilityName, (counts.get(m.abilityName) ?? 0) + m.count);
  return counts;
}

/** The players who made a mechanic's mistakes in a session, most first: ["Aoi 4", "Ben 3", "Cleo 1", "and 2 more"]. */
function whoMade(session: MistakesOverSessions["sessions"][number], mechanic: string, shown = 3): string[] {
  const who = session.byPlayer
    .map((p) => ({ name: p.player, count: p.byMechanic.filter((x) => x.abilityName === mechanic).reduce((sum, x) => sum + x.count, 0) }))
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const listed = who.slice(0, shown).map((p) => `${p.name} ${p.count}`);
  return who.length > shown ? [...listed, `and ${who.length - shown} more`] : listed;
}

/**
 * The chart and its table: the `top` mechanics with the most mistakes (of everyone, or of the
 * player), one value per session in the order given.
 */
export function mistakesChart(m: MistakesOverSessions, of: MistakesOf, names: ReadonlyMap<string, string>, top = TOP_MECHANICS): MistakesChart {
  const sessions = m.sessions.map((s) => ({ key: s.sessionKey, name: names.get(s.sessionKey) ?? s.sessionLabel }));
  const perSession = m.sessions.map((s) => countsOf(s, of));
  const totals = new Map<string, number>();
  for (const counts of perSession) if (counts instanceof Map) for (const [name, n] of counts) totals.set(name, (totals.get(name) ?? 0) + n);
  const mechanics = [...totals.entries()]
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, top);
  const series = mechanics.map(([mechanic, total]) => ({
    mechanic,
    total,
    values: perSession.map((counts) => (counts instanceof Map ? (counts.get(mechanic) ?? 0) : null)),
    byPlayer: m.sessions.map((session) => (of.kind === "everyone" ? whoMade(session, mechanic) : [])),
  }));
  const rows = m.sessions.flatMap((s, i) => {
    const counts = perSession[i];
    return mechanics.map(
      ([mechanic]): MistakesRow => ({
        session: sessions[i]?.name ?? s.sessionLabel,
        mechanic,
        mistakes: counts instanceof Map ? (counts.get(mechanic) ?? 0) : null,
        reason: counts instanceof Map || counts === undefined ? null : counts,
        pullsWithEvents: s.pullsWithEvents,
      }),
    );
  });
  return { sessions, series, rows };
}

export const MISTAKES_OVER_SESSIONS_COLUMNS: readonly Column<MistakesRow>[] = [
  { header: "Session", value: (r) => r.session },
  { header: "Mechanic", value: (r) => r.mechanic },
  { header: "Mistakes", value: (r) => r.mistakes ?? r.reason },
  { header: "Pulls with events", value: (r) => r.pullsWithEvents },
];

const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString("en")} ${n === 1 ? word : many}`;

/**
 * "Pyre Tethers: 9 in Thu 12 Jun, 3 in Tue 10 Jun." per mechanic: the last session against the one
 * before it that has data; "no data" said as such.
 */
export function describeMistakes(chart: MistakesChart): string[] {
  const n = chart.sessions.length;
  return chart.series.map((s) => {
    const lastIndex = n - 1;
    const last = s.values[lastIndex];
    const lastName = chart.sessions[lastIndex]?.name ?? "";
    const head = `${s.mechanic}: ${plural(s.total, "mistake")} over ${plural(n, "session")}`;
    if (n < 2) return `${head}.`;
    const lastText = last === null || last === undefined ? `no data for ${lastName}` : `${last} in ${lastName}`;
    const beforeIndex = lastIndex - 1;
    const before = s.values[beforeIndex];
    const beforeName = chart.sessions[beforeIndex]?.name ?? "";
    const beforeText = before === null || before === undefined ? `no data for ${beforeName}` : `${before} in ${beforeName}`;
    return `${head}; ${lastText}, ${beforeText}.`;
  });
}
