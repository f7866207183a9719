// API keys over HTTP with real sessions (issue 17): a person signed in makes a key; the key works
// as a bearer token without any cookie and without an Origin; cookie requests keep their CSRF
// rules; a bearer request is judged by its key alone (a cookie beside it widens nothing); and no
// key reaches /api/auth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp, TEST_ORIGIN } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let t: TestApp;
let cookie: string;
let key: string;
let readOnlyKey: string;

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

beforeAll(async () => {
  t = await createTestApp({ SIGNUP: "open" });
  const signUp = await t.post("/api/auth/sign-up/email", {
    name: "Mio",
    username: "mio",
    email: "mio@example.com",
    password: "correct horse battery",
  });
  cookie = cookiesOf(signUp);
  const create = async (input: object) => {
    const response = await t.post("/api/trpc/apiKeys.create", input, { cookie });
    expect(response.status).toBe(200);
    return ((await json(response)) as { result: { data: { key: string } } }).result.data.key;
  };
  key = await create({ name: "script" });
  readOnlyKey = await create({ name: "reader", readOnly: true });
});
afterAll(() => t.close());

describe("bearer requests", () => {
  it("read and write with the key alone: no cookie, no Origin (a script is not a browser)", async () => {
    const me = await t.app.request("/api/trpc/me.get", { headers: bearer(key) });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ result: { data: { user: { username: "mio" }, apiKey: { staticId: null, readOnly: false } } } });
    const created = await t.app.request("/api/trpc/statics.create", {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: JSON.stringify({ name: "Made by a script" }),
    });
    expect(created.status).toBe(200);
  });

  it("are judged by the key alone: a session cookie beside a read-only key does not lift it", async () => {
    const response = await t.post("/api/trpc/statics.create", { name: "Nope" }, { ...bearer(readOnlyKey), cookie });
    expect(response.status).toBe(403);
    expect(await json(response)).toMatchObject({ error: { message: "This API key is read-only", data: { code: "FORBIDDEN" } } });
  });

  it("refuse a bad key (401 in words), even with a valid session cookie beside it", async () => {
    const response = await t.app.request("/api/trpc/me.get", { headers: { authorization: `Bearer pb_${"x".repeat(43)}`, cookie } });
    expect(response.status).toBe(401);
    expect(await json(response)).toMatchObject({ error: { message: "This API key is not valid: it is unknown, revoked or expired" } });
  });

  it("never reach /api/auth: no session, no sign-out, no account change through a key", async () => {
    for (const [method, url] of [
      ["GET", "/api/auth/get-session"],
      ["POST", "/api/auth/sign-out"],
      ["POST", "/api/auth/change-password"],
    ] as const) {
      const response = await t.app.request(url, {
        method,
        headers: { ...bearer(key), "content-type": "application/json", origin: TEST_ORIGIN },
        ...(method === "POST" ? { body: "{}" } : {}),
      });
      expect(response.status).toBe(403);
      expect(await json(response)).toEqual({ error: { code: "FORBIDDEN", message: "API keys cannot be used here: sign in to manage your account" } });
    }
  });

  it("cannot manage keys through the API either", async () => {
    const response = await t.post("/api/trpc/apiKeys.create", { name: "child" }, bearer(key));
    expect(response.status).toBe(403);
  });
});

describe("cookie requests keep their CSRF rules", () => {
  it("a mutation from another origin, cross-site, or without a JSON body is refused", async () => {
    const evil = await t.app.request("/api/trpc/apiKeys.create", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ name: "stolen" }),
    });
    expect(evil.status).toBe(403);
    const crossSite = await t.app.request("/api/trpc/apiKeys.create", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ name: "stolen" }),
    });
    expect(crossSite.status).toBe(403);
    const form = await t.app.request("/api/trpc/apiKeys.create", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN },
      body: "name=stolen",
    });
    expect(form.status).toBe(415);
    const list = await t.app.request("/api/trpc/apiKeys.list", { headers: { cookie } });
    expect(((await json(list)) as { result: { data: { name: string }[] } }).result.data.map((k) => k.name).sort()).toEqual(["reader", "script"]);
  });
});
