// Issue 12, item 1: a report file is a user's claim, FFLogs data is authoritative. A file carrying
// another static's report code, uploaded through the real /api/import, changes nothing that static
// sees (its pulls, kills, deaths, title, status); the file's data lives under its own key
// (file:<sha-256>), visible only to statics that imported that same content.
import { createHash } from "node:crypto";
import { events, reports } from "@progboard/db";
import { type FakeFflogs, GENERATED_ENCOUNTER, type GeneratedReport, generateReport, startFakeFflogs } from "@progboard/ingest/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createTestApp, type TestApp, testCalls } from "./testing";

interface PullRow {
  kill: boolean;
  fightPercentage: number;
  firstDeath: unknown;
}

const CODE = "VictimProg00001";
const generated = generateReport({ seed: 21, code: CODE, pulls: 6, eventsPerPull: 150 });
let fake: FakeFflogs;
let t: TestApp;
let victim: number;
const { call, createStatic, listReports, settled, upload } = testCalls(() => t);
/** A mutation as `user` of `staticId`: its status and body. */
async function mutate(user: string, staticId: number, procedure: string, input: unknown) {
  const response = await t.post(`/api/trpc/${procedure}`, input, as(user, staticId));
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

/** Everything the victim's static sees of its report. */
async function victimView() {
  const [report] = await t.db.db.select({ title: reports.title }).from(reports).where(eq(reports.code, CODE));
  return {
    title: report?.title,
    listed: (await listReports("vera", victim)).find((r) => r.code === CODE),
    pulls: (await call<PullRow[]>("vera", victim, "analysis.pulls", { encounterId: GENERATED_ENCOUNTER.id, code: CODE })).data,
    wipeTypes: (await call<unknown>("vera", victim, "analysis.wipeTypes", { encounterId: GENERATED_ENCOUNTER.id, code: CODE })).data,
    consistency: (await call<unknown>("vera", victim, "analysis.consistency", { encounterId: GENERATED_ENCOUNTER.id, code: CODE })).data,
    events: (await t.db.db.select({ n: count() }).from(events).where(eq(events.reportCode, CODE)))[0]?.n,
  };
}

/** The attack from the red-team pass: the victim's code, every fight a kill, no events, names replaced. */
function forgedFile(report: GeneratedReport["report"], suffix = ""): string {
  const forged = structuredClone(report);
  forged.title = `Forged${suffix}`;
  for (const fight of forged.fights) Object.assign(fight, { kill: true, fightPercentage: 0, bossPercentage: 0 });
  for (const actor of forged.masterData?.actors ?? []) if (actor.type === "Player") actor.name = `Mallory${suffix}`;
  return JSON.stringify({ report: forged, events: [] });
}
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

beforeAll(async () => {
  fake = await startFakeFflogs({ reports: [{ report: generated.report, events: (fightId) => generated.events(fightId) }], pageSize: 500 });
  t = await createTestApp(
    {
      AUTH_MODE: "dev",
      FFLOGS_CLIENT_ID: fake.clientId,
      FFLOGS_CLIENT_SECRET: fake.clientSecret,
      FFLOGS_API_URL: fake.apiUrl,
      FFLOGS_TOKEN_URL: fake.tokenUrl,
    },
    { ingestion: true },
  );
  victim = await createStatic("vera", "Vera static");
  expect((await mutate("vera", victim, "watchedReports.add", { report: CODE })).status).toBe(200);
  expect((await settled("vera", victim, CODE)).ingestion.status).toBe("done");
}, 60_000);
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe("watching a report another static fetched", () => {
  it("changes nothing shared: no new fetch, the same status and finish time", async () => {
    const before = (await listReports("vera", victim)).find((r) => r.code === CODE);
    const fetches = fake.requests.report;
    const outsider = await createStatic("otto", "Otto static");
    expect((await mutate("otto", outsider, "watchedReports.add", { report: CODE })).status).toBe(200);
    const seen = await settled("otto", outsider, CODE);
    expect(seen.ingestion).toEqual(before?.ingestion);
    expect((await listReports("vera", victim)).find((r) => r.code === CODE)).toEqual(before);
    expect(fake.requests.report).toBe(fetches);
  });
});

describe("a forged report file", () => {
  it("carrying a victim's report code changes nothing the victim sees", async () => {
    const before = await victimView();
    expect(before.pulls.filter((p) => p.kill)).toHaveLength(1);
    expect(before.events).toBeGreaterThan(0);

    const attacker = await createStatic("mallory", "Mallory static");
    const file = forgedFile(generated.report);
    const response = await upload(file, as("mallory", attacker));
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { code: string; reportCode: string };
    expect(accepted).toMatchObject({ code: `file:${sha256(file)}`, reportCode: CODE });
    // The attacker sees their own claim, under the file's key, labelled with the code inside.
    const own = await settled("mallory", attacker, accepted.code);
    expect(own).toMatchObject({ label: CODE, ingestion: { status: "done", pulls: 6 } });
    expect((await call<PullRow[]>("mallory", attacker, "analysis.pulls", { encounterId: GENERATED_ENCOUNTER.id })).data.every((p) => p.kill)).toBe(
      true,
    );

    expect(await victimView()).toEqual(before);
    // And the victim does not see the attacker's upload.
    expect((await listReports("vera", victim)).map((r) => r.code)).toEqual([CODE]);
  });

  it("is shared only with statics that import the same content, never another upload's rows", async () => {
    const [one, two, three] = [
      await createStatic("uma", "Uma static"),
      await createStatic("ugo", "Ugo static"),
      await createStatic("ulf", "Ulf static"),
    ];
    const file = forgedFile(generated.report, "-same");
    const first = (await (await upload(file, as("uma", one))).json()) as { code: string };
    await settled("uma", one, first.code);
    const second = (await (await upload(file, as("ugo", two))).json()) as { code: string };
    expect(second.code).toBe(first.code);
    expect((await settled("ugo", two, first.code)).ingestion).toMatchObject({ status: "done", pulls: 6 });
    // Different content carrying the same code: a key of its own; the first upload is untouched.
    const other = forgedFile(generated.report, "-other");
    const third = (await (await upload(other, as("ulf", three))).json()) as { code: string };
    expect(third.code).not.toBe(first.code);
    await settled("ulf", three, third.code);
    const [firstTitle] = await t.db.db.select({ title: reports.title }).from(reports).where(eq(reports.code, first.code));
    expect(firstTitle?.title).toBe("Forged-same");
    expect((await listReports("ulf", three)).map((r) => r.code)).toEqual([third.code]);
  });

  it("cannot be watched, retried or re-queued by its key through the API", async () => {
    const staticId = await createStatic("wes", "Wes static");
    const file = forgedFile(generated.report, "-wes");
    const { code } = (await (await upload(file, as("wes", staticId))).json()) as { code: string };
    await settled("wes", staticId, code);
    // Another static knowing the key cannot watch it by hand.
    const outsider = await createStatic("xan", "Xan static");
    const watched = await mutate("xan", outsider, "watchedReports.add", { report: code });
    expect(watched.status).toBe(400);
    expect(watched.body.error?.message).toMatch(/Not a report code or an FFLogs report URL/);
    // The importer's retry says what to do instead, and the shared status stays done.
    const retried = await mutate("wes", staticId, "watchedReports.retry", { code });
    expect(retried.status).toBe(400);
    expect(retried.body.error?.message).toMatch(/import the file again/);
    expect((await settled("wes", staticId, code)).ingestion.status).toBe("done");
  });
});
