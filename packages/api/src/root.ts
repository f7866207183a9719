import { adminRouter } from "./router/admin";
import { analysisRouter } from "./router/analysis";
import { auditRouter } from "./router/audit";
import { faultScoresRouter } from "./router/faultScores";
import { meRouter } from "./router/me";
import { membersRouter } from "./router/members";
import { progPointsRouter } from "./router/progPoints";
import { rosterRouter } from "./router/roster";
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
  snapshots: snapshotsRouter,
  audit: auditRouter,
  templates: templatesRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
