import { findJob } from "@progboard/domain";
import type { Role } from "./api";

// The jobs and roles are @progboard/domain's, the same list the API checks a job against.
export { findJob, JOB_GROUPS, type Job, ROLES } from "@progboard/domain";

export const ROLE_LABELS: Record<Role, string> = { tank: "Tank", healer: "Healer", dps: "DPS" };

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
