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
