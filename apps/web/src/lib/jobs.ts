import type { Role } from "./api";

export const ROLES = ["tank", "healer", "dps"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = { tank: "Tank", healer: "Healer", dps: "DPS" };

export interface Job {
  abbr: string;
  name: string;
  role: Role;
}

// Mirrors the server's JOBS (packages/api router/inputs.ts), grouped the way the game lists them.
export const JOB_GROUPS: readonly { label: string; jobs: readonly Job[] }[] = [
  {
    label: "Tanks",
    jobs: [
      { abbr: "PLD", name: "Paladin", role: "tank" },
      { abbr: "WAR", name: "Warrior", role: "tank" },
      { abbr: "DRK", name: "Dark Knight", role: "tank" },
      { abbr: "GNB", name: "Gunbreaker", role: "tank" },
    ],
  },
  {
    label: "Healers",
    jobs: [
      { abbr: "WHM", name: "White Mage", role: "healer" },
      { abbr: "SCH", name: "Scholar", role: "healer" },
      { abbr: "AST", name: "Astrologian", role: "healer" },
      { abbr: "SGE", name: "Sage", role: "healer" },
    ],
  },
  {
    label: "Melee DPS",
    jobs: [
      { abbr: "MNK", name: "Monk", role: "dps" },
      { abbr: "DRG", name: "Dragoon", role: "dps" },
      { abbr: "NIN", name: "Ninja", role: "dps" },
      { abbr: "SAM", name: "Samurai", role: "dps" },
      { abbr: "RPR", name: "Reaper", role: "dps" },
      { abbr: "VPR", name: "Viper", role: "dps" },
    ],
  },
  {
    label: "Physical ranged DPS",
    jobs: [
      { abbr: "BRD", name: "Bard", role: "dps" },
      { abbr: "MCH", name: "Machinist", role: "dps" },
      { abbr: "DNC", name: "Dancer", role: "dps" },
    ],
  },
  {
    label: "Magical ranged DPS",
    jobs: [
      { abbr: "BLM", name: "Black Mage", role: "dps" },
      { abbr: "SMN", name: "Summoner", role: "dps" },
      { abbr: "RDM", name: "Red Mage", role: "dps" },
      { abbr: "PCT", name: "Pictomancer", role: "dps" },
    ],
  },
  { label: "Limited job", jobs: [{ abbr: "BLU", name: "Blue Mage", role: "dps" }] },
];

const BY_ABBR = new Map(JOB_GROUPS.flatMap((group) => group.jobs).map((job) => [job.abbr, job]));

export function findJob(abbr: string | null | undefined): Job | undefined {
  return abbr ? BY_ABBR.get(abbr.toUpperCase()) : undefined;
}

/**
 * The role to show after the job changes in a form: it follows the new job, unless it was set by
 * hand to something other than what the old job implied; then the person meant it.
 */
export function roleAfterJobChange(previousJob: string, nextJob: string, currentRole: Role | null): Role | null {
  const implied = findJob(previousJob)?.role ?? null;
  if (currentRole !== null && currentRole !== implied) return currentRole;
  return findJob(nextJob)?.role ?? currentRole;
}

const ROLE_ORDER: Record<Role, number> = { tank: 0, healer: 1, dps: 2 };

/** Party-list order: tanks, healers, DPS, then members without a role; by name within each. */
export function sortByRole<T extends { role: Role | null; name: string }>(members: readonly T[]): T[] {
  const rank = (m: T) => (m.role === null ? 3 : ROLE_ORDER[m.role]);
  return [...members].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
