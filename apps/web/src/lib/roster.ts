import type { Role, RosterMember } from "./api";

export interface MemberDraft {
  name: string;
  job: string;
  role: Role | null;
  notes: string;
}

export type MemberChanges = Partial<{ name: string; job: string | null; role: Role | null; notes: string | null }>;

export function draftOf(member: Pick<RosterMember, "name" | "job" | "role" | "notes">): MemberDraft {
  return { name: member.name, job: member.job ?? "", role: member.role, notes: member.notes ?? "" };
}

/**
 * What the edit form changes, in roster.update's terms (empty text clears with null); null when
 * nothing changed, since the server refuses an update that changes nothing.
 */
export function memberChanges(original: MemberDraft, draft: MemberDraft): MemberChanges | null {
  const changes: MemberChanges = {};
  const name = draft.name.trim();
  const notes = draft.notes.trim();
  if (name !== original.name) changes.name = name;
  if (draft.job !== original.job) changes.job = draft.job === "" ? null : draft.job;
  if (draft.role !== original.role) changes.role = draft.role;
  if (notes !== original.notes.trim()) changes.notes = notes === "" ? null : notes;
  return Object.keys(changes).length === 0 ? null : changes;
}

export function aliasLabel(alias: { characterName: string; server: string }): string {
  return `${alias.characterName} (${alias.server})`;
}
