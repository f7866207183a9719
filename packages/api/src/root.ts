import { adminRouter } from "./router/admin";
import { analysisRouter } from "./router/analysis";
import { apiKeysRouter } from "./router/apiKeys";
import { auditRouter } from "./router/audit";
import { discordRouter } from "./router/discord";
import { faultScoresRouter } from "./router/faultScores";
import { fflogsRouter } from "./router/fflogs";
import { followsRouter } from "./router/follows";
import { meRouter } from "./router/me";
import { membersRouter } from "./router/members";
import { progPointsRouter } from "./router/progPoints";
import { rosterRouter } from "./router/roster";
import { sharedRouter } from "./router/shared";
import { sharingRouter } from "./router/sharing";
import { snapshotsRouter } from "./router/snapshots";
import { staticsRouter } from "./router/statics";
import { stratsRouter } from "./router/strats";
import { templatesRouter } from "./router/templates";
import { watchedReportsRouter } from "./router/watchedReports";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  me: meRouter,
  statics: staticsRouter,
  members: membersRouter,
  watchedReports: watchedReportsRouter,
  roster: rosterRouter,
  strats: stratsRouter,
  progPoints: progPointsRouter,
  faultScores: faultScoresRouter,
  analysis: analysisRouter,
  sharing: sharingRouter,
  shared: sharedRouter,
  fflogs: fflogsRouter,
  follows: followsRouter,
  snapshots: snapshotsRouter,
  audit: auditRouter,
  templates: templatesRouter,
  admin: adminRouter,
  apiKeys: apiKeysRouter,
  discord: discordRouter,
});

export type AppRouter = typeof appRouter;
