export { type AppRouter, appRouter } from "./root";
export { NIGHT_SNAPSHOT_VERSION, type NightSnapshotDocument } from "./router/snapshots";
export { type AnalysisCache, type AnalysisCacheSizes, createAnalysisCache } from "./services/analysis/cache";
export { DEFAULT_STATIC_ID } from "./services/memberships";
export { watchReport } from "./services/watched-reports";
export { type ApiDeps, type Context, createCallerFactory, createTRPCContext, INTERNAL_ERROR_MESSAGE } from "./trpc";
