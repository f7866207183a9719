// The static under analysis, set up through the API as a user would: a static watching every
// report, a roster of the 8 players with their characters as aliases, a few strat entries and
// prog points. Callers are built like packages/api/src/testing.ts does (no HTTP): one tRPC context
// per call, with the dev identity.
import { type ApiDeps, appRouter, createAnalysisCache, createCallerFactory, createTRPCContext } from "@progboard/api";
import { devIdentity } from "@progboard/auth";
import { actors, type Database, type DbHandle } from "@progboard/db";
import { findJobByFflogsSubType } from "@progboard/domain";
import { GENERATED_ENCOUNTER } from "@progboard/ingest/testing";
import { and, asc, eq, ne } from "drizzle-orm";

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export const ENCOUNTER_ID = GENERATED_ENCOUNTER.id;
export const USERNAME = "prog_lead";

/** Strat entries (mechanic → who handles it): by role, by member, or nobody (avoidable). */
export const STRATS: {
  mechanicRef: string;
  role?: "tank" | "healer" | "dps";
  memberIndex?: number;
  rule?: "debuff" | "exactly";
  expectedHits?: number;
}[] = [
  { mechanicRef: "Searing Cleave", role: "tank" },
  { mechanicRef: "Kindling Towers", role: "dps" },
  { mechanicRef: "Pyre Tethers", memberIndex: 2 },
  { mechanicRef: "Twilight Chains", role: "healer" },
  { mechanicRef: "Worldpyre", memberIndex: 5 },
  // Mistakes without deaths: a failure debuff by the game's status id, a stack for all eight.
  { mechanicRef: "3901", rule: "debuff" },
  { mechanicRef: "Crownfall", rule: "exactly", expectedHits: 8 },
];

/** The failure debuff's ids as the events carry them (FFLogs: the game's + 1,000,000), and the names of the hit mechanics. */
export const MISTAKE_DEBUFF_IDS = [3901, 1_003_901];
export const MISTAKE_HIT_NAMES = STRATS.filter((s) => s.rule !== "debuff").map((s) => s.mechanicRef);

export interface ApiClient {
  deps: ApiDeps;
  staticId: number;
  /** A caller for one request: a fresh context (identity lookup included), pinned to the static. */
  caller(): Promise<Caller>;
}

let requests = 0;

export async function callerOf(deps: ApiDeps, username: string, staticId?: number): Promise<Caller> {
  const headers = new Headers({ "x-dev-user": username });
  if (staticId !== undefined) headers.set("x-static-id", String(staticId));
  return createCaller(await createTRPCContext({ headers, requestId: `bench-${++requests}`, deps }));
}

/** Creates the static and its watches (before the reports are loaded, as a user adds them). */
export async function createStatic(handle: DbHandle, codes: string[]): Promise<ApiClient> {
  const deps: ApiDeps = {
    db: handle,
    identity: devIdentity(handle),
    autoJoinDefaultStatic: false,
    analysisCache: createAnalysisCache(),
    fflogs: { fromEnv: true, check: () => Promise.resolve() },
  };
  const { id: staticId } = await (await callerOf(deps, USERNAME)).statics.create({ name: "Cinder Throne prog" });
  const api = await callerOf(deps, USERNAME, staticId);
  for (const code of codes) await api.watchedReports.add({ report: code });
  return { deps, staticId, caller: () => callerOf(deps, USERNAME, staticId) };
}

/** Roster, aliases (from the loaded reports' player actors), strats and prog points. */
export async function configureStatic(
  client: ApiClient,
  db: Database,
  code: string,
): Promise<{ members: number; strats: number; progPoints: number }> {
  const api = await client.caller();
  const players = await db
    .select({ name: actors.name, server: actors.server, job: actors.subType })
    .from(actors)
    .where(and(eq(actors.reportCode, code), eq(actors.type, "Player"), ne(actors.subType, "LimitBreak")))
    .orderBy(asc(actors.id));
  const memberIds: number[] = [];
  for (const player of players) {
    const abbreviation = findJobByFflogsSubType(player.job)?.abbr;
    const member = await api.roster.create({ name: player.name.split(" ")[0] ?? player.name, ...(abbreviation ? { job: abbreviation } : {}) });
    memberIds.push(member.id);
    if (player.server) await api.roster.addAlias({ memberId: member.id, characterName: player.name, server: player.server });
  }
  for (const strat of STRATS) {
    const memberId = strat.memberIndex === undefined ? undefined : memberIds[strat.memberIndex];
    await api.strats.upsert({
      encounterId: ENCOUNTER_ID,
      mechanicRef: strat.mechanicRef,
      ...(strat.role ? { role: strat.role } : {}),
      ...(memberId ? { memberId } : {}),
      ...(strat.rule ? { rule: strat.rule } : {}),
      ...(strat.expectedHits ? { expectedHits: strat.expectedHits } : {}),
    });
  }
  const phases = GENERATED_ENCOUNTER.phases;
  for (let index = 1; index < phases.length; index++) {
    await api.progPoints.create({ encounterId: ENCOUNTER_ID, label: `${index + 1}. ${phases[index]?.name ?? `phase ${index}`}`, phaseIndex: index });
  }
  const enrage = GENERATED_ENCOUNTER.mechanics.enrage;
  await api.progPoints.create({ encounterId: ENCOUNTER_ID, label: `Saw ${enrage.name}`, phaseIndex: phases.length - 1, abilityId: enrage.abilityId });
  return { members: memberIds.length, strats: STRATS.length, progPoints: phases.length };
}
