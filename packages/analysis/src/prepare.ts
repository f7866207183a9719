// The one entry point that touches raw input: index actors and abilities per report, digest each
// pull's events once, number the pulls, assign sessions and classify wipes. Every view
// (pulls table, prog curve, session report, faults, consistency) reads the result.
import {
  createReportContext,
  type DigestContext,
  digestPull,
  type PullDigest,
  type ReportContext,
  rebindPlayers,
  resolveAbilityIds,
  resolveMechanics,
} from "./digest";
import { compareText } from "./format";
import { findMistakes, type Mistake } from "./mistakes";
import { type AnalysisOptions, type AnalysisOptionsInput, resolveOptions } from "./options";
import { absolutePhase, phaseLabel } from "./phases";
import { createPlayerIndex, isPlayerActor, type PlayerRef } from "./players";
import { type Session, sessionOf } from "./sessions";
import { type Ability, type Actor, type AnalysisInput, type Pull, pullKey, ruleOf, type StaticConfig } from "./types";
import { classifyWipe, type WipeClassification } from "./wipes";

export interface PreparedPull {
  pull: Pull;
  key: string;
  /** 1-based, per encounter, in time order across every report given (a pull logged twice counts once). */
  pullNumber: number;
  /** Other reports that logged this same pull (another member's log of the night): not counted again. */
  alsoIn: string[];
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
  absolutePhase: number;
  phaseLabel: string;
  session: Session;
  /** False when no events were given for the pull: deaths and hits are then unknown. */
  hasEvents: boolean;
  digest: PullDigest;
  /** Mistakes without deaths (mistakes.ts); empty when the events are missing (then unknown). */
  mistakes: Mistake[];
  wipe: WipeClassification;
}

export interface Analysis {
  options: AnalysisOptions;
  config: StaticConfig;
  /** Boss pulls only (trash dropped), in time order. */
  pulls: PreparedPull[];
  players: ReadonlyMap<string, PlayerRef>;
}

const NO_EVENTS: readonly never[] = [];

/**
 * Per pull, how to read its events: the digest context (the report's players and ability names,
 * the encounter's configured mechanics, enrage and watched abilities, resolved once per report and
 * encounter). Built from everything but the events, so a loader can ask `eventsNeeded` first.
 */
function createPlanner(input: Omit<AnalysisInput, "eventsByPull" | "digests">, options: AnalysisOptions) {
  const { config } = input;
  const index = createPlayerIndex(config.roster, config.aliases, input.actors);
  const reports = indexReports(input.actors, input.abilities, index);
  const stratsByEncounter = groupBy(config.strats, (s) => s.encounterId);
  const watchedByEncounter = new Map<number, Set<number>>();
  for (const p of config.progPoints) {
    if (p.abilityId === null) continue;
    const set = watchedByEncounter.get(p.encounterId) ?? new Set<number>();
    set.add(p.abilityId);
    watchedByEncounter.set(p.encounterId, set);
  }
  const emptyReport = createReportContext([], [], index);
  const contexts = new Map<string, DigestContext>();
  const contextFor = (pull: Pull): DigestContext => {
    const cacheKey = `${pull.reportCode}#${pull.encounterId}`;
    let ctx = contexts.get(cacheKey);
    if (!ctx) {
      const report = reports.get(pull.reportCode) ?? emptyReport;
      ctx = {
        report,
        mechanics: resolveMechanics(stratsByEncounter.get(pull.encounterId) ?? [], report),
        enrageIds: resolveAbilityIds(options.enrageAbilities, report),
        watched: watchedByEncounter.get(pull.encounterId) ?? new Set(),
        burstWindowMs: options.burstWindowMs,
      };
      contexts.set(cacheKey, ctx);
    }
    return ctx;
  };

  // Trash (encounter 0) is not a pull; a fight given twice counts once.
  const unique = new Map<string, Pull>();
  for (const p of input.pulls)
    if (p.encounterId !== 0 && !unique.has(pullKey(p.reportCode, p.fightId))) unique.set(pullKey(p.reportCode, p.fightId), p);
  const boss = [...unique.values()].sort(
    (a, b) => a.reportStartTime + a.startTime - (b.reportStartTime + b.startTime) || compareText(a.reportCode, b.reportCode) || a.fightId - b.fightId,
  );
  return { index, boss, contextFor };
}

/**
 * Which events the digests read, so a loader can fetch only those (any other event leaves every
 * digest unchanged):
 * - every death;
 * - direct (non-tick) damage from a configured mechanic (`hitIds`);
 * - applications (`applydebuff`, `applydebuffstack`) of configured failure debuffs (`debuffIds`,
 *   both the game's and FFLogs' status ids);
 * - per pull, the first event of each watched prog-point ability (`firstAnyIds`), and the first
 *   cast or damage of each enrage ability (`firstCastIds`): only the first is looked at;
 * - for a death that names no killing ability, the damage event on that player just before it;
 * - every event of the pulls that name no players of their own (presence comes from the events).
 */
