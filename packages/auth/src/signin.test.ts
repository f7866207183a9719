// Sign-in and password rules (issue 12, items 8 and 9), through Better Auth's HTTP handler on a
// test database: the same argon2id work whoever is named, a per-account limit on failed sign-ins
// that leaves the owner's other addresses alone, and common passwords refused.
import { type DbHandle, users } from "@progboard/db";
import { createTestDb } from "@progboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Auth, CLIENT_IP_HEADER, createAuth } from "./auth";
import { hashPassword, verifyPassword } from "./password";
import { SignInLimiter } from "./signin";

const ORIGIN = "http://localhost:3000";
const alice = { name: "Alice", username: "alice", email: "alice@example.com", password: "correct horse battery" };

let handle: DbHandle;
let auth: Auth;
/** Every hash a password was verified against, in order. */
const verified: string[] = [];
let hashed = 0;

function post(path: string, body: unknown, address = "10.0.0.1") {
  return auth.handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, [CLIENT_IP_HEADER]: address },
      body: JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  handle = await createTestDb();
  auth = createAuth({
    db: handle.authDb,
    baseURL: ORIGIN,
    secret: "test-secret-test-secret-test-secret-0123",
    trustedOrigins: [ORIGIN],
    signup: { policy: "open" },
    production: false,
    passwords: {
      hash: (password) => {
        hashed++;
        return hashPassword(password);
      },
      verify: (input) => {
        verified.push(input.hash);
        return verifyPassword(input);
      },
    },
  });
  expect((await post("/sign-up/email", alice)).status).toBe(200);
  // An account without a password (as the dev identity makes them).
  await handle.authDb
    .insert(users)
    .values({ username: "nopass", displayName: "nopass", email: "nopass@example.com", emailCanonical: "nopass@example.com" });
});
afterAll(() => handle.close());

const ARGON2ID = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

describe("the same hashing work whoever is named (item 9)", () => {
  async function attempt(path: string, body: unknown) {
    const before = { verified: verified.length, hashed };
    const response = await post(path, body, `10.9.${verified.length}.1`);
    return {
      status: response.status,
      body: await response.json(),
      verifiedWith: verified.slice(before.verified),
      hashed: hashed - before.hashed,
    };
  }

  it("an unknown username verifies against an argon2id hash, exactly as a wrong password does, and answers the same", async () => {
    const wrong = await attempt("/sign-in/username", { username: "alice", password: "not her password" });
    const unknown = await attempt("/sign-in/username", { username: "nobody_here", password: "not her password" });
    expect(wrong.status).toBe(401);
    expect(unknown).toEqual({ ...wrong, verifiedWith: [expect.stringMatching(ARGON2ID)] });
    expect(wrong.verifiedWith).toEqual([expect.stringMatching(ARGON2ID)]);
    expect(wrong.hashed).toBe(0);
  });

  it("an account without a password, and the email path, do the same work", async () => {
    const wrong = await attempt("/sign-in/email", { email: "alice@example.com", password: "not her password" });
    const unknown = await attempt("/sign-in/email", { email: "nobody@example.com", password: "not her password" });
    const noPassword = await attempt("/sign-in/username", { username: "nopass", password: "not her password" });
    expect(wrong.status).toBe(401);
    expect(unknown).toEqual({ ...wrong, verifiedWith: [expect.stringMatching(ARGON2ID)] });
    expect(noPassword.status).toBe(401);
    expect(noPassword.verifiedWith).toEqual([expect.stringMatching(ARGON2ID)]);
  });
});

describe("common passwords (item 8)", () => {
  it.each(["password", "12345678", "iloveyou", "Password1", "QWERTYUIOP"])(
    "refuses %s at sign-up, in words, and creates nothing",
    async (password) => {
      const response = await post("/sign-up/email", { name: "Bob", username: "bob", email: "bob@example.com", password });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/one of the most common/);
    },
  );

  it("accepts an uncommon one", async () => {
    expect((await post("/sign-up/email", { name: "Bob", username: "bob", email: "bob@example.com", password: "lantern quietly mossy" })).status).toBe(
      200,
    );
  });
});

describe("the per-account sign-in limit (item 8)", () => {
  const carol = { name: "Carol", username: "carol", email: "carol@example.com", password: "velvet turnip orbit" };
  const attacker = "203.0.113.7";

  it("refuses an address after 5 failures on one account (both sign-in paths count), even with the right password", async () => {
    expect((await post("/sign-up/email", carol)).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const body = i % 2 ? { username: "carol", password: `guess ${i} guess` } : { email: "carol@example.com", password: `guess ${i} guess` };
      expect((await post(i % 2 ? "/sign-in/username" : "/sign-in/email", body, attacker)).status).toBe(401);
    }
    const refused = await post("/sign-in/username", { username: "carol", password: carol.password }, attacker);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /Too many failed sign-ins to this account from your address\. Try again in 15 minutes\./,
    );
  });

  it("does not lock the owner out from another address", async () => {
    expect((await post("/sign-in/username", { username: "carol", password: carol.password }, "198.51.100.20")).status).toBe(200);
    expect((await post("/sign-in/email", { email: "carol@example.com", password: carol.password }, "198.51.100.20")).status).toBe(200);
  });

  it("does not refuse another account from the same address", async () => {
    expect((await post("/sign-in/username", { username: "alice", password: alice.password }, attacker)).status).toBe(200);
  });
});

describe("SignInLimiter", () => {
  const limits = { perAddress: 3, perAccount: 5, windowMs: 60_000 };

  it("forgets failures once the window has passed, and a success clears its address", () => {
    let now = 0;
    const limiter = new SignInLimiter(limits, () => now);
    for (let i = 0; i < 3; i++) limiter.failed("user:1", "a");
    expect(limiter.retryAfter("user:1", "a")).toBe(60_000);
    now = 30_000;
    expect(limiter.retryAfter("user:1", "a")).toBe(30_000);
    now = 60_000;
    expect(limiter.retryAfter("user:1", "a")).toBe(0);
    limiter.failed("user:1", "b");
    limiter.failed("user:1", "b");
    limiter.succeeded("user:1", "b");
    limiter.failed("user:1", "b");
    expect(limiter.retryAfter("user:1", "b")).toBe(0);
  });

  it("past the account-wide limit refuses new addresses but not ones the owner signed in from", () => {
    const limiter = new SignInLimiter(limits, () => 0);
    limiter.succeeded("user:1", "home");
    for (const address of ["x1", "x2", "x3", "x4", "x5"]) limiter.failed("user:1", address);
    expect(limiter.retryAfter("user:1", "x6")).toBe(60_000);
    expect(limiter.retryAfter("user:1", "home")).toBe(0);
    expect(limiter.retryAfter("user:2", "x6")).toBe(0);
  });
});
