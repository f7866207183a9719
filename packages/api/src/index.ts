export { type AppRouter, appRouter } from "./root";
export { NIGHT_SNAPSHOT_VERSION, type NightSnapshotDocument } from "./router/snapshots";
export { type AnalysisCache, type AnalysisCacheSizes, createAnalysisCache } from "./services/analysis/cache";
export {
  DISCORD_DEFAULTS,
  type DiscordPoster,
  type DiscordPosterOptions,
  postDue as postDueDiscordRecaps,
  queueEndedSessions as queueEndedDiscordSessions,
  startDiscordPoster,
} from "./services/discord/poster";
export { FFLOGS_NOT_SET_UP, type FflogsAccess, type FflogsCredentials } from "./services/fflogs";
export { type FollowListing, type ListReports, type PollFollowsOptions, pollFollows } from "./services/follows";
export { GrantOpenings, type GrantOpeningsOptions } from "./services/grant-openings";
export { DEFAULT_STATIC_ID, findRequestUser } from "./services/memberships";
export type { EncounterAbility, SeenCharacter } from "./services/seen-in-reports";
export { watchReport } from "./services/watched-reports";
export { type ApiDeps, type Context, createCallerFactory, createTRPCContext, DEMO_READ_ONLY, INTERNAL_ERROR_MESSAGE } from "./trpc";
