// How a strat entry says a mechanic went wrong (SPEC.md F, "mistakes without deaths").
// - only: it should hit only its role or roster member; a hit on anyone else is a mistake;
// - none: it should hit no one; every hit is a mistake;
// - exactly: it should hit exactly `expectedHits` players per cast; more or fewer is a mistake;
// - debuff: a failure debuff (Damage Down, Vulnerability Up…); every application is a mistake.
export const STRAT_RULES = ["only", "none", "exactly", "debuff"] as const;
export type StratRule = (typeof STRAT_RULES)[number];

/** FFLogs lists a status as the game's status id + 1,000,000. */
export const FFLOGS_STATUS_OFFSET = 1_000_000;
