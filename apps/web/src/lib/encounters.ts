import { LIMITS } from "@progboard/domain";
import type { Encounter } from "./api";

/** An FFLogs encounter id typed by hand: a positive whole number the database can hold, else null. */
export function parseEncounterId(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return null;
  const id = Number(text);
  return id > 0 && id <= LIMITS.id.max ? id : null;
}

export function encounterLabel(encounter: Encounter): string {
  return encounter.name ? `${encounter.name} (${encounter.encounterId})` : `Encounter ${encounter.encounterId}`;
}

/** The picker's options: the server's encounters plus one opened by id that has no strats yet. */
export function withEncounter(encounters: readonly Encounter[], encounterId: number | null): Encounter[] {
  if (encounterId === null || encounters.some((e) => e.encounterId === encounterId)) return [...encounters];
  return [...encounters, { encounterId, name: null }].sort((a, b) => a.encounterId - b.encounterId);
}
