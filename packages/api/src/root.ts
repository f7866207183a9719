import { analysisRouter } from "./router/analysis";
import { faultScoresRouter } from "./router/faultScores";
import { fflogsRouter } from "./router/fflogs";
import { followsRouter } from "./router/follows";
import { meRouter } from "./router/me";
import { membersRouter } from "./router/members";
import { progPointsRouter } from "./router/progPoints";
import { rosterRouter } from "./router/roster";
import { staticsRouter } from "./router/statics";
import { stratsRouter } from "./router/strats";
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
  fflogs: fflogsRouter,
  follows: followsRouter,
});

export type AppRouter = typeof appRouter;
