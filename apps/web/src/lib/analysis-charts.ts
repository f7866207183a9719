// The Analysis tab's charts as data: rows (the chart, its table and its CSV draw from the same
// ones) and sentences that describe them. Wording is descriptive, never advice (SPEC.md F).
import type { Consistency, FaultAggregate, PullRow, WipeType } from "./api";
import type { Column } from "./csv";
import { playerName, WIPE_TYPES } from "./pulls";

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Wipe types

export interface WipeTypeRow {
  type: WipeType;
  label: string;
  color: string;
  pulls: number;
  /** Percent of all pulls, one decimal. */
  share: number;
}

/** The types that occurred, kill first and resets last. */
export function wipeTypeRows(counts: Partial<Record<string, number>>): WipeTypeRow[] {
  const total = Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
  return WIPE_TYPES.flatMap(({ type, label, color }) => {
    const pulls = counts[type] ?? 0;
    return pulls > 0 ? [{ type, label, color, pulls, share: round((100 * pulls) / total, 1) }] : [];
  });
}

export const WIPE_TYPE_COLUMNS: readonly Column<WipeTypeRow>[] = [
  { header: "Type", value: (r) => r.label },
  { header: "Pulls", value: (r) => r.pulls },
  { header: "% of pulls", value: (r) => r.share },
];

/** "30 pulls: 12 mechanic, 8 cascade, 3 reset, 1 kill." */
export function describeWipeTypes(rows: readonly WipeTypeRow[]): string | null {
  const total = rows.reduce((sum, r) => sum + r.pulls, 0);
  if (total === 0) return null;
  const byCount = [...rows].sort((a, b) => b.pulls - a.pulls);
  return `${plural(total, "pull")}: ${byCount.map((r) => `${r.pulls} ${r.type === "dps-check" ? "DPS check" : r.label.toLowerCase()}`).join(", ")}.`;
}

// ---------------------------------------------------------------------------------------------
// What starts wipes: the first counted death's ability

export interface FirstDeathRow {
  ability: string;
  /** The row folding the abilities past the limit. */
  isRest: boolean;
  wipes: number;
  /** Who died first to it, most first: "Aoi 3, Ben 2". */
  players: string;
}

const isWipe = (p: PullRow) => !p.kill && p.wipeType !== "reset";
/** A wipe whose deaths are known (its events are in): the only ones a first death can be read from. */
const isKnownWipe = (p: PullRow) => isWipe(p) && p.eventsComplete;

/**
 * Wipes by the ability of their first counted death; past `limit` abilities, the rest in one row,
 * unless that row would outgrow the named causes ("20 other abilities" dwarfing the real ones): it
 * is then left out of the chart and said in words (describeFirstDeaths).
 */
export function firstDeathRows(pulls: readonly PullRow[], limit = 10): FirstDeathRow[] {
  const byAbility = new Map<string, Map<string, number>>();
  for (const p of pulls) {
    if (!isKnownWipe(p) || !p.firstDeath || p.firstDeath.forced !== null) continue;
    const players = byAbility.get(p.firstDeath.abilityName) ?? new Map<string, number>();
    const name = playerName(p.firstDeath.player);
    players.set(name, (players.get(name) ?? 0) + 1);
    byAbility.set(p.firstDeath.abilityName, players);
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const describe = (m: Map<string, number>) =>
    [...m.entries()]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([name, n]) => `${name} ${n}`)
      .join(", ");
  const rows = [...byAbility.entries()]
    .map(([ability, players]) => ({ ability, isRest: false, wipes: total(players), players: describe(players) }))
    .sort((a, b) => b.wipes - a.wipes || a.ability.localeCompare(b.ability));
  if (rows.length <= limit) return rows;
  const rest = rows.slice(limit - 1);
  const restWipes = rest.reduce((sum, r) => sum + r.wipes, 0);
  if (restWipes > (rows[0]?.wipes ?? 0)) return rows.slice(0, limit - 1);
  const folded = {
    ability: plural(rest.length, "other ability", "other abilities"),
    isRest: true,
    wipes: rest.reduce((s, r) => s + r.wipes, 0),
    players: "",
  };
  return [...rows.slice(0, limit - 1), folded];
}

export const FIRST_DEATH_COLUMNS: readonly Column<FirstDeathRow>[] = [
  { header: "Ability", value: (r) => r.ability },
  { header: "Wipes started", value: (r) => r.wipes },
  { header: "Died first", value: (r) => r.players },
];

