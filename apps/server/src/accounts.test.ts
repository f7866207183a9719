// SPEC.md A: accounts over real HTTP requests to the app (Better Auth + the tRPC context).

import { accounts, users } from "@progboard/db";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, createTestApp } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const alice = { name: "Alice", username: "Alice", email: "alice@example.com", password: "correct horse battery" };

async function me(t: TestApp, cookie: string) {
  const response = await t.app.request("/api/trpc/me.get", { headers: { cookie } });
  return {
    status: response.status,
    body: (await response.json()) as { result?: { data: { user: { username: string } } }; error?: { data: { code: string } } },
  };
}

describe("with open sign-up", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SIGNUP: "open" });
  });
  afterAll(() => t.close());

  it("signs up, sets an HttpOnly SameSite=Lax session cookie, and the session works", async () => {
    const response = await t.post("/api/auth/sign-up/email", alice);
    expect(response.status).toBe(200);
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^better-auth\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const session = await me(t, cookiesOf(response));
    expect(session.body.result?.data.user.username).toBe("alice");
  });

  it("stores the password as an argon2id hash with OWASP parameters", async () => {
    const [row] = await t.db.authDb
      .select({ password: accounts.password })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(eq(users.username, "alice"));
    expect(row?.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password).not.toContain(alice.password);
  });

  it("signs in by username (any case) and by email", async () => {
    const byName = await t.post("/api/auth/sign-in/username", { username: "ALICE", password: alice.password });
    expect(byName.status).toBe(200);
    expect((await me(t, cookiesOf(byName))).body.result?.data.user.username).toBe("alice");
    const byEmail = await t.post("/api/auth/sign-in/email", { email: "Alice@Example.com", password: alice.password });
    expect(byEmail.status).toBe(200);
    expect((await me(t, cookiesOf(byEmail))).body.result?.data.user.username).toBe("alice");
  });

  it("refuses a wrong password without a session", async () => {
    const response = await t.post("/api/auth/sign-in/username", { username: "alice", password: "wrong password!" });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("after sign-out the old cookie is refused", async () => {
    const signIn = await t.post("/api/auth/sign-in/username", { username: "alice", password: alice.password });
    const cookie = cookiesOf(signIn);
    expect((await me(t, cookie)).status).toBe(200);
    expect((await t.post("/api/auth/sign-out", {}, { cookie })).status).toBe(200);
    const after = await me(t, cookie);
    expect(after.status).toBe(401);
    expect(after.body.error?.data.code).toBe("UNAUTHORIZED");
  });

  it("one mailbox, one account: gmail dots and +tags do not make a new address", async () => {
    expect((await t.post("/api/auth/sign-up/email", { ...alice, username: "g1", email: "first.last@gmail.com" })).status).toBe(200);
    const clash = await t.post("/api/auth/sign-up/email", { ...alice, username: "g2", email: "FirstLast+raid@googlemail.com" });
    expect(clash.status).toBe(422);
    expect((await t.db.db.select({ n: count() }).from(users).where(eq(users.username, "g2")))[0]?.n).toBe(0);
  });

  it("refuses the demo's username at sign-up, in words", async () => {
    const response = await t.post("/api/auth/sign-up/email", { ...alice, username: "Demo", email: "demo@example.com" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('The username "Demo" is reserved for the demo: choose another');
  });

  it("does not serve the username-availability probe", async () => {
    expect((await t.post("/api/auth/is-username-available", { username: "alice" })).status).toBe(404);
  });

  it("with open sign-up, new users are not auto-joined to the Default Static", async () => {
    const response = await t.post("/api/auth/sign-up/email", { ...alice, username: "loner", email: "loner@example.com" });
    const body = (await (await t.app.request("/api/trpc/me.get", { headers: { cookie: cookiesOf(response) } })).json()) as {
      result: { data: { currentStaticId: number | null; statics: unknown[] } };
    };
    expect(body.result.data).toMatchObject({ currentStaticId: null, statics: [] });
  });
});

describe("with sign-up by code", () => {
  let t: TestApp;
  const userCount = async () => (await t.db.db.select({ n: count() }).from(users))[0]?.n;
  beforeAll(async () => {
    t = await createTestApp({ SIGNUP: "code", SIGNUP_CODE: "raid-night-42" });
  });
  afterAll(() => t.close());

  it("lets the very first account in without a code, as instance admin", async () => {
    expect((await t.post("/api/auth/sign-up/email", alice)).status).toBe(200);
    const [first] = await t.db.db.select({ isAdmin: users.isAdmin }).from(users);
    expect(first?.isAdmin).toBe(true);
  });

  it("refuses later sign-ups without the right code, and writes nothing", async () => {
    const bob = { name: "Bob", username: "bob", email: "bob@example.com", password: "another good one" };
    const before = await userCount();
    const missing = await t.post("/api/auth/sign-up/email", bob);
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { message: string }).message).toMatch(/sign-up code/);
    expect((await t.post("/api/auth/sign-up/email", { ...bob, signupCode: "raid-night-41" })).status).toBe(403);
    expect(await userCount()).toBe(before);

    const accepted = await t.post("/api/auth/sign-up/email", { ...bob, signupCode: "raid-night-42" });
    expect(accepted.status).toBe(200);
    expect(await userCount()).toBe((before ?? 0) + 1);
    const [bobRow] = await t.db.db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.username, "bob"));
    expect(bobRow?.isAdmin).toBe(false);
    // AUTO_JOIN_DEFAULT_STATIC is on by default unless sign-up is open.
    const body = (await (await t.app.request("/api/trpc/me.get", { headers: { cookie: cookiesOf(accepted) } })).json()) as {
      result: { data: { currentStaticId: number } };
    };
    expect(body.result.data.currentStaticId).toBe(1);
  });
});

