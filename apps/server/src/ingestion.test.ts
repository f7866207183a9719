// SPEC.md E through the server: watching a report makes the worker fetch it (once, however many
// statics watch it) from a local fake FFLogs; report files import through /api/import; bad files
// change nothing and leave the server serving.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { events, ingestionLedger, reports } from "@progboard/db";
import { type FakeFflogs, generateReport, startFakeFflogs, writeReportFile } from "@progboard/ingest/testing";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createTestApp, type TestApp, testCalls } from "./testing";

const scratch = mkdtempSync(path.join(tmpdir(), "progboard-import-"));
const generated = generateReport({ seed: 7, code: "FakeProg0000001", pulls: 6, eventsPerPull: 120 });
let fake: FakeFflogs;
let t: TestApp;
const { createStatic, settled, upload } = testCalls(() => t);

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
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe("watching a report", () => {
  it("fetches it once for two statics that watch it, and shows each its pulls", async () => {
    const [a, b] = [await createStatic("ines", "Ines static"), await createStatic("jun", "Jun static")];
    expect(
      (await t.post("/api/trpc/watchedReports.add", { report: "https://www.fflogs.com/reports/FakeProg0000001?fight=2" }, as("ines", a))).status,
    ).toBe(200);
    expect((await t.post("/api/trpc/watchedReports.add", { report: "FakeProg0000001" }, as("jun", b))).status).toBe(200);
    const seenByA = await settled("ines", a, "FakeProg0000001");
    const seenByB = await settled("jun", b, "FakeProg0000001");
    expect(seenByA.ingestion).toMatchObject({ status: "done", pulls: 6, error: null });
    expect(seenByA.ingestion.fightsDone).toBe(seenByA.ingestion.fightsTotal);
    expect(seenByB.ingestion).toEqual(seenByA.ingestion);
    expect(fake.requests.report).toBe(1);
  });

  it("says in words when a report cannot be fetched", async () => {
    const staticId = await createStatic("kaya", "Kaya static");
    await t.post("/api/trpc/watchedReports.add", { report: "Missing00000001" }, as("kaya", staticId));
    const report = await settled("kaya", staticId, "Missing00000001");
    expect(report.ingestion.status).toBe("failed");
    expect(report.ingestion.error).toMatch(/Missing00000001 was not found or is private/);
  });
});

describe("importing a report file", () => {
  it("imports a JSON Lines export into the static, with its pulls", async () => {
    const file = path.join(scratch, "night.jsonl");
    await writeReportFile(file, { seed: 11, code: "FileProg0000001", pulls: 5, eventsPerPull: 100, format: "jsonl" });
    const staticId = await createStatic("lio", "Lio static");
    const response = await upload(readFileSync(file), as("lio", staticId), "?label=Thursday");
    expect(response.status).toBe(202);
    // Stored under the file's own key, the code inside kept for people (import-provenance.test.ts).
    const accepted = (await response.json()) as { code: string };
    expect(accepted.code).toMatch(/^file:[0-9a-f]{64}$/);
    expect(accepted).toMatchObject({ reportCode: "FileProg0000001", pulls: 5 });
    const report = await settled("lio", staticId, accepted.code);
    expect(report).toMatchObject({ label: "Thursday", ingestion: { status: "done", pulls: 5 } });
  });

  it("refuses files that are not report exports, in words, storing nothing", async () => {
    const staticId = await createStatic("mio", "Mio static");
    const before = await tableCounts();
    const notJson = await upload("this is not json", as("mio", staticId));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/JSON/i);
    const wrongShape = await upload(JSON.stringify({ report: { code: "abc" } }), as("mio", staticId));
    expect(wrongShape.status).toBe(400);
    const garbage = path.join(scratch, "garbage.bin");
    writeFileSync(garbage, Buffer.alloc(50 * 1024 * 1024, 0x7b));
    const big = await upload(readFileSync(garbage), as("mio", staticId));
    expect(big.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
    expect((await t.app.request("/healthz")).status).toBe(200);
  });

  it("refuses uploads without the import header, from another origin, or into someone else's static", async () => {
    const staticId = await createStatic("noa", "Noa static");
    const file = JSON.stringify({ report: generated.report, events: [] });
    expect(
      (
        await t.app.request("/api/import", {
          method: "POST",
          body: file,
          headers: { ...as("noa", staticId), "content-type": "application/octet-stream" },
        })
      ).status,
    ).toBe(403);
    expect((await upload(file, { ...as("noa", staticId), origin: "https://evil.example" })).status).toBe(403);
    const foreign = await upload(file, as("intruder", staticId));
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: { message: "Static not found" } });
  });
});

async function tableCounts() {
  return {
    reports: (await t.db.db.select({ n: count() }).from(reports))[0]?.n,
    events: (await t.db.db.select({ n: count() }).from(events))[0]?.n,
    ledger: (await t.db.db.select({ n: count() }).from(ingestionLedger))[0]?.n,
  };
}
