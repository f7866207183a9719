import { LIMITS } from "@progboard/domain";

export interface StaticSummary {
  id: number;
  name: string;
  memberCount: number;
  /** The user's role in it: owners rename, delete, remove members and change roles. */
  role: "owner" | "member";
}

/**
 * Which static the tab shows: its pin while the user still belongs to it, else the stored
 * default, else any of their statics. Null only when they belong to none.
 */
export function resolveStaticId(pinned: number | null, currentStaticId: number | null, statics: readonly StaticSummary[]): number | null {
  const isMember = (id: number | null) => id !== null && statics.some((s) => s.id === id);
  if (isMember(pinned)) return pinned;
  if (isMember(currentStaticId)) return currentStaticId;
  return statics[0]?.id ?? null;
}

// The server's name rule (1–64 characters once trimmed), so forms can say so up front. Roster
// names (validateName's other users) have the same bound.
export const NAME_MAX_LENGTH = LIMITS.staticName.maxLength;

export function validateName(raw: string, what = "Name"): string | null {
  const name = raw.trim();
  if (name.length === 0) return `${what} can't be empty.`;
  if (name.length > NAME_MAX_LENGTH) return `${what} must be at most ${NAME_MAX_LENGTH} characters.`;
  return null;
}
