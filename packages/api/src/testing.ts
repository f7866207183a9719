// Test harness: a real database and callers that act as dev-identity users, no HTTP.
import { apiKeyIdentity, DEMO_HEADER, demoIdentity, devIdentity } from "@progboard/auth";
import type { DbHandle } from "@progboard/db";
import { createTestDb } from "@progboard/db/testing";
import { TRPCError } from "@trpc/server";
import { appRouter } from "./root";
import { type AnalysisCache, createAnalysisCache } from "./services/analysis/cache";
import type { FflogsAccess } from "./services/fflogs";
import { createCallerFactory, createTRPCContext } from "./trpc";

const createCaller = createCallerFactory(appRouter);

export interface Harness {
  handle: DbHandle;
  /** The analysis caches the callers use, to watch their counters. */
  analysisCache: AnalysisCache;
  /** A caller acting as `username`, optionally pinned to a static like a browser tab. */
  as(username: string, options?: { staticId?: number | string }): Promise<ReturnType<typeof createCaller>>;
  /** A caller sending `Authorization: Bearer <key>` (and `x-static-id` when given), as a script would. */
  asKey(key: string, options?: { staticId?: number | string }): Promise<ReturnType<typeof createCaller>>;
  /** A caller acting as the demo reader (no account), optionally naming a static like a tab. */
  asDemo(options?: { staticId?: number | string }): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

/** What a procedure call came to: its data, or the tRPC error it was refused with. */
export type CallOutcome = { ok: true; data: unknown } | { ok: false; code: string; message: string };

/**
 * Calls the procedure at `path` ("analysis.pulls") on `caller` with `input`, as the generated
 * suites do for every procedure of the router; a TRPCError becomes an outcome, anything else throws.
 */
export async function callPath(caller: object, path: string, input: unknown): Promise<CallOutcome> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  try {
    return { ok: true, data: await (target as (input: unknown) => Promise<unknown>)(input) };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** FFLogs as the environment configures it, for tests that do not look at FFLogs access. */
export const FFLOGS_FROM_ENV: FflogsAccess = { fromEnv: true, check: () => Promise.resolve() };

export async function createHarness(options: { autoJoinDefaultStatic?: boolean; fflogs?: FflogsAccess } = {}): Promise<Harness> {
  const handle = await createTestDb();
  const analysisCache = createAnalysisCache();
  const deps = {
    db: handle,
    identity: apiKeyIdentity(handle.db, demoIdentity(devIdentity(handle))),
    autoJoinDefaultStatic: options.autoJoinDefaultStatic ?? true,
    analysisCache,
    fflogs: options.fflogs ?? FFLOGS_FROM_ENV,
  };
  let requests = 0;
  return {
    handle,
    analysisCache,
    async as(username, { staticId } = {}) {
      const headers = new Headers({ "x-dev-user": username });
      if (staticId !== undefined) headers.set("x-static-id", String(staticId));
      return createCaller(await createTRPCContext({ headers, requestId: `test-${++requests}`, deps }));
    },
    async asKey(key, { staticId } = {}) {
      const headers = new Headers({ authorization: `Bearer ${key}` });
      if (staticId !== undefined) headers.set("x-static-id", String(staticId));
      return createCaller(await createTRPCContext({ headers, requestId: `test-${++requests}`, deps }));
    },
    async asDemo({ staticId } = {}) {
      const headers = new Headers({ [DEMO_HEADER]: "1" });
      if (staticId !== undefined) headers.set("x-static-id", String(staticId));
      return createCaller(await createTRPCContext({ headers, requestId: `test-${++requests}`, deps }));
    },
    close: () => handle.close(),
  };
}
