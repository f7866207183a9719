import type { AppRouter } from "@progboard/api";
import type { inferRouterOutputs } from "@trpc/server";

// Shapes as they arrive in the browser (dates are ISO strings after JSON).
type Outputs = inferRouterOutputs<AppRouter>;

export type WatchedReport = Outputs["watchedReports"]["list"][number];
export type Ingestion = WatchedReport["ingestion"];
export type IngestionStatus = Ingestion["status"];
export type RosterMember = Outputs["roster"]["list"][number];
export type Alias = RosterMember["aliases"][number];
export type Role = NonNullable<RosterMember["role"]>;
export type Encounter = Outputs["strats"]["encounters"][number];
export type Strat = Outputs["strats"]["list"][number];
export type EncounterAbility = Outputs["strats"]["abilities"][number];
export type AnalysedEncounter = Outputs["analysis"]["encounters"][number];
export type PullRow = Outputs["analysis"]["pulls"][number];
export type ProgCurve = Outputs["analysis"]["progCurve"];
export type ProgPointReached = ProgCurve["progPoints"][number];
export type AnalysisSession = Outputs["analysis"]["sessions"][number];
export type WipeTypes = Outputs["analysis"]["wipeTypes"];
export type WipeType = PullRow["wipeType"];
export type FaultAggregate = Outputs["analysis"]["faultAggregate"];
export type Consistency = Outputs["analysis"]["consistency"];
export type MistakesOverSessions = Outputs["analysis"]["mistakes"];
export type PlayerConsistency = Consistency["players"][number];
export type ProgPoint = Outputs["progPoints"]["list"][number];
export type NightReport = Outputs["analysis"]["night"];
export type NightBreakdownPhase = NightReport["breakdown"][number];
export type Snapshot = Outputs["snapshots"]["list"][number];
export type SnapshotRead = Outputs["snapshots"]["byId"];
export type DiscordSettings = Outputs["discord"]["get"];
export type DiscordPost = DiscordSettings["posts"][number];
