import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { ApiKeyLimiter, apiKeyIdentity, createAuth, demoIdentity, devIdentity, sessionIdentity } from "@progboard/auth";
import { createDb, type DbHandle } from "@progboard/db";
import { endLeases } from "@progboard/ingest";
import { createApp } from "./app";
import { DEMO_SEED, seedDemo } from "./demo";
import { drainable } from "./drain";
import { type Env, parseEnv } from "./env";
import { HTTP_TIMEOUTS, type HttpTimeouts } from "./http-limits";
import { createIngestion, type Ingestion, sweepAbandonedUploads } from "./ingestion";
import { log } from "./log";
import { allowedOrigins } from "./origins";

export interface StartOptions {
  /** Configuration variables; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Where the built SPA lives (defaults to apps/web/dist). */
  webDist?: string;
  /** Defaults to HTTP_TIMEOUTS (tests shorten them). */
  timeouts?: HttpTimeouts;
}

export interface RunningServer {
  url: string;
  env: Env;
  /**
   * Stops accepting connections, answers in-flight requests (with `Connection: close`), releases
   * ingestion claims, then closes the database.
   */
  close(): Promise<void>;
  /** Settles when the demo static's first-start seeding has ended (at once when present or off). */
  demoReady: Promise<void>;
}

/**
 * Shutdown timing: idle keep-alive connections get `idleGraceMs` to send a last request (answered
 * with `Connection: close`); whatever is still open after `drainMs` is closed. main.ts exits with
 * an error if the whole stop takes over 10 s.
 */
export const SHUTDOWN = { idleGraceMs: 1000, drainMs: 7000, exitMs: 10_000 };

/** Opens (and migrates) the database and serves the app. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = parseEnv(options.env);
  const db = await createDb({ databaseUrl: env.databaseUrl, migrationUrl: env.migrationDatabaseUrl, dataDir: env.dataDir, timeouts: env.dbTimeouts });
  // The embedded database has one process at a time: what was running died with the last one
  // (its FFLogs runs resume at once, its file imports are failed in words).
  if (db.kind === "pglite") await endLeases(db);
  const swept = await sweepAbandonedUploads(env.dataDir);
  if (swept) log.warn("deleted uploads of imports that died with the last run", { files: swept });
  const ingestion = createIngestion(env, db);
  const timeouts = options.timeouts ?? HTTP_TIMEOUTS;
  const app = assembleApp(env, db, ingestion, options.webDist, timeouts);

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: env.port,
        hostname: env.host,
        // Slow headers and slow requests are closed (Node checks every checkEveryMs).
        serverOptions: {
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          connectionsCheckingInterval: timeouts.checkEveryMs,
        },
      },
      () => resolve(s),
    );
    s.once("error", reject);
  });
  const drain = drainable(server as Server);
  const { port } = server.address() as AddressInfo;
  const url = `http://${env.host === "0.0.0.0" ? "localhost" : env.host}:${port}`;

  // The demo static is built in the background the first time (seconds), so start-up does not wait.
  let stopped = false;
  const seeding = env.demo
    ? seedDemo(db).then(
        (result) => {
          if (result.status === "seeded") log.info("demo static seeded", { ms: result.ms, pulls: DEMO_SEED.pulls, nights: DEMO_SEED.nights });
        },
        (error: unknown) => {
          // Stopped midway: the next start seeds it again (it is marked seeded only at the end).
          if (!stopped) log.error("demo static could not be seeded", { error });
        },
      )
    : Promise.resolve();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopped = true;
      const inFlight = drain.inFlight();
      await drain.close({ idleGraceMs: SHUTDOWN.idleGraceMs, deadlineMs: SHUTDOWN.drainMs });
      // Ingestion stops between fights and hands its claims back: another worker (or the next
      // start) resumes at once.
      await ingestion.close();
      await db.close();
      log.info("stopped", { answeredInFlight: inFlight });
    })());

  log.info("progboard listening", {
    url,
    database: db.kind === "pglite" ? `embedded (${env.dataDir})` : "postgresql",
    auth: env.authMode,
    signup: env.signup.policy,
    fflogs: env.fflogs ? "configured by FFLOGS_CLIENT_ID" : "not set by the environment (an instance admin can set it in the app)",
    ingestWorker: env.ingestWorker,
  });
  return { url, env, close, demoReady: seeding };
}

/** Wires configuration and an open database into the HTTP app (shared by the server and tests). */
export function assembleApp(env: Env, db: DbHandle, ingestion: Ingestion, webDist?: string, timeouts?: HttpTimeouts) {
  const auth = createAuth({
    db: db.authDb,
    baseURL: env.baseURL,
    secret: env.authSecret,
    trustedOrigins: (request) => allowedOrigins(env, request),
    signup: env.signup,
    production: env.production,
  });
  const signedIn = env.authMode === "dev" ? devIdentity(db) : sessionIdentity(auth);
  // A bearer API key is judged alone; without one, the demo reader (no account) when the demo is
  // on, else the session cookie (or the dev identity). The tiers confine the demo to its static.
  const identity = apiKeyIdentity(db.db, env.demo ? demoIdentity(signedIn) : signedIn, new ApiKeyLimiter(env.apiKeyRateLimit));
  return createApp({
    env,
    db,
    auth,
    api: {
      db,
      identity,
      autoJoinDefaultStatic: env.autoJoinDefaultStatic,
      analysisCache: ingestion.analysisCache,
      fflogs: ingestion.fflogs,
      discord: ingestion.discord,
    },
    ingestion,
    ...(webDist ? { webDist } : {}),
    ...(timeouts ? { timeouts } : {}),
  });
}
