import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { HttpBindings } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { type ApiDeps, appRouter, createTRPCContext } from "@progboard/api";
import { type Auth, bearerToken, CLIENT_IP_HEADER } from "@progboard/auth";
import { attempt, createClient } from "@progboard/client";
import { handleMcpHttp } from "@progboard/client/mcp";
import { DATABASE_UNAVAILABLE, type DbHandle, isDatabaseUnavailable } from "@progboard/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Env } from "./env";
import {
  batchLength,
  HTTP_TIMEOUTS,
  type HttpRefusal,
  type HttpTimeouts,
  MAX_BATCH_CALLS,
  MAX_TRPC_BODY_BYTES,
  readBodyCapped,
  tooManyCalls,
} from "./http-limits";
import { handleImport } from "./import";
import type { Ingestion } from "./ingestion";
import { log } from "./log";
import { allowedOrigins, originRefusal } from "./origins";

export const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

export interface AppOptions {
  env: Env;
  db: DbHandle;
  auth: Auth;
  api: ApiDeps;
  ingestion: Ingestion;
  webDist?: string;
  /** Defaults to HTTP_TIMEOUTS (tests shorten them). */
  timeouts?: HttpTimeouts;
}

type Variables = { requestId: string; trpcRequest: Request };

export function createApp({ env, db, auth, api, ingestion, webDist = WEB_DIST, timeouts = HTTP_TIMEOUTS }: AppOptions) {
  const app = new Hono<{ Bindings: Partial<HttpBindings>; Variables: Variables }>();

  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: "DENY",
      // HSTS only means something over HTTPS, which production sits behind.
      strictTransportSecurity: env.production ? "max-age=15552000; includeSubDomains" : false,
    }),
  );

  // API answers are per user (and per static): no browser or proxy cache may keep or reuse them.
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("cache-control", "no-store");
  });

  // Whatever a non-tRPC route throws (auth, uploads): a 503 in words when the database is away,
  // else a 500 that says nothing of the cause, which is logged.
  app.onError((error, c) => {
    const unavailable = isDatabaseUnavailable(error);
    log.error("request failed", { requestId: c.get("requestId"), path: c.req.path, error });
    return unavailable
      ? c.json({ error: { message: DATABASE_UNAVAILABLE, code: "SERVICE_UNAVAILABLE" } }, 503)
      : c.json({ error: { message: "Internal server error", code: "INTERNAL_SERVER_ERROR" } }, 500);
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const ready = await db.isReady();
    return c.json({ status: ready ? "ready" : "unavailable" }, ready ? 200 : 503);
  });

  app.on(["GET", "POST"], "/api/auth/*", (c) => {
    // API keys act on the API, never on accounts, sessions or keys: a bearer token is refused
    // here outright rather than left to whatever an auth plugin might make of it.
    if (bearerToken(c.req.raw.headers) !== null)
      return c.json({ error: { message: "API keys cannot be used here: sign in to manage your account", code: "FORBIDDEN" } }, 403);
    // Better Auth refuses a foreign Origin with a bare "Invalid origin"; say which setting to change.
    const refusal = c.req.method === "POST" ? originRefusal(env, c.req.raw) : null;
    if (refusal) return c.json({ message: refusal, code: "INVALID_ORIGIN" }, 403);
    return auth.handler(withClientIp(c.req.raw, c.env, env.trustProxy));
  });

  app.use("/api/trpc/*", async (c, next) => {
    // Bounded cost (issue 12): a batch's length, then the body's size and the time it takes.
    if (batchLength(c.req.url) > MAX_BATCH_CALLS) return refuse(tooManyCalls());
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const foreign = originRefusal(env, c.req.raw);
      if (foreign) return c.json({ error: { message: foreign, code: "FORBIDDEN" } }, 403);
      const refusal = refuseUnsafeMutation(c.req.raw, allowedOrigins(env, c.req.raw));
      if (refusal) return c.json({ error: { message: refusal.message, code: refusal.code } }, refusal.status);
      const body = await readBodyCapped(c.req.raw, MAX_TRPC_BODY_BYTES, timeouts.trpcBodyMs);
      if (!(body instanceof Uint8Array)) return refuse(body);
      c.set("trpcRequest", new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body }));
    }
    await next();
  });

  app.all("/api/trpc/*", (c) => {
    const requestId = c.get("requestId");
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      req: withClientIp(c.get("trpcRequest") ?? c.req.raw, c.env, env.trustProxy),
      router: appRouter,
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: ({ req }) => createTRPCContext({ headers: req.headers, requestId, deps: api }),
      responseMeta({ ctx }) {
        const headers = new Headers();
        for (const cookie of ctx?.identity?.setCookies ?? []) headers.append("set-cookie", cookie);
        return { headers };
      },
      onError({ error, path: procedure }) {
        if (error.code === "INTERNAL_SERVER_ERROR" || error.code === "SERVICE_UNAVAILABLE") {
          log.error("request failed", { requestId, procedure, error: error.cause ?? error });
        }
      },
    });
  });

  app.post("/api/import", (c) => {
    const foreign = originRefusal(env, c.req.raw);
    if (foreign) return c.json({ error: { message: foreign, code: "FORBIDDEN" } }, 403);
    const refusal = refuseUnsafeUpload(c.req.raw, allowedOrigins(env, c.req.raw));
    if (refusal) return c.json({ error: { message: refusal.message, code: refusal.code } }, refusal.status);
    return handleImport(withClientIp(c.req.raw, c.env, env.trustProxy), { env, api, ingestion, requestId: c.get("requestId") });
  });

  // MCP over streamable HTTP (issue 17), stateless: each POST is answered on its own, in JSON.
  // Only an API key gets in (no cookie is read, so no cross-site request can ride a session); the
  // tools call the API in process with that key (same tiers, same scoping, same rate limit).
  app.post("/api/mcp", async (c) => {
    const key = bearerToken(c.req.raw.headers);
    const unauthorized = (message: string) =>
      c.json({ error: { message, code: "UNAUTHORIZED" } }, 401, { "www-authenticate": 'Bearer realm="progboard"' });
    if (!key) return unauthorized("Send an API key: Authorization: Bearer <key>");
    const body = await readBodyCapped(c.req.raw, MAX_TRPC_BODY_BYTES, timeouts.trpcBodyMs);
    if (!(body instanceof Uint8Array)) return refuse(body);
    let message: unknown;
    try {
      message = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return c.json({ jsonrpc: "2.0", error: { code: -32700, message: "The body is not JSON" }, id: null }, 400);
    }
    const bindings = c.env;
    const inProcess: typeof fetch = (input, init) => Promise.resolve(app.fetch(new Request(input, init), bindings));
    const origin = new URL(c.req.url).origin;
    const me = await attempt(createClient({ url: origin, apiKey: key, fetch: inProcess }).me.get.query());
    if (!me.ok) {
      if (me.error.code === "UNAUTHORIZED") return unauthorized(me.error.message);
      const status = me.error.code === "TOO_MANY_REQUESTS" ? 429 : me.error.code === "SERVICE_UNAVAILABLE" ? 503 : 500;
      return c.json({ error: { message: me.error.message, code: me.error.code } }, status);
    }
    const request = new Request(c.req.raw.url, { method: "POST", headers: c.req.raw.headers, body });
    return handleMcpHttp(request, message, {
      readOnly: me.data.apiKey?.readOnly ?? false,
      clientFor: (staticId) => createClient({ url: origin, apiKey: key, staticId, fetch: inProcess }),
    });
  });
  app.on(["GET", "DELETE"], "/api/mcp", (c) =>
    c.json({ jsonrpc: "2.0", error: { code: -32000, message: "This MCP server is stateless: POST only" }, id: null }, 405, { allow: "POST" }),
  );

  app.all("/api/*", (c) => c.json({ error: { message: "Not found", code: "NOT_FOUND" } }, 404));

  // The built SPA: hashed assets are immutable; every other path gets index.html (history routing).
  app.use(
    "/assets/*",
    serveStatic({
      root: path.relative(process.cwd(), webDist),
      onFound: (_path, c) => c.header("cache-control", "public, max-age=31536000, immutable"),
    }),
  );
  app.use("*", serveStatic({ root: path.relative(process.cwd(), webDist) }));
  const indexFile = path.join(webDist, "index.html");
  app.get("*", (c) => {
    if (!existsSync(indexFile)) {
      return c.text("The web app is not built yet: run `pnpm start` (or `pnpm build`) from the repository root.", 503);
    }
    c.header("cache-control", "no-cache");
    return c.html(readFileSync(indexFile, "utf8"));
  });

  return app;
}

