// A real HTTP server with the two procedures under test, built like apps/server's app (request id,
// secure headers, tRPC's fetch adapter on Hono, dev identity) but with a router of our own:
// createApp/assembleApp serve only appRouter.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type ApiDeps, createAnalysisCache, createTRPCContext } from "@progboard/api";
// The procedure tiers, so both variants pay the same identity and membership cost.
import { createTRPCRouter, protectedProcedure, staticProcedure } from "@progboard/api/trpc";
import { devIdentity } from "@progboard/auth";
import type { Database, DbHandle } from "@progboard/db";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { rosterPage } from "./query";

export function benchRouter(plainDb: Database) {
  return createTRPCRouter({
    /** (a) The chokepoint: membership check, then the read inside withTenant (ctx.db is bound). */
    scoped: staticProcedure.query(({ ctx }) => rosterPage(ctx.db, ctx.staticId)),
    /** (b) The same membership check, then the same read on the owner's connection: no transaction, no RLS. */
    plain: protectedProcedure.query(({ ctx }) => {
      if (ctx.currentStaticId === null) throw new TRPCError({ code: "NOT_FOUND", message: "Static not found" });
      return rosterPage(plainDb, ctx.currentStaticId);
    }),
  });
}

export interface BenchServer {
  /** Base URL of the tRPC endpoint, e.g. http://127.0.0.1:1234/api/trpc */
  trpcUrl: string;
  /** Time the app spent on each request since the last call (ms, per procedure), then forgets them. */
  takeHandlingTimes(): Record<"scoped" | "plain", Float64Array>;
  close(): Promise<void>;
}

/** Serves the bench router on 127.0.0.1, an ephemeral port. `appDb` is the app's handle (createDb). */
export async function startBenchServer(appDb: DbHandle, plainDb: Database): Promise<BenchServer> {
  const router = benchRouter(plainDb);
  const deps: ApiDeps = {
    db: appDb,
    identity: devIdentity(appDb),
    autoJoinDefaultStatic: false,
    analysisCache: createAnalysisCache(),
    fflogs: { fromEnv: true, check: () => Promise.resolve() },
  };
  const handling = { scoped: [] as number[], plain: [] as number[] };
  const app = new Hono<{ Variables: { requestId: string } }>();
  // Server-side handling time (the response body is complete when next() returns), to tell the
  // server's own work from transport and scheduling in what the client measures.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const procedure = c.req.path.slice(c.req.path.lastIndexOf("/") + 1);
    if (procedure === "scoped" || procedure === "plain") handling[procedure].push(performance.now() - started);
  });
  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
  });
  app.use(secureHeaders());
  app.all("/api/trpc/*", (c) => {
    const requestId = c.get("requestId");
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      req: c.req.raw,
      router,
      createContext: ({ req }) => createTRPCContext({ headers: req.headers, requestId, deps }),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`bench server: ${path ?? "?"} failed`, error.cause ?? error);
      },
    });
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    trpcUrl: `http://127.0.0.1:${port}/api/trpc`,
    takeHandlingTimes: () => {
      const taken = { scoped: Float64Array.from(handling.scoped), plain: Float64Array.from(handling.plain) };
      handling.scoped.length = 0;
      handling.plain.length = 0;
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
