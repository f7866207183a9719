import type { Role } from "../lib/api";
import { ROLE_LABELS } from "../lib/jobs";

export function RoleBadge({ role }: { role: Role | null }) {
  if (role === null) return <span className="muted">—</span>;
  return <span className={`role-badge role-${role}`}>{ROLE_LABELS[role]}</span>;
}
