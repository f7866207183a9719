// Opening the app at whatever address reaches it (issue 15): outside production the origin the
// browser used is allowed when it matches the Host it sent; production keeps BETTER_AUTH_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedOrigins, originRefusal } from "./origins";
import { cookiesOf, createTestApp } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const signUp = (t: TestApp, origin: string, host: string, username: string) =>
  t.app.request("/api/auth/sign-up/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin, host },
    body: JSON.stringify({ username, name: username, email: `${username}@example.org`, password: "correct horse battery" }),
  });

const request = (origin: string, host: string) => new Request(`http://${host}/api/trpc/x`, { method: "POST", headers: { origin, host } });
const DEV = { production: false, trustedOrigins: ["http://localhost:3000"], baseURL: "http://localhost:3000" };
const PROD = { ...DEV, production: true, trustedOrigins: ["https://raid.example.org"], baseURL: "https://raid.example.org" };

describe("allowed origins", () => {
  it("outside production adds the origin the browser used when it matches the Host it sent", () => {
    expect(allowedOrigins(DEV, request("http://127.0.0.1:3000", "127.0.0.1:3000"))).toContain("http://127.0.0.1:3000");
    expect(allowedOrigins(DEV, request("http://192.168.1.20:3000", "192.168.1.20:3000"))).toContain("http://192.168.1.20:3000");
    expect(allowedOrigins(DEV, request("http://raidbox.lan:3000", "RAIDBOX.lan:3000"))).toContain("http://raidbox.lan:3000");
    expect(originRefusal(DEV, request("http://127.0.0.1:3000", "127.0.0.1:3000"))).toBeNull();
  });

  it("refuses an origin that is not the host the request went to, naming the setting", () => {
    expect(allowedOrigins(DEV, request("https://evil.example", "localhost:3000"))).toEqual(["http://localhost:3000"]);
    expect(allowedOrigins(DEV, request("http://127.0.0.1:3001", "127.0.0.1:3000"))).toEqual(["http://localhost:3000"]);
    expect(originRefusal(DEV, request("https://evil.example", "localhost:3000"))).toMatch(/TRUSTED_ORIGINS/);
  });

  it("in production allows only BETTER_AUTH_URL and TRUSTED_ORIGINS, and says which to change", () => {
    expect(allowedOrigins(PROD, request("http://10.0.0.5:3000", "10.0.0.5:3000"))).toEqual(["https://raid.example.org"]);
    const refusal = originRefusal(PROD, request("http://10.0.0.5:3000", "10.0.0.5:3000"));
    expect(refusal).toMatch(/opened at http:\/\/10\.0\.0\.5:3000/);
    expect(refusal).toMatch(/set BETTER_AUTH_URL/);
    expect(originRefusal(PROD, request("https://raid.example.org", "raid.example.org"))).toBeNull();
  });
});

describe("signing up at another address than BETTER_AUTH_URL", () => {
  let dev: TestApp;
  let prod: TestApp;
  beforeAll(async () => {
    dev = await createTestApp({ SIGNUP: "open" });
    prod = await createTestApp({ NODE_ENV: "production", SIGNUP: "open", BETTER_AUTH_URL: "https://raid.example.org" });
  });
  afterAll(async () => {
    await dev.close();
    await prod.close();
  });

  it("works at 127.0.0.1 and a LAN address when the server was told localhost", async () => {
    const response = await signUp(dev, "http://127.0.0.1:3000", "127.0.0.1:3000", "loopy");
    expect(response.status).toBe(200);
    const me = await dev.app.request("/api/trpc/me.get", { headers: { cookie: cookiesOf(response), host: "127.0.0.1:3000" } });
    expect(me.status).toBe(200);
    const create = await dev.app.request("/api/trpc/statics.create", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://192.168.1.20:3000", host: "192.168.1.20:3000", cookie: cookiesOf(response) },
      body: JSON.stringify({ name: "LAN static" }),
    });
    expect(create.status).toBe(200);
  });

  it("refuses a foreign origin in words", async () => {
    const response = await signUp(dev, "https://evil.example", "localhost:3000", "mallory");
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/not the address the request was sent to/);
  });

  it("in production refuses another address, naming BETTER_AUTH_URL", async () => {
    const response = await signUp(prod, "http://10.0.0.5:3000", "10.0.0.5:3000", "lanny");
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/set BETTER_AUTH_URL to the address people open/);
    expect((await signUp(prod, "https://raid.example.org", "raid.example.org", "proper")).status).toBe(200);
  });
});
