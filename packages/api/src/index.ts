export { appRouter, type AppRouter } from "./root";
export { createCallerFactory, createTRPCContext, INTERNAL_ERROR_MESSAGE, type ApiDeps, type Context } from "./trpc";
export { DEFAULT_STATIC_ID } from "./services/memberships";
export { createAnalysisCache, type AnalysisCache, type AnalysisCacheSizes } from "./services/analysis/cache";
export { watchReport } from "./services/watched-reports";
