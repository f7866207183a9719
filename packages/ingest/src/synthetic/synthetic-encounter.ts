// The synthetic encounter the generator plays: "The Cinder Throne (Ultimate)", fictional: five
// phases and two intermissions with named mechanics (ability ids, status debuffs) and an enrage,
// and the eight-player static (plus the limit-break pseudo-actors and a pet) that progs it.

import type { RawAbility, RawActor } from "../fflogs/schemas";
import { STATUS_ID_OFFSET } from "../normalize";

export type MechanicKind = "raidwide" | "tankbuster" | "spread" | "stack" | "tower" | "tether" | "debuff" | "enrage";

export interface Mechanic {
  name: string;
  abilityId: number;
  kind: MechanicKind;
  /** How often it ends a pull, relative to other mechanics near the group's wall. */
  difficulty: number;
  castMs: number;
  /** Debuff mechanics: the status applied before the mechanic resolves (id offset by 1,000,000). */
  status?: { id: number; name: string; durationMs: number };
}

export interface Phase {
  name: string;
  intermission: boolean;
  boss: number;
  durationMs: number;
  timeline: [atMs: number, mechanic: Mechanic][];
}

const m = (name: string, abilityId: number, kind: MechanicKind, difficulty: number, castMs = 4000, status?: Mechanic["status"]): Mechanic => ({
  name,
  abilityId,
  kind,
  difficulty,
  castMs,
  ...(status ? { status } : {}),
});
const status = (id: number, name: string, durationMs: number) => ({ id: STATUS_ID_OFFSET + id, name, durationMs });

export const M = {
  cinderCrown: m("Cinder Crown", 32001, "raidwide", 0.15),
  searingCleave: m("Searing Cleave", 32002, "tankbuster", 0.25, 5000),
  ashfall: m("Ashfall", 32003, "debuff", 0.6, 3000, status(3901, "Ashbrand", 12_000)),
  pyreTethers: m("Pyre Tethers", 32004, "tether", 0.5),
  crownfall: m("Crownfall", 32005, "stack", 0.35),
  emberRain: m("Ember Rain", 32010, "raidwide", 0.1),
  kindlingTowers: m("Kindling Towers", 32011, "tower", 0.55, 6000),
  wyrmfire: m("Wyrmfire", 32012, "raidwide", 0.3, 6000),
  duskBlade: m("Dusk Blade", 32020, "tankbuster", 0.3, 5000),
  mirroredEdge: m("Mirrored Edge", 32021, "spread", 0.5),
  twilightChains: m("Twilight Chains", 32022, "debuff", 0.65, 3000, status(3902, "Chains of Dusk", 15_000)),
  umbralStack: m("Umbral Convergence", 32023, "stack", 0.4),
  eclipse: m("Eclipse", 32024, "raidwide", 0.2),
  rekindle: m("Rekindle", 32030, "raidwide", 0.2),
  throneOfThorns: m("Throne of Thorns", 32031, "tower", 0.6, 6000),
  ashenMirror: m("Ashen Mirror", 32032, "spread", 0.55),
  sovereignsDoom: m("Sovereign's Doom", 32033, "debuff", 0.7, 3000, status(3903, "Doom", 20_000)),
  collapse: m("Collapse", 32040, "raidwide", 0.25),
  fallingEmbers: m("Falling Embers", 32041, "spread", 0.5, 3000),
  heartbeat: m("Heartbeat", 32050, "raidwide", 0.2),
  arterialFlare: m("Arterial Flare", 32051, "tether", 0.6),
  bloodPact: m("Blood Pact", 32052, "debuff", 0.7, 3000, status(3904, "Blood Pact", 18_000)),
  pulseWave: m("Pulse Wave", 32053, "stack", 0.45),
  coreBreach: m("Core Breach", 32054, "tankbuster", 0.35, 5000),
  lastEmber: m("Last Ember", 32060, "raidwide", 0.3),
  worldpyre: m("Worldpyre", 32061, "tower", 0.65, 6000),
  crownOfRuin: m("Crown of Ruin", 32062, "debuff", 0.75, 3000, status(3905, "Ruin", 16_000)),
  cinderstorm: m("Cinderstorm", 32063, "spread", 0.6),
  sovereignCleave: m("Sovereign Cleave", 32064, "tankbuster", 0.4, 5000),
  enrage: m("Ashen Apocalypse", 32065, "enrage", 0.15, 10_000),
} satisfies Record<string, Mechanic>;