/** "Ashfall started 8 of 26 wipes; Pyre Tethers 5." (and how many wipes' first death is unknown). */
export function describeFirstDeaths(rows: readonly FirstDeathRow[], pulls: readonly PullRow[]): string | null {
  const wipes = pulls.filter(isKnownWipe).length;
  const unknown = pulls.filter((p) => isWipe(p) && !p.eventsComplete).length;
  const [top, second] = rows;
  if (!top || wipes === 0) return null;
  const next = second && !second.isRest ? `; ${second.ability} ${second.wipes}` : "";
  const left = unknown > 0 ? ` ${plural(unknown, "more wipe")} without ${unknown === 1 ? "its" : "their"} events: first death unknown.` : "";
  const started = pulls.filter((p) => isKnownWipe(p) && p.firstDeath && p.firstDeath.forced === null).length;
  const shown = rows.reduce((sum, r) => sum + r.wipes, 0);
  const others =
    started > shown
      ? ` ${plural(started - shown, "more wipe")} started with other abilities, none of them more often than ${rows[rows.length - 1]?.ability ?? "those shown"} (not charted).`
      : "";
  return `${top.ability} started ${top.wipes} of ${plural(wipes, "wipe")}${unknown > 0 ? " with known deaths" : ""}${next}.${others}${left}`;
}

// ---------------------------------------------------------------------------------------------
// Deaths per player (from the consistency report: deaths that decided wipes, in eligible pulls;
// the cascade after the deciding death apart)

/** A player's consistency totals as the chart and its CSV show them. */
export type DeathRow = Pick<
  Consistency["players"][number],
  "player" | "onRoster" | "eligiblePulls" | "deaths" | "cascadeDeaths" | "firstDeaths" | "deathsPerPull"
>;

export function deathRows(report: Pick<Consistency, "players">): DeathRow[] {
  return report.players
    .map((p) => ({
      player: playerName(p.player),
      onRoster: p.onRoster,
      eligiblePulls: p.eligiblePulls,
      deaths: p.deaths,
      cascadeDeaths: p.cascadeDeaths,
      firstDeaths: p.firstDeaths,
      deathsPerPull: p.deathsPerPull,
    }))
    .sort((a, b) => b.deaths - a.deaths || b.firstDeaths - a.firstDeaths || a.player.localeCompare(b.player));
}

const onRoster = (r: { onRoster: boolean }) => (r.onRoster ? "yes" : "no");

export const DEATH_COLUMNS: readonly Column<DeathRow>[] = [
  { header: "Player", value: (r) => r.player },
  { header: "On roster", value: onRoster },
  { header: "Pulls", value: (r) => r.eligiblePulls },
  { header: "Deaths before the wipe was decided", value: (r) => r.deaths },
  { header: "Died first", value: (r) => r.firstDeaths },
  { header: "Deaths per pull", value: (r) => r.deathsPerPull },
  { header: "Deaths after (cascade)", value: (r) => r.cascadeDeaths },
];

/** "Aoi died first on 12 of 40 pulls." for the players who died first most often. */
export function describeFirstDeathsByPlayer(rows: readonly DeathRow[], top = 3): string[] {
  return [...rows]
    .filter((r) => r.firstDeaths > 0)
    .sort((a, b) => b.firstDeaths - a.firstDeaths || a.player.localeCompare(b.player))
    .slice(0, top)
    .map((r) => `${r.player} died first on ${r.firstDeaths} of ${plural(r.eligiblePulls, "pull")}.`);
}

// ---------------------------------------------------------------------------------------------
// Fault attribution per player

// In whole wipes: a wipe a player holds any share of counts once for them ("started"), and the
// ones they share with others are said apart, never as fractions ("44.36 wipes").
export interface FaultRow {
  player: string;
  onRoster: boolean;
  wipes: number;
  started: number;
  shared: number;
  firstDeaths: number;
  /** Wipes started per wipe the player was in, in percent. */
  perWipe: number;
}

export function faultRows(report: Pick<FaultAggregate, "players">): FaultRow[] {
  return report.players
    .map((p) => ({
      player: playerName(p.player),
      onRoster: p.onRoster,
      wipes: p.wipes,
      started: p.started,
      shared: p.shared,
      firstDeaths: p.firstDeaths,
      perWipe: p.wipes === 0 ? 0 : round((100 * p.started) / p.wipes, 1),
    }))
    .sort((a, b) => b.started - a.started || a.shared - b.shared || a.player.localeCompare(b.player));
}

