// The HTTP surface: health, the mutation guard, bad input, error bodies and the SPA fallback.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { staticMemberships, statics } from "@progboard/db";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type ErrorBody = { error: { message: string; data: { code: string; httpStatus: number; zodError: unknown } } };

const webDist = mkdtempSync(path.join(tmpdir(), "progboard-web-"));
writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>progboard</title><div id=root></div>");

let t: TestApp;
const as = (user: string) => ({ "x-dev-user": user });
const tableCounts = async () => ({
  statics: (await t.db.db.select({ n: count() }).from(statics))[0]?.n,
  memberships: (await t.db.db.select({ n: count() }).from(staticMemberships))[0]?.n,
});

beforeAll(async () => {
  // FFLogs credentials so reports can be watched (no worker runs here: nothing is fetched).
  t = await createTestApp(
    { AUTH_MODE: "dev", TRUSTED_ORIGINS: "https://raid.example.org", FFLOGS_CLIENT_ID: "unused-client", FFLOGS_CLIENT_SECRET: "unused-secret" },
    { webDist },
  );
});
afterAll(() => t.close());

describe("health", () => {
  it("answers /healthz and /readyz", async () => {
    expect(await (await t.app.request("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await t.app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });
});

describe("the mutation guard", () => {
  it("accepts a JSON mutation from the app's origin, from a trusted origin, or with no Origin (curl)", async () => {
    expect((await t.post("/api/trpc/statics.create", { name: "Same origin" }, as("guard"))).status).toBe(200);
    expect((await t.post("/api/trpc/statics.create", { name: "Trusted" }, { ...as("guard"), origin: "https://raid.example.org" })).status).toBe(200);
    const curl = await t.app.request("/api/trpc/statics.create", {
      method: "POST",
      headers: { "content-type": "application/json", ...as("guard") },
      body: JSON.stringify({ name: "From curl" }),
    });
    expect(curl.status).toBe(200);
  });

  it("refuses a form post and a cross-origin post, and writes nothing", async () => {
    const before = await tableCounts();
    const form = await t.app.request("/api/trpc/statics.create", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN, ...as("guard") },
      body: "name=Evil",
    });
    expect(form.status).toBe(415);
    const textPlain = await t.app.request("/api/trpc/statics.create", {
      method: "POST",
      headers: { "content-type": "text/plain", ...as("guard") },
      body: JSON.stringify({ name: "Evil" }),
    });
    expect(textPlain.status).toBe(415);
    const crossOrigin = await t.post("/api/trpc/statics.create", { name: "Evil" }, { ...as("guard"), origin: "https://evil.example" });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await t.post("/api/trpc/statics.create", { name: "Evil" }, { ...as("guard"), "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("bad input", () => {
  const cases: [string, string, unknown][] = [
    ["an empty name", "statics.create", { name: "" }],
    ["a blank name", "statics.create", { name: "   " }],
    ["a 10,000-character name", "statics.create", { name: "x".repeat(10_000) }],
    ["a number for a name", "statics.create", { name: 42 }],
    ["null for a name", "statics.create", { name: null }],
    ["an array for a name", "statics.create", { name: ["a"] }],
    ["a missing name", "statics.create", {}],
    ["null instead of an object", "statics.create", null],
    ["a list instead of an object", "statics.create", [{ name: "x" }]],
    ["a string static id", "statics.rename", { staticId: "1", name: "x" }],
    ["a fractional static id", "members.list", { staticId: 1.5 }],
    ["a negative static id", "members.add", { staticId: -1, username: "x" }],
    ["an out-of-range user id", "members.remove", { staticId: 1, userId: 2 ** 40 }],
    ["a missing username", "members.add", { staticId: 1 }],
    ["a 10,000-character username", "members.add", { staticId: 1, username: "u".repeat(10_000) }],
  ];

  it.each(cases)("%s → BAD_REQUEST, nothing written", async (_label, procedure, input) => {
    const before = await tableCounts();
    const isQuery = procedure === "members.list";
    const response = isQuery
      ? await t.app.request(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: as("badinput") })
      : await t.post(`/api/trpc/${procedure}`, input, as("badinput"));
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.message).toMatch(/^Invalid input: /);
    expect(await tableCounts()).toEqual(before);
  });

  it("malformed JSON → BAD_REQUEST, nothing written", async () => {
    const before = await tableCounts();
    const response = await t.app.request("/api/trpc/statics.create", {
      method: "POST",
      headers: { "content-type": "application/json", ...as("badinput") },
      body: '{"name": "unterminated',
    });
    expect(response.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });

  it("says which field is wrong, in words, with the flattened zod error", async () => {
    const response = await t.post("/api/trpc/statics.create", { name: "" }, as("badinput"));
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toBe("Invalid input: name: A name is required");
    expect(body.error.data.zodError).toEqual({ formErrors: [], fieldErrors: { name: ["A name is required"] } });
  });
});

describe("error bodies", () => {
  it("NOT_FOUND bodies for a foreign static and a missing one are identical", async () => {
    const created = (await (await t.post("/api/trpc/statics.create", { name: "Private" }, as("owner"))).json()) as {
      result: { data: { id: number } };
    };
    const ask = (staticId: number) =>
      t.app.request(`/api/trpc/members.list?input=${encodeURIComponent(JSON.stringify({ staticId }))}`, { headers: as("stranger") });
    const foreign = await ask(created.result.data.id);
    const missing = await ask(2_000_000_000);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe(await missing.text());
  });

  it("a static-scoped call pinned to a foreign static answers like one pinned to a missing static", async () => {
    const created = (await (await t.post("/api/trpc/statics.create", { name: "Hidden" }, as("keeper"))).json()) as {
      result: { data: { id: number } };
    };
    const watched = await t.post(
      "/api/trpc/watchedReports.add",
      { report: "hiddenRep01", label: "hidden label" },
      { ...as("keeper"), "x-static-id": String(created.result.data.id) },
    );
    expect(watched.status).toBe(200);
    const ask = (staticId: number) =>
      t.app.request("/api/trpc/watchedReports.list", { headers: { ...as("stranger"), "x-static-id": String(staticId) } });
    const foreign = await ask(created.result.data.id);
    const missing = await ask(2_000_000_000);
    expect(foreign.status).toBe(404);
    const body = await foreign.text();
    expect(body).toBe(await missing.text());
    expect(body).not.toContain("hidden");
  });

  it("a unique clash over HTTP is a plain CONFLICT with no constraint name", async () => {
    const staticId = (await (await t.post("/api/trpc/statics.create", { name: "Clash" }, as("clasher"))).json()) as {
      result: { data: { id: number } };
    };
    const headers = { ...as("clasher"), "x-static-id": String(staticId.result.data.id) };
    expect((await t.post("/api/trpc/roster.create", { name: "Aoi" }, headers)).status).toBe(200);
    const clash = await t.post("/api/trpc/roster.create", { name: "Aoi" }, headers);
    expect(clash.status).toBe(409);
    const text = await clash.text();
    expect((JSON.parse(text) as ErrorBody).error.message).toBe("The roster already has a member named Aoi");
    expect(text).not.toMatch(/roster_members|_key|constraint|duplicate/i);
  });

  it("an unknown API path is a JSON 404", async () => {
    const response = await t.app.request("/api/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: "Not found", code: "NOT_FOUND" } });
  });
});

describe("the single-page app", () => {
  it("serves index.html for app routes (history fallback) with security headers", async () => {
    const response = await t.app.request("/roster");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<div id=root>");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("internal errors", () => {
  it("say only 'Internal server error': no SQL, no constraint names, no stack", async () => {
    const broken = await createTestApp({ AUTH_MODE: "dev" });
    await broken.db.close();
    const response = await broken.app.request("/api/trpc/me.get", { headers: as("anyone") });
    const text = await response.text();
    // postgres.js says its pool has ended: the database is unavailable (503, in words); PGlite's
    // error names no cause, so it is an internal error. Neither says more.
    if (broken.db.kind === "postgres") {
      expect(response.status).toBe(503);
      expect((JSON.parse(text) as ErrorBody).error.message).toBe("The database is unavailable, try again in a few seconds");
    } else {
      expect(response.status).toBe(500);
      expect((JSON.parse(text) as ErrorBody).error.message).toBe("Internal server error");
    }
    expect(text).not.toMatch(/select|insert|users|stack|\.ts:/i);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
