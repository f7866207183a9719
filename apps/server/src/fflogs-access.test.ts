// Issue 15: FFLogs access an instance admin sets up in the app. Without credentials nothing that
// would need FFLogs is accepted (in words saying who can fix it); the admin's credentials are tested
// by fetching a token before they are stored, the secret is never shown again (nor readable by the
// request role), and the running worker uses them at once, without a restart.
import { fflogsCredentials } from "@progboard/db";
import { type FakeFflogs, generateReport, startFakeFflogs } from "@progboard/ingest/testing";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const generated = generateReport({ seed: 11, code: "AdminSetProg01", pulls: 3, eventsPerPull: 60 });
let fake: FakeFflogs;
let t: TestApp;
const SECRET_SENT = "a-wrong-secret-never-shown";

const as = (user: string, staticId?: number) => ({ "x-dev-user": user, ...(staticId ? { "x-static-id": String(staticId) } : {}) });
async function query(path: string, user: string, staticId?: number) {
  const response = await t.app.request(`/api/trpc/${path}`, { headers: as(user, staticId) });
  return { status: response.status, text: await response.text() };
}
async function mutate(path: string, body: unknown, user: string, staticId?: number) {
  const response = await t.post(`/api/trpc/${path}`, body, as(user, staticId));
  return { status: response.status, text: await response.text() };
}

/** The data of a tRPC answer. */
const data = <T = Record<string, unknown>>(answer: { text: string }) => (JSON.parse(answer.text) as { result: { data: T } }).result.data;
const errorOf = (answer: { text: string }) => (JSON.parse(answer.text) as { error: { message: string } }).error.message;

beforeAll(async () => {
  fake = await startFakeFflogs({ reports: [{ report: generated.report, events: (fightId) => generated.events(fightId) }] });
  // No FFLOGS_CLIENT_ID / SECRET: only where FFLogs is.
  t = await createTestApp({ AUTH_MODE: "dev", FFLOGS_API_URL: fake.apiUrl, FFLOGS_TOKEN_URL: fake.tokenUrl }, { ingestion: true });
  // The first account of an instance is its admin.
  expect((await query("me.get", "ada")).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe("before an admin sets FFLogs up", () => {
  it("says so to everyone, and who can change it", async () => {
    expect(data(await query("fflogs.status", "ada"))).toEqual({
      configured: false,
      source: null,
      canConfigure: true,
      stored: null,
    });
    expect(data(await query("fflogs.status", "bo"))).toMatchObject({ configured: false, canConfigure: false });
  });

  it("refuses to watch an FFLogs code or follow a guild it could not fetch, in words naming the Admin page", async () => {
    const staticId = data<{ id: number }>(await mutate("statics.create", { name: "Bo static" }, "bo")).id;
    const watch = await mutate("watchedReports.add", { report: "https://www.fflogs.com/reports/AdminSetProg01" }, "bo", staticId);
    expect(watch.status).toBe(400);
    expect(errorOf(watch)).toMatch(/^FFLogs access is not set up on this server.*instance admin.*Admin page.*import the report from a file/);
    const follow = await mutate("follows.create", { guild: { name: "Crystal", server: "Tonberry", region: "JP" } }, "bo", staticId);
    expect(follow.status).toBe(400);
    expect(data(await query("watchedReports.list", "bo", staticId))).toEqual([]);
  });

  it("lets only the instance admin set credentials: others get FORBIDDEN", async () => {
    const refused = await mutate("fflogs.setCredentials", { clientId: fake.clientId, clientSecret: fake.clientSecret }, "bo");
    expect(refused.status).toBe(403);
    expect((await mutate("fflogs.clearCredentials", {}, "bo")).status).toBe(403);
  });
});

describe("the admin sets FFLogs up", () => {
  it("refuses credentials FFLogs rejects, in words, storing nothing and never echoing the secret", async () => {
    const wrong = await mutate("fflogs.setCredentials", { clientId: fake.clientId, clientSecret: SECRET_SENT }, "ada");
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong)).toBe("Not saved: FFLogs rejected the API client credentials (HTTP 401): check the client id and secret on the Admin page");
    expect(wrong.text).not.toContain(SECRET_SENT);
    expect(await t.db.db.select({ id: fflogsCredentials.clientId }).from(fflogsCredentials)).toEqual([]);
  });

  it("stores credentials FFLogs accepts: 'Connected as client …', and no answer ever carries the secret", async () => {
    const saved = await mutate("fflogs.setCredentials", { clientId: fake.clientId, clientSecret: fake.clientSecret }, "ada");
    expect(saved.status).toBe(200);
    expect(data(saved)).toEqual({ message: `Connected as client ${fake.clientId}` });
    const check = await mutate("fflogs.check", {}, "ada");
    expect(data(check)).toEqual({ ok: true, message: `Connected as client ${fake.clientId}` });
    const status = await query("fflogs.status", "ada");
    expect(data(status)).toMatchObject({
      configured: true,
      source: "app",
      stored: { clientId: fake.clientId, updatedBy: "ada" },
    });
    for (const answer of [saved, check, status, await query("fflogs.status", "bo")]) expect(answer.text).not.toContain(fake.clientSecret);
  });

  it("keeps the secret write-only in the database: the request role cannot read its column", async () => {
    const denied = (query: SQL) =>
      t.db.db.execute(query).then(
        () => "allowed",
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await denied(sql`select client_secret from fflogs_credentials`)).toMatch(/permission denied/);
    expect(await denied(sql`select * from fflogs_credentials`)).toMatch(/permission denied/);
    expect(await denied(sql`select * from app.fflogs_credentials()`)).toMatch(/permission denied/);
    expect(await t.db.db.select({ id: fflogsCredentials.clientId }).from(fflogsCredentials)).toEqual([{ id: fake.clientId }]);
  });

  it("the running worker fetches with them at once, without a restart", async () => {
    const staticId = data<{ id: number }>(await mutate("statics.create", { name: "Ada static" }, "ada")).id;
    expect((await mutate("watchedReports.add", { report: "AdminSetProg01" }, "ada", staticId)).status).toBe(200);
    let report: { ingestion: { status: string; pulls: number; error: string | null } } | undefined;
    for (let i = 0; i < 150 && !["done", "failed"].includes(report?.ingestion.status ?? ""); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = data<NonNullable<typeof report>[]>(await query("watchedReports.list", "ada", staticId))[0];
    }
    expect(report?.ingestion).toMatchObject({ status: "done", pulls: 3, error: null });
  });

  it("clearing them stops new watches again", async () => {
    expect(data(await mutate("fflogs.clearCredentials", {}, "ada"))).toEqual({ cleared: true });
    expect(data(await query("fflogs.status", "bo"))).toMatchObject({ configured: false });
  });
});