describe("with sign-up closed", () => {
  it("refuses every account after the first", async () => {
    const t = await createTestApp({ SIGNUP: "closed" });
    try {
      expect((await t.post("/api/auth/sign-up/email", alice)).status).toBe(200);
      const refused = await t.post("/api/auth/sign-up/email", { ...alice, username: "second", email: "second@example.com" });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toBe("Sign-up is closed on this instance.");
    } finally {
      await t.close();
    }
  });
});

describe("the first account (issue 12, item 5)", () => {
  const racer = (i: number) => ({ name: `Racer ${i}`, username: `racer${i}`, email: `racer${i}@example.com`, password: `a fine passphrase ${i}` });
  const race = (t: TestApp) => Promise.all(Array.from({ length: 10 }, (_, i) => Promise.resolve(t.post("/api/auth/sign-up/email", racer(i)))));
  const admins = async (t: TestApp) => (await t.db.db.select({ n: count() }).from(users).where(eq(users.isAdmin, true)))[0]?.n;
  // Ten argon2id hashes at once on a fresh instance: more time than a plain request needs.
  const RACE_TIMEOUT = 120_000;

  describe("with sign-up by code", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SIGNUP: "code", SIGNUP_CODE: "raid-night-42" });
    });
    afterAll(() => t.close());

    it(
      "is decided once: 10 parallel sign-ups without a code on a fresh instance let exactly one in, as its admin",
      async () => {
        const responses = await race(t);
        const statuses = responses.map((r) => r.status).sort();
        expect(statuses).toEqual([200, 403, 403, 403, 403, 403, 403, 403, 403, 403]);
        for (const refused of responses.filter((r) => r.status === 403)) {
          expect(((await refused.json()) as { message: string }).message).toMatch(/sign-up code/);
        }
        expect((await t.db.db.select({ n: count() }).from(users))[0]?.n).toBe(1);
        expect(await admins(t)).toBe(1);
      },
      RACE_TIMEOUT,
    );
  });

  describe("with open sign-up", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SIGNUP: "open" });
    });
    afterAll(() => t.close());

    it(
      "10 parallel sign-ups on a fresh instance all succeed and exactly one is admin",
      async () => {
        expect((await race(t)).map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
        expect(await admins(t)).toBe(1);
      },
      RACE_TIMEOUT,
    );
  });
});

describe("in production", () => {
  it("marks the session cookie Secure", async () => {
    const t = await createTestApp({ NODE_ENV: "production", SIGNUP: "open" });
    try {
      const response = await t.post("/api/auth/sign-up/email", alice);
      expect(response.status).toBe(200);
      const [cookie] = response.headers.getSetCookie();
      expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
      expect(cookie).toMatch(/; Secure/);
    } finally {
      await t.close();
    }
  });
});