export const AUTO_ATTACK = { gameID: 872, name: "attack" };
export const BURNS = { gameID: STATUS_ID_OFFSET + 3920, name: "Burns" };
export const LIMIT_BREAK = { gameID: 199, name: "Last Bastion" };

export const BOSS = { sovereign: 20, wyrm: 21, wardenDusk: 22, wardenDawn: 23, heart: 24 } as const;

export const PHASES: Phase[] = [
  {
    name: "Sovereign of Ash",
    intermission: false,
    boss: BOSS.sovereign,
    durationMs: 140_000,
    timeline: [
      [8_000, M.cinderCrown],
      [20_000, M.searingCleave],
      [38_000, M.ashfall],
      [55_000, M.pyreTethers],
      [72_000, M.crownfall],
      [90_000, M.cinderCrown],
      [104_000, M.ashfall],
      [120_000, M.searingCleave],
      [132_000, M.pyreTethers],
    ],
  },
  {
    name: "Ember Rain",
    intermission: true,
    boss: BOSS.wyrm,
    durationMs: 55_000,
    timeline: [
      [4_000, M.emberRain],
      [16_000, M.kindlingTowers],
      [30_000, M.kindlingTowers],
      [44_000, M.wyrmfire],
    ],
  },
  {
    name: "Twin Wardens",
    intermission: false,
    boss: BOSS.wardenDusk,
    durationMs: 170_000,
    timeline: [
      [6_000, M.eclipse],
      [18_000, M.duskBlade],
      [35_000, M.mirroredEdge],
      [52_000, M.twilightChains],
      [70_000, M.umbralStack],
      [88_000, M.eclipse],
      [105_000, M.mirroredEdge],
      [122_000, M.twilightChains],
      [140_000, M.duskBlade],
      [158_000, M.umbralStack],
    ],
  },
  {
    name: "Sovereign Reborn",
    intermission: false,
    boss: BOSS.sovereign,
    durationMs: 150_000,
    timeline: [
      [5_000, M.rekindle],
      [20_000, M.searingCleave],
      [36_000, M.throneOfThorns],
      [55_000, M.ashenMirror],
      [75_000, M.sovereignsDoom],
      [95_000, M.rekindle],
      [110_000, M.throneOfThorns],
      [128_000, M.ashenMirror],
      [142_000, M.searingCleave],
    ],
  },
  {
    name: "Throne Collapse",
    intermission: true,
    boss: BOSS.wyrm,
    durationMs: 45_000,
    timeline: [
      [4_000, M.collapse],
      [18_000, M.fallingEmbers],
      [34_000, M.fallingEmbers],
      [42_000, M.collapse],
    ],
  },
  {
    name: "Heart of the Throne",
    intermission: false,
    boss: BOSS.heart,
    durationMs: 160_000,
    timeline: [
      [6_000, M.heartbeat],
      [20_000, M.coreBreach],
      [38_000, M.arterialFlare],
      [58_000, M.bloodPact],
      [78_000, M.pulseWave],
      [96_000, M.heartbeat],
      [112_000, M.arterialFlare],
      [130_000, M.bloodPact],
      [148_000, M.coreBreach],
    ],
  },
  {
    name: "The Last Ember",
    intermission: false,
    boss: BOSS.sovereign,
    durationMs: 190_000,
    timeline: [
      [6_000, M.lastEmber],
      [20_000, M.sovereignCleave],
      [36_000, M.worldpyre],
      [56_000, M.crownOfRuin],
      [76_000, M.cinderstorm],
      [96_000, M.lastEmber],
      [112_000, M.worldpyre],
      [132_000, M.crownOfRuin],
      [150_000, M.cinderstorm],
      [166_000, M.sovereignCleave],
      [178_000, M.lastEmber],
      [188_000, M.enrage],
    ],
  },
];

/** The generated encounter, for tests and demos that want to name things. */
export const GENERATED_ENCOUNTER = {
  id: 1079,
  name: "The Cinder Throne (Ultimate)",
  zone: { id: 79, name: "The Cinder Throne (Ultimate)" },
  /** FFLogs' difficulty for ultimates. */
  difficulty: 100,
  phases: PHASES.map((p) => ({ name: p.name, intermission: p.intermission, durationMs: p.durationMs })),
  mechanics: M,
} as const;

export interface Occurrence {
  /** Ms from pull start. */
  t: number;
  phase: number;
  mechanic: Mechanic;
  boss: number;
}

