// Test harness: the whole HTTP app (Hono, Better Auth, tRPC) on a fresh test database, called
// through app.request (no socket).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb } from "@progboard/db/testing";
import { parseEnv } from "./env";
import { createIngestion } from "./ingestion";
import { assembleApp } from "./server";

export const TEST_ORIGIN = "http://localhost:3000";

/** `ingestion: true` runs the ingestion worker as the server does; file imports always work. */
export async function createTestApp(vars: Record<string, string> = {}, options: { webDist?: string; ingestion?: boolean } = {}) {
  const env = parseEnv({
    NODE_ENV: "test",
    BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123",
    BETTER_AUTH_URL: TEST_ORIGIN,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "progboard-test-")),
    ...(options.ingestion ? {} : { INGEST_WORKER: "false" }),
    ...vars,
  });
  const db = await createTestDb();
  const ingestion = createIngestion(env, db);
  const app = assembleApp(env, db, ingestion, options.webDist);

  /** JSON POST from the app's own origin, as the browser would send it. */
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, ...headers },
      body: JSON.stringify(body),
    });

  const close = async () => {
    await ingestion.close();
    await db.close();
  };
  return { app, db, env, post, ingestion, close };
}

/** The `name=value` pairs of a response's Set-Cookie headers, ready for a Cookie header. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A watched report as watchedReports.list answers it (the fields the tests read). */
export interface ListedReport {
  code: string;
  label: string | null;
  ingestion: { status: string; fightsDone: number; fightsTotal: number | null; error: string | null; retryAt: string | null; pulls: number };
}

/** Dev-mode headers: acting as `user`, on `staticId` when given (as a browser tab pins one). */
export const as = (user: string, staticId?: number): Record<string, string> => ({
  "x-dev-user": user,
  ...(staticId ? { "x-static-id": String(staticId) } : {}),
});

/**
 * The calls the HTTP tests make of a test app, as a user of a static: `app()` is read at each call
 * (the app is made in beforeAll).
 */
export function testCalls(app: () => TestApp) {
  /** A query procedure's answer: its status, data, and error message when it failed. */
  async function call<T>(user: string, staticId: number, procedure: string, input?: unknown): Promise<{ status: number; data: T; message?: string }> {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await app().app.request(`/api/trpc/${procedure}${query}`, { headers: as(user, staticId) });
    const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
    return { status: response.status, data: body.result?.data as T, ...(body.error ? { message: body.error.message } : {}) };
  }
  async function createStatic(user: string, name: string): Promise<number> {
    const response = await app().post("/api/trpc/statics.create", { name }, as(user));
    return ((await response.json()) as { result: { data: { id: number } } }).result.data.id;
  }
  const listReports = async (user: string, staticId: number) => (await call<ListedReport[]>(user, staticId, "watchedReports.list")).data;
  /** Waits (bounded: `tries` looks 100 ms apart) until the report's ingestion is done or failed. */
  async function settled(user: string, staticId: number, code: string, tries = 200): Promise<ListedReport> {
    for (let i = 0; i < tries; i++) {
      const report = (await listReports(user, staticId)).find((r) => r.code === code);
      if (report && (report.ingestion.status === "done" || report.ingestion.status === "failed")) return report;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`report ${code} did not settle`);
  }
  /** A report file sent to /api/import as the web app sends it. */
  const upload = (body: string | Uint8Array, headers: Record<string, string>, query = "") =>
    app().app.request(`/api/import${query}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/octet-stream", "x-progboard-import": "1", origin: TEST_ORIGIN, ...headers },
    });
  return { call, createStatic, listReports, settled, upload };
}