/** A refusal in words; one the client cannot finish sending (too large, too slow) closes the connection. */
function refuse(refusal: HttpRefusal): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (refusal.status !== 400) headers.connection = "close";
  return Response.json({ error: { message: refusal.message, code: refusal.code } }, { status: refusal.status, headers });
}

/**
 * tRPC accepts form posts that a browser would send cross-site, and Better Auth's CSRF checks
 * cover only /api/auth/*. So a mutation must carry a JSON body (which a cross-site form cannot
 * send without a CORS preflight) and, when the browser names an Origin, an allowed one.
 */
export function refuseUnsafeMutation(
  req: Request,
  allowedOrigins: string[],
): { status: 403 | 415; code: "FORBIDDEN" | "UNSUPPORTED_MEDIA_TYPE"; message: string } | null {
  const contentType = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") return { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "Mutations need a JSON body" };
  const origin = req.headers.get("origin");
  if (origin !== null && !allowedOrigins.includes(origin)) return { status: 403, code: "FORBIDDEN", message: "Origin not allowed" };
  if (req.headers.get("sec-fetch-site") === "cross-site") return { status: 403, code: "FORBIDDEN", message: "Cross-site request refused" };
  return null;
}

/**
 * A file upload cannot be JSON, so it must carry a custom header instead (a cross-site form can
 * send neither without a CORS preflight), and an allowed Origin when the browser names one.
 */
export function refuseUnsafeUpload(req: Request, allowedOrigins: string[]): { status: 403; code: "FORBIDDEN"; message: string } | null {
  if (req.headers.get("x-progboard-import") !== "1")
    return { status: 403, code: "FORBIDDEN", message: "Uploads need the x-progboard-import: 1 header" };
  const origin = req.headers.get("origin");
  if (origin !== null && !allowedOrigins.includes(origin)) return { status: 403, code: "FORBIDDEN", message: "Origin not allowed" };
  if (req.headers.get("sec-fetch-site") === "cross-site") return { status: 403, code: "FORBIDDEN", message: "Cross-site request refused" };
  return null;
}

/**
 * Replaces any client-sent copy of the client-ip header with the connection's real peer address
 * (or, behind a trusted proxy, the last X-Forwarded-For hop), so rate limits key on it.
 */
function withClientIp(req: Request, bindings: Partial<HttpBindings> | undefined, trustProxy: boolean): Request {
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_IP_HEADER);
  const forwarded = trustProxy ? req.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() : undefined;
  const peer = forwarded ?? bindings?.incoming?.socket.remoteAddress;
  if (peer) headers.set(CLIENT_IP_HEADER, peer);
  return new Request(req, { headers });
}
