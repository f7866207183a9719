export { type AppRouter, appRouter } from "./root";
export { type AnalysisCache, type AnalysisCacheSizes, createAnalysisCache } from "./services/analysis/cache";
export { DEFAULT_STATIC_ID } from "./services/memberships";
export type { EncounterAbility, SeenCharacter } from "./services/seen-in-reports";
export { watchReport } from "./services/watched-reports";
export { type ApiDeps, type Context, createCallerFactory, createTRPCContext, DEMO_READ_ONLY, INTERNAL_ERROR_MESSAGE } from "./trpc";
