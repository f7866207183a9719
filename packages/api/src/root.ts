import { membersRouter } from "./router/members";
import { meRouter } from "./router/me";
import { staticsRouter } from "./router/statics";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  me: meRouter,
  statics: staticsRouter,
  members: membersRouter,
});

export type AppRouter = typeof appRouter;
