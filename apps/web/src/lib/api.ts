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
