// Hand-built API answers for the unit tests of the Progress and Analysis helpers.
import type { PullRow } from "./api";

const START = Date.UTC(2025, 0, 6, 19, 0);

/** Pull `n` of report A, a mechanic wipe in P1 with half the boss left, unless told otherwise. */
export function pullRow(n: number, overrides: Partial<PullRow> = {}): PullRow {
  return {
    reportCode: "A",
    fightId: n,
    encounterId: 1079,
    name: "The Cinder Throne",
    pullNumber: n,
    alsoIn: [],
    sessionKey: "report:A",
    sessionLabel: "A",
    startedAt: START + n * 300_000,
    startedAtIso: new Date(START + n * 300_000).toISOString(),
    durationMs: 180_000,
    duration: "3:00",
    kill: false,
    fightPercentage: 80,
    loggedFightPercentage: 80,
    bossPercentage: 50,
    phaseIndex: 0,
    phase: "P1",
    isIntermission: false,
    eventsComplete: true,
    deaths: 2,
    firstDeath: { playerKey: "member:1", player: "Aoi", abilityId: 32003, abilityName: "Ashfall", atMs: 41_000, forced: null },
    wipeType: "mechanic",
    wipeReason: "2 deaths to Ashfall within 0.4 s at 0:41.",
    ...overrides,
  };
}