export const PHASE_STARTS: number[] = [];
export const OCCURRENCES: Occurrence[] = [];
{
  let start = 0;
  PHASES.forEach((phase, index) => {
    PHASE_STARTS.push(start);
    for (const [at, mechanic] of phase.timeline) {
      // The twin wardens take turns.
      const boss = phase.boss === BOSS.wardenDusk && OCCURRENCES.length % 2 === 1 ? BOSS.wardenDawn : phase.boss;
      OCCURRENCES.push({ t: start + at, phase: index, mechanic, boss });
    }
    start += phase.durationMs;
  });
}
/** The boss dies just before the enrage lands. */
export const KILL_TIME_MS = (PHASE_STARTS.at(-1) ?? 0) + 184_000;

// ---------------------------------------------------------------------------------------------
// The static

export type Role = "tank" | "healer" | "dps";
export const PLAYERS: { id: number; name: string; job: string; server: string; role: Role }[] = [
  { id: 1, name: "Aldric Stormvale", job: "Paladin", server: "Twintania", role: "tank" },
  { id: 2, name: "Mira Ashford", job: "Gunbreaker", server: "Lich", role: "tank" },
  { id: 3, name: "Sela Moonbrook", job: "WhiteMage", server: "Omega", role: "healer" },
  { id: 4, name: "Tavi Nunh", job: "Sage", server: "Phoenix", role: "healer" },
  { id: 5, name: "Kaito Ren", job: "Samurai", server: "Ragnarok", role: "dps" },
  { id: 6, name: "Ysolde Vire", job: "Reaper", server: "Cerberus", role: "dps" },
  { id: 7, name: "Bram Cogsworth", job: "Machinist", server: "Louisoix", role: "dps" },
  { id: 8, name: "Lyra Emberly", job: "BlackMage", server: "Spriggan", role: "dps" },
];
export const PLAYER_IDS = PLAYERS.map((p) => p.id);
export const TANK_IDS = PLAYERS.filter((p) => p.role === "tank").map((p) => p.id);

export function masterData(): { actors: RawActor[]; abilities: RawAbility[] } {
  const actors: RawActor[] = [
    ...PLAYERS.map((p) => ({ id: p.id, name: p.name, type: "Player", subType: p.job, server: p.server, petOwner: null, gameID: 0 })),
    { id: 9, name: "Limit Break", type: "Player", subType: "LimitBreak", server: null, petOwner: null, gameID: 0 },
    { id: 10, name: "Multiple Players", type: "Player", subType: "LimitBreak", server: null, petOwner: null, gameID: 0 },
    { id: 11, name: "Automaton Queen", type: "Pet", subType: "Pet", server: null, petOwner: 7, gameID: 13_010 },
    { id: BOSS.sovereign, name: "Ashen Sovereign", type: "NPC", subType: "Boss", server: null, petOwner: null, gameID: 17_801 },
    { id: BOSS.wyrm, name: "Ember Wyrm", type: "NPC", subType: "NPC", server: null, petOwner: null, gameID: 17_802 },
    { id: BOSS.wardenDusk, name: "Warden of Dusk", type: "NPC", subType: "Boss", server: null, petOwner: null, gameID: 17_803 },
    { id: BOSS.wardenDawn, name: "Warden of Dawn", type: "NPC", subType: "Boss", server: null, petOwner: null, gameID: 17_804 },
    { id: BOSS.heart, name: "Heart of the Throne", type: "NPC", subType: "Boss", server: null, petOwner: null, gameID: 17_805 },
  ];
  const abilities = new Map<number, RawAbility>();
  for (const mechanic of Object.values(M)) {
    abilities.set(mechanic.abilityId, { gameID: mechanic.abilityId, name: mechanic.name, icon: "000000-000405.png", type: "1024" });
    if (mechanic.status)
      abilities.set(mechanic.status.id, { gameID: mechanic.status.id, name: mechanic.status.name, icon: "215000-215467.png", type: "0" });
  }
  abilities.set(AUTO_ATTACK.gameID, { ...AUTO_ATTACK, icon: "000000-000101.png", type: "128" });
  abilities.set(BURNS.gameID, { ...BURNS, icon: "215000-215003.png", type: "1024" });
  abilities.set(LIMIT_BREAK.gameID, { ...LIMIT_BREAK, icon: "000000-002522.png", type: "0" });
  return { actors, abilities: [...abilities.values()] };
}

export function phaseAt(t: number): number {
  let phase = 0;
  for (let i = 0; i < PHASE_STARTS.length; i++) if ((PHASE_STARTS[i] ?? Infinity) <= t) phase = i;
  return phase;
}

export function bossAt(t: number): number {
  return PHASES[phaseAt(t)]?.boss ?? BOSS.sovereign;
}
