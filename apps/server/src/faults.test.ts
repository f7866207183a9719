// The server when PostgreSQL drops its connections (TEST_DATABASE_URL; PGlite has none to drop):
// requests in flight get a 503 in words or their answer, never a 500 nor a dead process; /readyz
// says 503 while the database refuses connections; the server serves again once it is back.

import { queryRows } from "@progboard/db";
import { eventually, testDatabaseUrl } from "@progboard/db/testing";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const adminUrl = testDatabaseUrl();
const enabled = Boolean(adminUrl);
let t: TestApp;
let admin: postgres.Sql;
let name: string;
const as = (user: string) => ({ "x-dev-user": user });

beforeAll(async () => {
  if (!enabled) return;
  t = await createTestApp({ AUTH_MODE: "dev" });
  name = (await queryRows<{ name: string }>(t.db.db, sql`select current_database() as name`))[0]?.name ?? "";
  admin = postgres(adminUrl ?? "", { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  if (!enabled) return;
  await admin.unsafe(`alter database ${name} allow_connections true`);
  await admin.end();
  await t.close();
});

const terminate = () => admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and backend_type = 'client backend'`;

describe.skipIf(!enabled)("a database that drops its connections", () => {
  // Once one run in four hung here (issue 13): postgres.js lost a reservation refused while its
  // connection started, and waited up to 20 s before reconnecting after errors. Both mended in
  // patches/postgres@3.4.9.patch and the adapter's reconnect delay (reserve-leak.test.ts in db).
  it("answers requests in flight with their data or a 503 in words, then serves again", async () => {
    const created = await t.post("/api/trpc/statics.create", { name: "Steady" }, as("fault"));
    expect(created.status).toBe(200);
    const list = async () => t.app.request("/api/trpc/statics.list", { headers: as("fault") });
    const create = async (i: number) => t.post("/api/trpc/statics.create", { name: `Fault ${i}` }, as("fault"));
    for (let round = 0; round < 3; round++) {
      const requests: Promise<Response>[] = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? create(round * 100 + i) : list()));
      await new Promise((resolve) => setTimeout(resolve, 5 * round));
      await terminate();
      const responses = await Promise.all(requests);
      for (const response of responses) {
        // (the body, with the procedure, in the failure message: once, under a loaded CI run, a 401 came back here)
        expect([200, 503], await response.clone().text()).toContain(response.status);
        if (response.status === 503) {
          const body = (await response.json()) as { error: { message: string; data: { code: string } } };
          expect(body.error.data.code).toBe("SERVICE_UNAVAILABLE");
          expect(body.error.message).toBe("The database is unavailable, try again in a few seconds");
        }
      }
      await eventually(async () => {
        const response = await list();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
      }, 100);
    }
    const names = ((await (await list()).json()) as { result: { data: { name: string }[] } }).result.data.map((s) => s.name);
    expect(names).toContain("Steady");
  });

  it("says 503 on /readyz and on API calls while the database refuses connections, 200 when it is back", async () => {
    await admin.unsafe(`alter database ${name} allow_connections false`);
    await terminate();
    const ready = await t.app.request("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable" });
    const call = await t.app.request("/api/trpc/statics.list", { headers: as("fault") });
    expect(call.status).toBe(503);
    expect(((await call.json()) as { error: { message: string } }).error.message).toBe("The database is unavailable, try again in a few seconds");
    await admin.unsafe(`alter database ${name} allow_connections true`);
    await eventually(async () => {
      const response = await t.app.request("/readyz");
      if (response.status !== 200) throw new Error(`status ${response.status}`);
    }, 100);
    expect((await t.app.request("/api/trpc/statics.list", { headers: as("fault") })).status).toBe(200);
  });
});