export const FAULT_COLUMNS: readonly Column<FaultRow>[] = [
  { header: "Player", value: (r) => r.player },
  { header: "On roster", value: onRoster },
  { header: "Wipes in", value: (r) => r.wipes },
  { header: "Wipes started", value: (r) => r.started },
  { header: "Shared with others", value: (r) => r.shared },
  { header: "% of their wipes", value: (r) => r.perWipe },
  { header: "Died first", value: (r) => r.firstDeaths },
];

/** "Aoi started 12 of 40 wipes; shared 4 with others." for the top players. */
export function describeFaults(rows: readonly FaultRow[], top = 3): string[] {
  return rows
    .filter((r) => r.started > 0)
    .slice(0, top)
    .map((r) => `${r.player} started ${r.started} of ${plural(r.wipes, "wipe")}; shared ${r.shared} with others.`);
}

// ---------------------------------------------------------------------------------------------
// Consistency: deaths per pull per player over sessions

export interface ConsistencyRow {
  player: string;
  session: string;
  eligiblePulls: number;
  deaths: number;
  deathsPerPull: number | null;
}

export interface ConsistencyChart {
  sessions: { key: string; name: string }[];
  series: { player: string; values: (number | null)[] }[];
  rows: ConsistencyRow[];
}

/**
 * Sessions in time order (as listed), one line per player whose rate moved (a trend, not steady):
 * eight flat lines say nothing. A session with too few pulls for a player is a gap, not a zero.
 */
export function consistencyChart(
  report: Pick<Consistency, "players">,
  sessionOrder: readonly string[],
  names: ReadonlyMap<string, string>,
): ConsistencyChart {
  const moved = report.players.filter((p) => p.trend !== null && p.trend.direction !== "steady");
  const used = new Set(moved.flatMap((p) => p.sessions.filter((s) => s.deathsPerPull !== null).map((s) => s.sessionKey)));
  const sessions = sessionOrder.filter((key) => used.has(key)).map((key) => ({ key, name: names.get(key) ?? key }));
  const series = moved
    .map((p) => {
      const rate = new Map(p.sessions.map((s) => [s.sessionKey, s.deathsPerPull]));
      return { player: playerName(p.player), values: sessions.map((s) => rate.get(s.key) ?? null) };
    })
    .filter((s) => s.values.some((v) => v !== null));
  const rows = moved.flatMap((p) =>
    p.sessions
      .filter((s) => used.has(s.sessionKey))
      .map((s) => ({
        player: playerName(p.player),
        session: names.get(s.sessionKey) ?? s.sessionLabel,
        eligiblePulls: s.eligiblePulls,
        deaths: s.deaths,
        deathsPerPull: s.deathsPerPull,
      })),
  );
  return { sessions, series, rows };
}

export const CONSISTENCY_COLUMNS: readonly Column<ConsistencyRow>[] = [
  { header: "Player", value: (r) => r.player },
  { header: "Session", value: (r) => r.session },
  { header: "Pulls", value: (r) => r.eligiblePulls },
  { header: "Deaths", value: (r) => r.deaths },
  { header: "Deaths per pull", value: (r) => r.deathsPerPull },
];

const DIRECTION = { fewer: "fewer deaths", more: "more deaths", steady: "about the same" } as const;

/** "Aoi: 0.6 → 0.2 deaths per pull over 4 sessions (fewer deaths)." for players whose rate moved; the steady ones in one sentence. */
export function describeTrends(report: Pick<Consistency, "players">): string[] {
  const steady = report.players.filter((p) => p.trend?.direction === "steady").map((p) => playerName(p.player));
  return [
    ...report.players.flatMap((p) =>
      p.trend && p.trend.direction !== "steady"
        ? [
            `${playerName(p.player)}: ${p.trend.from} → ${p.trend.to} deaths per pull over ${p.trend.sessions} sessions (${DIRECTION[p.trend.direction]}).`,
          ]
        : [],
    ),
    ...(steady.length > 0 ? [`About the same over the sessions, not drawn: ${steady.join(", ")}.`] : []),
  ];
}

/** Why no trend is drawn: the API's own "Insufficient data: …" for the best-covered player. */
export function missingTrendMessage(report: Pick<Consistency, "players" | "message">): string | null {
  if (report.players.some((p) => p.trend !== null)) return null;
  const covered = [...report.players].sort((a, b) => b.eligiblePulls - a.eligiblePulls)[0];
  return covered?.trendMessage ?? report.message ?? "Insufficient data: no sessions yet.";
}
