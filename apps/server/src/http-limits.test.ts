// Issue 12, items 3, 6 (NUL) and 10: every request has a bounded cost, and answers in words.
// /api/trpc bodies past 1 MB are 413, batches past 50 calls 400, slow headers and slow bodies are
// closed; a NUL character in any input is BAD_REQUEST; API answers are never cached.
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { migratedDataDir } from "@progboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./server";
import { createTestApp, TEST_ORIGIN } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let staticId: number;
const as = (user: string, id?: number) => ({ "x-dev-user": user, ...(id ? { "x-static-id": String(id) } : {}) });
async function answer(response: Response) {
  const body = (await response.json()) as { error?: { message: string } } | { error?: { message: string } }[];
  const first = Array.isArray(body) ? body[0] : body;
  return { status: response.status, message: first?.error?.message };
}

beforeAll(async () => {
  t = await createTestApp({ AUTH_MODE: "dev" });
  const response = await t.post("/api/trpc/statics.create", { name: "Hal static" }, as("hal"));
  staticId = ((await response.json()) as { result: { data: { id: number } } }).result.data.id;
});
afterAll(() => t.close());

describe("request size and batch limits on /api/trpc", () => {
  it("a body over 1 MB is refused with 413 in words, declared or not", async () => {
    const huge = { name: "x".repeat(1024 * 1024) };
    expect(await answer(await t.post("/api/trpc/statics.create", huge, as("hal")))).toEqual({
      status: 413,
      message: "The request body is larger than 1 MB",
    });
    // Streamed without a Content-Length: cut off once it passes the cap.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await t.app.request("/api/trpc/statics.create", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, ...as("hal") },
      duplex: "half",
    });
    expect(await answer(streamed)).toEqual({ status: 413, message: "The request body is larger than 1 MB" });
    // Under the cap, the same call works.
    expect((await t.post("/api/trpc/statics.create", { name: "Fine" }, as("hal"))).status).toBe(200);
  });

  it("a batch of more than 50 calls is refused in words; 50 are answered", async () => {
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => "me.get").join(",");
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), {}]));
      return t.app.request(`/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, { headers: as("hal") });
    };
    expect(await answer(await batch(51))).toEqual({ status: 400, message: "At most 50 calls can be batched in one request" });
    const fifty = await batch(50);
    expect(fifty.status).toBe(200);
    expect(((await fifty.json()) as unknown[]).length).toBe(50);
    expect(await answer(await batch(1000))).toEqual({ status: 400, message: "At most 50 calls can be batched in one request" });
  });
});

describe("NUL characters", () => {
  it("in any string input are BAD_REQUEST in words, never a 500", async () => {
    const NUL = "Text cannot contain NUL characters (\\u0000)";
    expect(await answer(await t.post("/api/trpc/statics.create", { name: "a\u0000b" }, as("hal")))).toEqual({ status: 400, message: NUL });
    expect(await answer(await t.post("/api/trpc/watchedReports.add", { report: "abc\u0000defgh" }, as("hal", staticId)))).toEqual({
      status: 400,
      message: NUL,
    });
    expect(await answer(await t.post("/api/trpc/roster.create", { name: "x\u0000" }, as("hal", staticId)))).toEqual({ status: 400, message: NUL });
    // In a key, and in a query's input.
    expect(await answer(await t.post("/api/trpc/statics.create", { "na\u0000me": "x" }, as("hal")))).toEqual({ status: 400, message: NUL });
    const query = await t.app.request(
      `/api/trpc/analysis.pulls?input=${encodeURIComponent(JSON.stringify({ encounterId: 1, code: "abc\u0000def" }))}`,
      { headers: as("hal", staticId) },
    );
    expect(await answer(query)).toEqual({ status: 400, message: NUL });
  });
});

describe("caching", () => {
  it("API answers carry Cache-Control: no-store (success, refusal, import)", async () => {
    expect((await t.app.request("/api/trpc/me.get", { headers: as("hal") })).headers.get("cache-control")).toBe("no-store");
    expect((await t.app.request("/api/trpc/watchedReports.list", { headers: as("hal", staticId) })).headers.get("cache-control")).toBe("no-store");
    expect((await t.app.request("/api/trpc/me.get")).headers.get("cache-control")).toBe("no-store");
    const imported = await t.app.request("/api/import", {
      method: "POST",
      body: "nope",
      headers: { "content-type": "application/octet-stream", "x-progboard-import": "1", origin: TEST_ORIGIN, ...as("hal", staticId) },
    });
    expect(imported.status).toBe(400);
    expect(imported.headers.get("cache-control")).toBe("no-store");
  });
});

describe("slow clients (a real socket)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "progboard-slow-"));
    await migratedDataDir(dataDir);
    server = await startServer({
      env: {
        PORT: "0",
        HOST: "127.0.0.1",
        AUTH_MODE: "dev",
        NODE_ENV: "test",
        DEMO: "false",
        INGEST_WORKER: "false",
        BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123",
        DATA_DIR: dataDir,
      },
      timeouts: { headersMs: 300, requestMs: 5_000, trpcBodyMs: 300, checkEveryMs: 100 },
    });
  }, 60_000);
  afterAll(() => server.close());

  /** Opens a connection, writes `text`, and resolves with what the server sent before it closed. */
  const exchange = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), "127.0.0.1", () => socket.write(text));
      let received = "";
      socket.on("data", (data) => {
        received += data.toString();
      });
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });

  it("closes a connection whose headers never finish", async () => {
    const received = await exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    expect(received === "" || received.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("answers 408 and closes an /api/trpc body that never finishes", async () => {
    const received = await exchange(
      'POST /api/trpc/statics.create HTTP/1.1\r\nHost: x\r\nx-dev-user: hal\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"name":',
    );
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(received).toContain("The request body took too long to arrive");
  });
});
