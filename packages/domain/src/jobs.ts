// FFXIV jobs and roles: the one list behind the roster's job input (API), the job picker (web),
// the roles the analysis gives report actors (by FFLogs subType) and the benchmarks' rosters.

export const ROLES = ["tank", "healer", "dps"] as const;
export type Role = (typeof ROLES)[number];

export interface Job {
  /** What people type and the roster stores: "DRK". */
  readonly abbr: string;
  /** As the game writes it: "Dark Knight". */
  readonly name: string;
  /** FFLogs' actor subType for the job: "DarkKnight". */
  readonly fflogsSubType: string;
  readonly role: Role;
  /** A limited job (Blue Mage) cannot enter savage or ultimate content. */
  readonly isLimited: boolean;
}

export interface JobGroup {
  readonly label: string;
  readonly jobs: readonly Job[];
}

function job(abbr: string, name: string, fflogsSubType: string, role: Role, isLimited = false): Job {
  return { abbr, name, fflogsSubType, role, isLimited };
}

/** Every job, grouped and ordered the way the game lists them (the web's picker shows this). */
export const JOB_GROUPS: readonly JobGroup[] = [
  {
    label: "Tanks",
    jobs: [
      job("PLD", "Paladin", "Paladin", "tank"),
      job("WAR", "Warrior", "Warrior", "tank"),
      job("DRK", "Dark Knight", "DarkKnight", "tank"),
      job("GNB", "Gunbreaker", "Gunbreaker", "tank"),
    ],
  },
  {
    label: "Healers",
    jobs: [
      job("WHM", "White Mage", "WhiteMage", "healer"),
      job("SCH", "Scholar", "Scholar", "healer"),
      job("AST", "Astrologian", "Astrologian", "healer"),
      job("SGE", "Sage", "Sage", "healer"),
    ],
  },
  {
    label: "Melee DPS",
    jobs: [
      job("MNK", "Monk", "Monk", "dps"),
      job("DRG", "Dragoon", "Dragoon", "dps"),
      job("NIN", "Ninja", "Ninja", "dps"),
      job("SAM", "Samurai", "Samurai", "dps"),
      job("RPR", "Reaper", "Reaper", "dps"),
      job("VPR", "Viper", "Viper", "dps"),
    ],
  },
  {
    label: "Physical ranged DPS",
    jobs: [job("BRD", "Bard", "Bard", "dps"), job("MCH", "Machinist", "Machinist", "dps"), job("DNC", "Dancer", "Dancer", "dps")],
  },
  {
    label: "Magical ranged DPS",
    jobs: [
      job("BLM", "Black Mage", "BlackMage", "dps"),
      job("SMN", "Summoner", "Summoner", "dps"),
      job("RDM", "Red Mage", "RedMage", "dps"),
      job("PCT", "Pictomancer", "Pictomancer", "dps"),
    ],
  },
  { label: "Limited job", jobs: [job("BLU", "Blue Mage", "BlueMage", "dps", true)] },
];

/** Every job, in the game's order. */
export const JOBS: readonly Job[] = JOB_GROUPS.flatMap((group) => group.jobs);

/**
 * The base classes of the tank and healer jobs. FFLogs still reports a class in low-level
 * content, and these are the ones whose role matters there (a tank or healer dying is not a DPS).
 */
export const TANK_AND_HEALER_CLASSES: readonly Pick<Job, "abbr" | "name" | "fflogsSubType" | "role">[] = [
  { abbr: "GLA", name: "Gladiator", fflogsSubType: "Gladiator", role: "tank" },
  { abbr: "MRD", name: "Marauder", fflogsSubType: "Marauder", role: "tank" },
  { abbr: "CNJ", name: "Conjurer", fflogsSubType: "Conjurer", role: "healer" },
];

const BY_ABBR = new Map(JOBS.map((j) => [j.abbr, j]));
const BY_SUBTYPE = new Map(JOBS.map((j) => [j.fflogsSubType, j]));
const ROLE_BY_NAME = new Map<string, Role>(
  [...JOBS, ...TANK_AND_HEALER_CLASSES].flatMap((j) => [[norm(j.abbr), j.role] as const, [norm(j.fflogsSubType), j.role] as const]),
);

/** A job by its abbreviation, in any case ("war", "WAR"). */
export function findJob(abbr: string | null | undefined): Job | undefined {
  return abbr ? BY_ABBR.get(abbr.toUpperCase()) : undefined;
}

/** A job by FFLogs' actor subType, exactly as FFLogs writes it ("DarkKnight"). */
export function findJobByFflogsSubType(subType: string | null | undefined): Job | undefined {
  return subType ? BY_SUBTYPE.get(subType) : undefined;
}

/** The role of a job or class, by abbreviation (WAR) or FFLogs subType (DarkKnight, "Dark Knight"). */
export function roleOfJob(name: string | null | undefined): Role | null {
  return name ? (ROLE_BY_NAME.get(norm(name)) ?? null) : null;
}

function norm(name: string): string {
  return name.replace(/[\s_-]/g, "").toLowerCase();
}