export interface EventsNeeded {
  /** Per report. */
  abilities: Map<string, { hitIds: Set<number>; debuffIds: Set<number>; firstAnyIds: Set<number>; firstCastIds: Set<number> }>;
  /** The pulls whose every event is read, by pullKey (as `eventsByPull` is keyed). */
  pullsReadingAllEvents: Set<string>;
}

export function eventsNeeded(input: Omit<AnalysisInput, "eventsByPull" | "digests">, optionsInput?: AnalysisOptionsInput): EventsNeeded {
  const { boss, contextFor } = createPlanner(input, resolveOptions(optionsInput));
  const abilities: EventsNeeded["abilities"] = new Map();
  for (const pull of boss) {
    const ctx = contextFor(pull);
    let ids = abilities.get(pull.reportCode);
    if (!ids) abilities.set(pull.reportCode, (ids = { hitIds: new Set(), debuffIds: new Set(), firstAnyIds: new Set(), firstCastIds: new Set() }));
    for (const [id, entry] of ctx.mechanics) (ruleOf(entry) === "debuff" ? ids.debuffIds : ids.hitIds).add(id);
    for (const id of ctx.watched) ids.firstAnyIds.add(id);
    for (const id of ctx.enrageIds) ids.firstCastIds.add(id);
  }
  const pullsReadingAllEvents = new Set(pullsListingNoPlayers(input.pulls, input.actors).map((p) => pullKey(p.reportCode, p.fightId)));
  return { abilities, pullsReadingAllEvents };
}

/**
 * Boss pulls whose `friendlyPlayers` name none of their report's players: their digests read
 * presence from every event (the part of eventsNeeded that needs no config).
 */
export function pullsListingNoPlayers(pulls: readonly Pull[], actors: readonly Actor[]): Pull[] {
  const playersByReport = new Map<string, Set<number>>();
  for (const a of actors) {
    if (!isPlayerActor(a)) continue;
    let ids = playersByReport.get(a.reportCode);
    if (!ids) playersByReport.set(a.reportCode, (ids = new Set()));
    ids.add(a.id);
  }
  return pulls.filter((p) => {
    const players = playersByReport.get(p.reportCode);
    return p.encounterId !== 0 && !(p.friendlyPlayers ?? []).some((id) => players?.has(id) === true);
  });
}

/** Indexes and digests the input once (single pass over each pull's events); every view reads the result. */
export function prepareAnalysis(input: AnalysisInput, optionsInput?: AnalysisOptionsInput): Analysis {
  const options = resolveOptions(optionsInput);
  const { config } = input;
  const { index, boss, contextFor } = createPlanner(input, options);
  const rule = { by: options.sessionBy, timeZone: config.timeZone, nightStartHour: options.nightStartHour };
  // A report's pulls share one session (when sessions are reports): made once per report.
  const reportSessions = new Map<string, Session>();
  const sessionOfPull = (pull: Pull): Session => {
    if (rule.by !== "report") return sessionOf(pull, rule);
    let session = reportSessions.get(pull.reportCode);
    if (!session) reportSessions.set(pull.reportCode, (session = sessionOf(pull, rule)));
    return session;
  };

  const prepared = boss.map((pull): PreparedPull => {
    const key = pullKey(pull.reportCode, pull.fightId);
    const events = input.eventsByPull.get(key);
    const kept = input.digests?.get(key);
    const digest = kept ? rebindPlayers(kept, index.players) : digestPull(pull, events ?? NO_EVENTS, contextFor(pull));
    const durationMs = Math.max(0, pull.endTime - pull.startTime);
    const hasEvents = pull.eventsComplete ?? (events !== undefined || input.digests?.has(key) === true);
    const mistakes = hasEvents ? findMistakes(pull, digest, options) : [];
    return {
      pull,
      key,
      pullNumber: 0,
      alsoIn: [],
      startedAt: pull.reportStartTime + pull.startTime,
      durationMs,
      absolutePhase: absolutePhase(pull),
      phaseLabel: phaseLabel(pull, options.phaseLayouts[pull.encounterId]),
      session: sessionOfPull(pull),
      hasEvents,
      digest,
      mistakes,
      wipe: classifyWipe(pull, digest, options, hasEvents, mistakes),
    };
  });
  const playersOf = (p: Pull) => new Set((p.friendlyPlayers ?? []).flatMap((id) => contextFor(p).report.players.get(id)?.key ?? []));
  const pulls = mergeOverlapping(prepared, playersOf);
  const numbers = new Map<number, number>();
  for (const p of pulls) {
    p.pullNumber = (numbers.get(p.pull.encounterId) ?? 0) + 1;
    numbers.set(p.pull.encounterId, p.pullNumber);
  }
  return { options, config, pulls, players: index.players };
}

/** Two logs of one pull start within this much of each other (loggers' clocks and joins differ). */
export const SAME_PULL_WINDOW_MS = 10_000;

