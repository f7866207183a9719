// Issue 12, items 2 and 10 through the real /api/import: a file past any limit is refused in words
// (413 for its size, 400 for what is in it), stores nothing, leaves no upload behind and leaves the
// server serving; refusals never show the server's temporary file name or zod's raw JSON.
import { readdirSync } from "node:fs";
import path from "node:path";
import { events, fights, ingestionLedger, reports } from "@progboard/db";
import { generateReport } from "@progboard/ingest/testing";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let staticId: number;

const as = (user: string, id?: number) => ({ "x-dev-user": user, ...(id ? { "x-static-id": String(id) } : {}) });
const upload = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  t.app.request("/api/import", {
    method: "POST",
    body,
    headers: { "content-type": "application/octet-stream", "x-progboard-import": "1", origin: TEST_ORIGIN, ...as("pia", staticId), ...headers },
  });
async function refusal(response: Response): Promise<{ status: number; message: string }> {
  const body = (await response.json()) as { error: { message: string } };
  return { status: response.status, message: body.error.message };
}
async function stored() {
  return {
    reports: (await t.db.db.select({ n: count() }).from(reports))[0]?.n,
    fights: (await t.db.db.select({ n: count() }).from(fights))[0]?.n,
    events: (await t.db.db.select({ n: count() }).from(events))[0]?.n,
    ledger: (await t.db.db.select({ n: count() }).from(ingestionLedger))[0]?.n,
  };
}
const uploadsLeft = () => {
  try {
    return readdirSync(path.join(t.env.dataDir, "imports"));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  t = await createTestApp({ AUTH_MODE: "dev" });
  const response = await t.post("/api/trpc/statics.create", { name: "Pia static" }, as("pia"));
  staticId = ((await response.json()) as { result: { data: { id: number } } }).result.data.id;
});
afterAll(() => t.close());

describe("oversized imports", () => {
  it("a body declared over 200 MB is refused (413) in words before it is read", async () => {
    const response = await upload("{}", { "content-length": String(201 * 1024 * 1024) });
    expect(await refusal(response)).toEqual({ status: 413, message: "That file is larger than 200 MB" });
  });

  it("a million-fight file is refused (400) in words, stores nothing, leaves no upload, and the server keeps serving", async () => {
    const before = await stored();
    const fightsJson = Array.from(
      { length: 1_000_000 },
      (_, i) => `{"id":${i + 1},"encounterID":1,"name":"x","startTime":${i},"endTime":${i + 1},"kill":true}`,
    ).join(",");
    const million = `{"report":{"code":"Million000001","title":"m","startTime":0,"endTime":1,"fights":[${fightsJson}]}}\n`;
    const { status, message } = await refusal(await upload(million));
    expect(status).toBe(400);
    // Its one 85 MB line is past the JSON Lines line cap, so it can only be a JSON document: too big to read whole.
    expect(message).toMatch(/^The uploaded file is \d+ MB: a single JSON document is limited to 16 MB; export it as JSON Lines/);
    // Under the line cap but over the fight limit: refused by its count.
    const report = generateReport({ seed: 3, code: "TooManyFights01", pulls: 2 }).report;
    const many = Array.from({ length: 5_001 }, (_, i) => ({ id: i + 1, encounterID: 0, name: "x", startTime: i, endTime: i + 1 }));
    const counted = await refusal(await upload(JSON.stringify({ report: { ...report, fights: many }, events: [] })));
    expect(counted).toEqual({
      status: 400,
      message: "The uploaded file has 5,001 fights: a report may have at most 5,000 (more than FFLogs ever produces)",
    });
    expect(await stored()).toEqual(before);
    expect(uploadsLeft()).toEqual([]);
    expect((await t.app.request("/healthz")).status).toBe(200);
  });
});

describe("import refusals in words", () => {
  it("never show the server's temporary file name or zod's raw JSON", async () => {
    const answers = [
      await refusal(await upload("not json")),
      await refusal(await upload(JSON.stringify({ report: { code: 5 } }))),
      await refusal(await upload('{"report": {"code": "abcdefgh", "title": "x", "startTime": 0, "endTime": 1, "fights": [{}]}}\n{"fightId": 1}\n')),
      await refusal(await upload("{}")),
    ];
    for (const { status, message } of answers) {
      expect(status).toBe(400);
      expect(message).not.toMatch(/\.upload\b|[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(message).not.toMatch(/^\s*[[{]/);
      expect(message).not.toContain('"code":');
      expect(message).toMatch(/^The uploaded file /); // no ?name= given: never the server's own name for it
    }
    const labelled = await refusal(
      await t.app.request(`/api/import?label=${"x".repeat(101)}`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/octet-stream", "x-progboard-import": "1", origin: TEST_ORIGIN, ...as("pia", staticId) },
      }),
    );
    expect(labelled.status).toBe(400);
    expect(labelled.message).not.toMatch(/^\s*[[{]/);
  });
});
