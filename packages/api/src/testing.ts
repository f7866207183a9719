// Test harness: a real database and callers that act as dev-identity users, no HTTP.
import { devIdentity } from "@progboard/auth";
import type { DbHandle } from "@progboard/db";
import { createTestDb } from "@progboard/db/testing";
import { appRouter } from "./root";
import { createCallerFactory, createTRPCContext } from "./trpc";

const createCaller = createCallerFactory(appRouter);

export interface Harness {
  handle: DbHandle;
  /** A caller acting as `username`, optionally pinned to a static like a browser tab. */
  as(username: string, options?: { staticId?: number | string }): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

export async function createHarness(options: { autoJoinDefaultStatic?: boolean } = {}): Promise<Harness> {
  const handle = await createTestDb();
  const deps = { db: handle, identity: devIdentity(handle.db), autoJoinDefaultStatic: options.autoJoinDefaultStatic ?? true };
  let requests = 0;
  return {
    handle,
    async as(username, { staticId } = {}) {
      const headers = new Headers({ "x-dev-user": username });
      if (staticId !== undefined) headers.set("x-static-id", String(staticId));
      return createCaller(await createTRPCContext({ headers, requestId: `test-${++requests}`, deps }));
    },
    close: () => handle.close(),
  };
}