/**
 * One pull, one count: pulls of the same encounter in different reports that start within
 * SAME_PULL_WINDOW_MS and share players (two members logged the same night) are one pull. The
 * fuller log is kept (with its events, then more players listed, then longer); the others are
 * named in its `alsoIn`. `pulls` are in time order; so is the result.
 */
function mergeOverlapping(pulls: readonly PreparedPull[], playersOf: (pull: Pull) => ReadonlySet<string>): PreparedPull[] {
  const kept: PreparedPull[] = [];
  const players = new Map<PreparedPull, ReadonlySet<string>>();
  const fuller = (a: PreparedPull, b: PreparedPull) =>
    Number(a.hasEvents) - Number(b.hasEvents) || (players.get(a)?.size ?? 0) - (players.get(b)?.size ?? 0) || a.durationMs - b.durationMs;
  for (const p of pulls) {
    players.set(p, playersOf(p.pull));
    const mine = players.get(p) ?? new Set<string>();
    let same: number | null = null;
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i] as PreparedPull;
      if (p.startedAt - k.startedAt > SAME_PULL_WINDOW_MS) break;
      if (k.pull.encounterId !== p.pull.encounterId || k.pull.reportCode === p.pull.reportCode || k.alsoIn.includes(p.pull.reportCode)) continue;
      const theirs = players.get(k) ?? new Set<string>();
      if ([...mine].some((key) => theirs.has(key))) {
        same = i;
        break;
      }
    }
    if (same === null) {
      kept.push(p);
      continue;
    }
    const other = kept[same] as PreparedPull;
    if (fuller(p, other) > 0) {
      p.alsoIn = [...other.alsoIn, other.pull.reportCode];
      kept[same] = p;
    } else other.alsoIn.push(p.pull.reportCode);
  }
  // A fuller log kept in an earlier one's place may start a few seconds later: back in time order.
  return kept.sort((a, b) => a.startedAt - b.startedAt);
}

/** Groups event rows (as the `events` table holds them) into the `eventsByPull` map, one pass. */
export function groupEventsByPull<E extends { reportCode: string; fightId: number }>(rows: Iterable<E>): Map<string, E[]> {
  const out = new Map<string, E[]>();
  for (const row of rows) {
    const key = pullKey(row.reportCode, row.fightId);
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

/** Pulls of one encounter (or all), in time order. */
export function pullsOf(analysis: Analysis, encounterId?: number): PreparedPull[] {
  return encounterId === undefined ? analysis.pulls : analysis.pulls.filter((p) => p.pull.encounterId === encounterId);
}

/** Eligible for per-player statistics: a pull with its events that is not a reset. */
export function isEligible(p: PreparedPull): boolean {
  return p.hasEvents && p.wipe.type !== "reset";
}

/** How many pulls a death- or fault-based figure leaves out, and why, in words. */
export interface ExcludedPulls {
  /** Pulls whose events were not (all) imported: their deaths are unknown. */
  noEvents: number;
  /** Resets: nothing happened to count. */
  resets: number;
  /** "2 pulls left out: 1 without its events (unknown deaths), 1 reset." or null when none. */
  message: string | null;
}

export function excludedPulls(pulls: readonly PreparedPull[]): ExcludedPulls {
  let noEvents = 0;
  let resets = 0;
  for (const p of pulls) {
    if (!p.hasEvents) noEvents++;
    else if (p.wipe.type === "reset") resets++;
  }
  const parts = [
    ...(noEvents > 0 ? [`${noEvents} without ${noEvents === 1 ? "its" : "their"} events (deaths unknown)`] : []),
    ...(resets > 0 ? [`${resets} ${resets === 1 ? "reset" : "resets"}`] : []),
  ];
  const total = noEvents + resets;
  return { noEvents, resets, message: total === 0 ? null : `${total} ${total === 1 ? "pull" : "pulls"} left out: ${parts.join(", ")}.` };
}

/** Pulls grouped by session, sessions in time order of their first pull. */
export function groupBySession(pulls: readonly PreparedPull[]): { session: Session; pulls: PreparedPull[] }[] {
  const out = new Map<string, { session: Session; pulls: PreparedPull[] }>();
  for (const p of pulls) {
    const group = out.get(p.session.key);
    if (group) group.pulls.push(p);
    else out.set(p.session.key, { session: p.session, pulls: [p] });
  }
  return [...out.values()];
}

function indexReports(
  actors: readonly Actor[],
  abilities: readonly Ability[],
  index: ReturnType<typeof createPlayerIndex>,
): Map<string, ReportContext> {
  const actorsBy = groupBy(actors, (a) => a.reportCode);
  const abilitiesBy = groupBy(abilities, (a) => a.reportCode);
  const out = new Map<string, ReportContext>();
  for (const code of new Set([...actorsBy.keys(), ...abilitiesBy.keys()])) {
    out.set(code, createReportContext(actorsBy.get(code) ?? [], abilitiesBy.get(code) ?? [], index));
  }
  return out;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
