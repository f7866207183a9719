// A deterministic, seeded synthetic FFLogs report: a fictional ultimate (five phases, two
// intermissions, named mechanics, an enrage) progged by an eight-player static over sessions, from
// 10 to thousands of pulls, ending in exactly one kill. The fight list is built up front (small);
// events are generated lazily per fight from a per-fight seed, so nothing ever holds all events and
// a fight's events do not depend on which other fights were generated first.
import type { RawEvent, RawFight, RawReport, RawReportData } from "../fflogs/schemas";
import type { ReportFileFormat } from "../file";
import {
  AUTO_ATTACK,
  BURNS,
  bossAt,
  GENERATED_ENCOUNTER,
  KILL_TIME_MS,
  LIMIT_BREAK,
  type MechanicKind,
  masterData,
  OCCURRENCES,
  type Occurrence,
  PHASE_STARTS,
  PHASES,
  PLAYER_IDS,
  phaseAt,
  TANK_IDS,
} from "./synthetic-encounter";
import { writeReportData } from "./write-report";

export { GENERATED_ENCOUNTER, type Mechanic, PLAYERS as GENERATED_PLAYERS } from "./synthetic-encounter";

export interface GenerateReportOptions {
  seed: number;
  /** Report code; default derived from the seed (16 letters and digits, like FFLogs). */
  code?: string;
  /** Boss pulls (fights); the last one is the only kill. */
  pulls: number;
  /** Average events per pull, all types (calculateddamage included), roughly proportional to pull length. Default 400. */
  eventsPerPull?: number;
  /** Epoch ms of the report's start. Default 2025-01-06T19:00:00Z. */
  startTime?: number;
  /**
   * Raid nights (sessions) the pulls are spread over, as evenly as they divide, each on a later
   * day than the last. Default: a new night whenever one has run three hours.
   */
  nights?: number;
}

export interface GeneratedReport extends RawReportData {
  /** Boss pulls in `report.fights` (the last one is the kill). */
  readonly pulls: number;
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: tiny, fast, good enough for synthetic data, and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derive an independent seed from several numbers (so fight N's events have their own stream). */
function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  /** `count` distinct items (fewer if the list is shorter). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(...pool.splice(Math.floor(this.next() * pool.length), 1));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Pulls

interface Death {
  /** Ms from pull start. */
  t: number;
  actor: number;
  abilityId: number;
  killer: number;
  /** Index in OCCURRENCES when a mechanic killed them; null for boss auto-attacks. */
  occurrence: number | null;
  /** Raised (back in the fight) at this time; null when they stay dead. */
  reviveAt: number | null;
}

interface PullPlan {
  fight: RawFight;
  durationMs: number;
  deaths: Death[];
}

const DAY_MS = 24 * 3600_000;
const SESSION_MS = 3 * 3600_000;
/** With `nights`, a night may run long: the next one starts on a later day, at least this much after it ended. */
const NIGHT_REST_MS = 12 * 3600_000;
/** Damage lands this long after the cast resolves; deaths follow the hit. */
const HIT_DELAY_MS = 600;

function victimCount(kind: MechanicKind, rng: Rng): number {
  switch (kind) {
    case "raidwide":
      return rng.int(2, 8);
    case "stack":
      return rng.int(2, 4);
    case "tower":
      return rng.int(1, 3);
    case "tether":
      return 2;
    case "enrage":
      return 8;
    default:
      return rng.int(1, 2);
  }
}

function chooseVictims(occurrence: Occurrence, alive: number[], rng: Rng): number[] {
  if (occurrence.mechanic.kind === "tankbuster") {
    const tanks = alive.filter((id) => TANK_IDS.includes(id));
    return tanks.length > 0 ? [rng.pick(tanks)] : rng.sample(alive, 1);
  }
  return rng.sample(alive, victimCount(occurrence.mechanic.kind, rng));
}

function planPull(fightId: number, start: number, kind: "kill" | "wipe" | "reset", wallMs: number, rng: Rng): PullPlan {
  const deaths: Death[] = [];
  const deadUntil = new Map<number, number>(); // actor → revive time (Infinity: stays dead)
  const aliveAt = (t: number) => PLAYER_IDS.filter((id) => (deadUntil.get(id) ?? -1) <= t);
  let durationMs: number;

  if (kind === "reset") {
    durationMs = rng.int(6_000, 40_000);
  } else {
    const limit = kind === "kill" ? KILL_TIME_MS : wallMs;
    const candidates = OCCURRENCES.map((o, index) => ({ o, index })).filter(({ o }) => o.t <= limit && o.mechanic.kind !== "enrage");
    let fatal: number | null = null;
    if (kind === "wipe") {
      const reachable = OCCURRENCES.map((o, index) => ({ o, index })).filter(({ o }) => o.t <= limit);
      if (rng.chance(0.12)) {
        fatal = rng.pick(reachable).index; // an early, unlucky wipe
      } else {
        // Most wipes happen at the group's wall, on the hard mechanics just before it.
        const weights = reachable.map(({ o }) => o.mechanic.difficulty * Math.exp(-(limit - o.t) / 45_000));
        let roll = rng.next() * weights.reduce((a, b) => a + b, 0);
        fatal = reachable.at(-1)?.index ?? 0;
        for (let i = 0; i < reachable.length; i++) {
          roll -= weights[i] ?? 0;
          if (roll <= 0) {
            fatal = reachable[i]?.index ?? fatal;
            break;
          }
        }
      }
    }
    const fatalT = fatal === null ? Infinity : (OCCURRENCES[fatal]?.t ?? Infinity);

    // Survivable deaths before the wipe (or in the kill): someone eats a mechanic and is raised.
    const earlier = candidates.filter(({ o }) => o.t < fatalT);
    const stumbles = earlier.length === 0 ? 0 : rng.chance(0.3) ? rng.int(1, 2) : 0;
    for (const { o, index } of rng.sample(earlier, stumbles).sort((a, b) => a.o.t - b.o.t)) {
      const alive = aliveAt(o.t);
      if (alive.length === 0) continue;
      const tanks = alive.filter((id) => TANK_IDS.includes(id));
      const actor = rng.pick(o.mechanic.kind === "tankbuster" && tanks.length > 0 ? tanks : alive);
      const t = o.t + HIT_DELAY_MS;
      const reviveAt = t + rng.int(8_000, 15_000);
      deaths.push({ t, actor, abilityId: o.mechanic.abilityId, killer: o.boss, occurrence: index, reviveAt });
      deadUntil.set(actor, reviveAt);
    }

    if (fatal === null) {
      durationMs = KILL_TIME_MS;
    } else {
      const occurrence = OCCURRENCES[fatal];
      if (!occurrence) throw new Error("unreachable: fatal occurrence");
      // Whoever is still down when it falls apart stays down.
      for (const death of deaths) {
        if (death.reviveAt !== null && death.reviveAt > occurrence.t) {
          death.reviveAt = null;
          deadUntil.set(death.actor, Infinity);
        }
      }
      let t = occurrence.t + HIT_DELAY_MS;
      for (const actor of chooseVictims(occurrence, aliveAt(occurrence.t), rng)) {
        deaths.push({ t, actor, abilityId: occurrence.mechanic.abilityId, killer: occurrence.boss, occurrence: fatal, reviveAt: null });
        deadUntil.set(actor, Infinity);
      }
      // The cascade: the rest die to what follows (next mechanics, or the boss's auto-attacks).
      let next = fatal + 1;
      for (const actor of rng.sample(aliveAt(t), 8)) {
        const candidate = t + rng.int(1_500, 6_000);
        const following = OCCURRENCES[next];
        if (following && following.t + HIT_DELAY_MS <= candidate) {
          t = following.t + HIT_DELAY_MS;
          deaths.push({ t, actor, abilityId: following.mechanic.abilityId, killer: following.boss, occurrence: next, reviveAt: null });
          next++;
        } else {
          t = candidate;
          deaths.push({ t, actor, abilityId: AUTO_ATTACK.gameID, killer: bossAt(t), occurrence: null, reviveAt: null });
        }
        deadUntil.set(actor, Infinity);
      }
      durationMs = t + rng.int(1_500, 4_000);
    }
  }

  deaths.sort((a, b) => a.t - b.t);
  return { fight: fightRow(fightId, start, durationMs, kind === "kill"), durationMs, deaths };
}

function fightRow(id: number, start: number, durationMs: number, kill: boolean): RawFight {
  const phase = phaseAt(durationMs);
  const phaseDef = PHASES[phase];
  const phaseStart = PHASE_STARTS[phase] ?? 0;
  const sameKind = PHASES.slice(0, phase + 1).filter((p) => p.intermission === phaseDef?.intermission).length;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  // HP tracks time; a wipe to the enrage leaves the boss a sliver (the enrage lands after the kill time).
  const reached = Math.min(durationMs, KILL_TIME_MS - 2_000);
  const remaining = kill ? 0 : Math.max(0.01, round2(100 * (1 - reached / KILL_TIME_MS)));
  const bossRemaining = kill ? 0 : Math.max(0.01, round2(100 * (1 - (reached - phaseStart) / (phaseDef?.durationMs ?? 1))));
  return {
    id,
    encounterID: GENERATED_ENCOUNTER.id,
    name: GENERATED_ENCOUNTER.name,
    difficulty: GENERATED_ENCOUNTER.difficulty,
    size: 8,
    startTime: start,
    endTime: start + durationMs,
    kill,
    fightPercentage: remaining,
    bossPercentage: bossRemaining,
    lastPhase: sameKind,
    lastPhaseAsAbsoluteIndex: phase,
    lastPhaseIsIntermission: phaseDef?.intermission ?? false,
    // FFLogs phase ids are 1-based and absolute; their times are report-relative like everything else.
    phaseTransitions: PHASE_STARTS.slice(0, phase + 1).map((s, index) => ({ id: index + 1, startTime: start + s })),
    friendlyPlayers: [...PLAYER_IDS],
  };
}

function defaultCode(seed: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const rng = new Rng(mixSeed(seed, 0xc0de));
  let code = "";
  while (code.length < 16) code += rng.pick([...alphabet]);
  return code;
}

export function generateReport(options: GenerateReportOptions): GeneratedReport {
  const { seed, pulls } = options;
  if (!Number.isSafeInteger(pulls) || pulls < 1) throw new RangeError("pulls must be a positive integer");
  const { nights } = options;
  if (nights !== undefined && (!Number.isSafeInteger(nights) || nights < 1 || nights > pulls))
    throw new RangeError("nights must be a positive integer, at most pulls");
  const eventsPerPull = options.eventsPerPull ?? 400;
  const reportStart = options.startTime ?? Date.UTC(2025, 0, 6, 19, 0, 0);
  const rng = new Rng(mixSeed(seed, 0xf1647));

  const plans = new Map<number, PullPlan>();
  let sessionStart = 0;
  let cursor = rng.int(5, 15) * 60_000;
  let sessionPull = 0;
  for (let i = 0; i < pulls; i++) {
    // Pull i belongs to night floor(i * nights / pulls): every night gets pulls / nights, give or take one.
    const newNight =
      nights === undefined ? cursor - sessionStart > SESSION_MS : i > 0 && Math.floor((i * nights) / pulls) > Math.floor(((i - 1) * nights) / pulls);
    if (newNight) {
      sessionStart += DAY_MS * (rng.chance(0.7) ? 1 : 2);
      while (sessionStart < cursor + NIGHT_REST_MS) sessionStart += DAY_MS;
      cursor = sessionStart + rng.int(5, 15) * 60_000;
      sessionPull = 0;
    }
    const isLast = i === pulls - 1;
    // Progress: the wall moves through the fight as pulls go by; each session starts rusty.
    const progress = pulls === 1 ? 1 : i / (pulls - 1);
    let wall = 0.05 + 0.95 * progress ** 0.75;
    if (sessionPull < 3) wall *= 0.55 + 0.15 * sessionPull + 0.1 * rng.next();
    wall = Math.min(1, wall * (0.8 + 0.25 * rng.next()));
    const wallMs = wall * KILL_TIME_MS;
    const firstMechanic = OCCURRENCES[0]?.t ?? 0;
    const kind = isLast ? "kill" : wallMs < firstMechanic || (sessionPull > 0 && rng.chance(0.05)) ? "reset" : "wipe";
    const fightId = i + 1;
    const plan = planPull(fightId, cursor, kind, wallMs, rng);
    plans.set(fightId, plan);
    cursor += plan.durationMs + rng.int(25_000, 110_000);
    sessionPull++;
  }

  const fights = [...plans.values()].map((p) => p.fight);
  const lastEnd = fights.at(-1)?.endTime ?? 0;
  const meanDurationMs = [...plans.values()].reduce((sum, p) => sum + p.durationMs, 0) / pulls;
  const report: RawReport = {
    code: options.code ?? defaultCode(seed),
    title: `${GENERATED_ENCOUNTER.name} prog (synthetic, seed ${seed})`,
    startTime: reportStart,
    endTime: reportStart + lastEnd + 60_000,
    revision: 1,
    owner: { name: "progboard" },
    zone: { ...GENERATED_ENCOUNTER.zone },
    fights,
    masterData: masterData(),
  };

  return {
    report,
    pulls,
    events(fightId: number): Iterable<RawEvent> {
      const plan = plans.get(fightId);
      if (!plan) return [];
      return {
        [Symbol.iterator]: () => buildEvents(plan, eventsPerPull * (plan.durationMs / meanDurationMs), mixSeed(seed, fightId, 0xe7e)).values(),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Events of one pull

function buildEvents(plan: PullPlan, targetCount: number, seed: number): RawEvent[] {
  const rng = new Rng(seed);
  const { fight, durationMs, deaths } = plan;
  const base = fight.startTime;
  const fightId = fight.id;
  const events: RawEvent[] = [];
  let packet = fightId * 1_000_000;
  const isAlive = (actor: number, t: number) => deaths.every((d) => d.actor !== actor || t < d.t || (d.reviveAt !== null && t >= d.reviveAt));
  const alive = (t: number) => PLAYER_IDS.filter((id) => isAlive(id, t));

  const hit = (t: number, source: number, target: number, abilityGameID: number, amount: number, overkill?: number) => {
    const packetID = ++packet;
    const unmitigatedAmount = Math.round(amount * (1.2 + rng.next() * 0.4));
    const common = { sourceID: source, targetID: target, abilityGameID, fight: fightId, hitType: 1, amount, unmitigatedAmount, packetID };
    // FFXIV logs the computed hit first and the applied hit later, with the same packetID.
    events.push({ timestamp: base + t - rng.int(300, 500), type: "calculateddamage", ...common });
    events.push({ timestamp: base + t, type: "damage", ...common, ...(overkill ? { overkill } : {}) });
  };

  OCCURRENCES.forEach((o, index) => {
    const castStart = o.t - o.mechanic.castMs;
    if (castStart >= durationMs) return;
    const victims = deaths.filter((d) => d.occurrence === index).map((d) => d.actor);
    const tankTarget = victims.find((id) => TANK_IDS.includes(id)) ?? alive(Math.max(0, castStart)).find((id) => TANK_IDS.includes(id));
    const target = o.mechanic.kind === "tankbuster" ? (tankTarget ?? -1) : -1;
    events.push({
      timestamp: base + Math.max(0, castStart),
      type: "begincast",
      sourceID: o.boss,
      targetID: target,
      abilityGameID: o.mechanic.abilityId,
      fight: fightId,
      duration: o.mechanic.castMs,
    });
    if (o.t >= durationMs) return;
    events.push({ timestamp: base + o.t, type: "cast", sourceID: o.boss, targetID: target, abilityGameID: o.mechanic.abilityId, fight: fightId });

    const standing = alive(o.t).filter((id) => !victims.includes(id));
    let targets: number[];
    switch (o.mechanic.kind) {
      case "tankbuster":
        targets = standing.filter((id) => id === target).slice(0, 1);
        break;
      case "tether":
      case "tower":
        targets = rng.sample(standing, o.mechanic.kind === "tether" ? 2 : 4);
        break;
      case "debuff":
        targets = rng.sample(standing, Math.max(0, 2 - victims.length));
        break;
      default:
        targets = standing;
    }
    const hitAt = o.t + HIT_DELAY_MS;
    if (hitAt >= durationMs) return;
    if (o.mechanic.status) {
      const statusId = o.mechanic.status.id;
      for (const actor of [...victims, ...targets]) {
        const appliedAt = Math.max(0, o.t - o.mechanic.status.durationMs);
        events.push({
          timestamp: base + appliedAt,
          type: "applydebuff",
          sourceID: o.boss,
          targetID: actor,
          abilityGameID: statusId,
          fight: fightId,
          duration: o.mechanic.status.durationMs,
        });
        events.push({ timestamp: base + o.t, type: "removedebuff", sourceID: o.boss, targetID: actor, abilityGameID: statusId, fight: fightId });
      }
    }
    const heavy = o.mechanic.kind === "tankbuster" ? 2.4 : o.mechanic.kind === "enrage" ? 20 : 1;
    for (const actor of targets) hit(hitAt + rng.int(0, 40), o.boss, actor, o.mechanic.abilityId, Math.round(rng.int(52_000, 98_000) * heavy));
  });

  for (const death of deaths) {
    const amount = rng.int(120_000, 260_000);
    hit(death.t, death.killer, death.actor, death.abilityId, amount, rng.int(10_000, 90_000));
    events.push({
      timestamp: base + death.t + 1,
      type: "death",
      sourceID: -1,
      targetID: death.actor,
      abilityGameID: death.abilityId,
      fight: fightId,
      killerID: death.killer,
      killingAbilityGameID: death.abilityId,
    });
  }

  // The limit break: a friendly cast no stream selects (enemy casts only), there to be filtered out.
  if (durationMs > 60_000)
    events.push({ timestamp: base + 50_000, type: "cast", sourceID: 9, targetID: -1, abilityGameID: LIMIT_BREAK.gameID, fight: fightId });

  // Filler up to the requested density: boss auto-attacks on the tank (a hit pair) and DoT ticks.
  const fillerEvents = Math.max(0, Math.round(targetCount) - events.length);
  if (fillerEvents > 0) {
    const units = fillerEvents / 1.4; // 40% auto-attacks (2 events), 60% ticks (1 event)
    const gap = durationMs / units;
    let produced = 0;
    for (let t = gap * rng.next(); t < durationMs - HIT_DELAY_MS && produced < fillerEvents; t += -Math.log(1 - rng.next()) * gap) {
      const ts = Math.floor(t);
      const standing = alive(ts);
      if (standing.length === 0) break;
      const boss = bossAt(ts);
      if (rng.chance(0.4)) {
        const tank = standing.find((id) => TANK_IDS.includes(id)) ?? rng.pick(standing);
        if (ts < 600) continue;
        hit(ts, boss, tank, AUTO_ATTACK.gameID, rng.int(18_000, 32_000));
        produced += 2;
      } else {
        events.push({
          timestamp: base + ts,
          type: "damage",
          sourceID: boss,
          targetID: rng.pick(standing),
          abilityGameID: BURNS.gameID,
          fight: fightId,
          tick: true,
          amount: rng.int(3_000, 9_000),
        });
        produced += 1;
      }
    }
  }

  // Hits resolving after the last death are cut, as FFLogs ends the fight there.
  const end = base + durationMs;
  return events.filter((e) => e.timestamp >= base && e.timestamp <= end).sort((a, b) => a.timestamp - b.timestamp);
}

// ---------------------------------------------------------------------------------------------
// Files

export interface WriteReportFileOptions extends GenerateReportOptions {
  /** Default from the file name: `.jsonl` / `.ndjson` → JSON Lines, otherwise one JSON document. */
  format?: ReportFileFormat;
  /** Events per page line. Default 10,000 (FFLogs' maximum page). */
  pageSize?: number;
}

/** Generate a report straight to disk, streaming (memory stays flat whatever the size). */
export async function writeReportFile(path: string, options: WriteReportFileOptions): Promise<void> {
  await writeReportData(path, generateReport(options), { format: options.format, pageSize: options.pageSize });
}
