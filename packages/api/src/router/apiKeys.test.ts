// API keys (issue 17): made by a person, shown once, stored hashed, acting as their user through
// the same tiers, limited to a static and/or read-only, refused once revoked or expired, and
// unable to manage keys themselves.
import { ApiKeyLimiter, apiKeyIdentity, devIdentity, hashApiKey, INVALID_API_KEY } from "@progboard/auth";
import { queryRows } from "@progboard/db";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing";
import { KEYS_CANNOT_MANAGE_KEYS, READ_ONLY_KEY } from "../trpc";

let h: Harness;
let mine: number;
let other: number;

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  const kai = await h.as("kai");
  mine = (await kai.statics.create({ name: "Kai's static" })).id;
  other = (await kai.statics.create({ name: "Kai's other static" })).id;
  await (await h.as("lena")).statics.create({ name: "Lena's" });
});
afterAll(() => h.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : error),
  );

async function newKey(options: { staticId?: number; readOnly?: boolean; expiresAt?: string } = {}) {
  return (await h.as("kai")).apiKeys.create({ name: "script", ...options });
}

describe("making and listing keys", () => {
  it("shows the key once; the list has its prefix, name, scope, last use and expiry, never the key", async () => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await (await h.as("kai")).apiKeys.create({ name: "  sheet bot ", staticId: mine, readOnly: true, expiresAt });
    expect(created.key).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: "sheet bot",
      prefix: created.key.slice(0, 11),
      staticId: mine,
      readOnly: true,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.expiresAt?.toISOString()).toBe(expiresAt);

    const listed = (await (await h.as("kai")).apiKeys.list()).find((k) => k.id === created.id);
    expect(listed).toEqual({ ...created, key: undefined, expired: false });
    expect(JSON.stringify(await (await h.as("kai")).apiKeys.list())).not.toContain(created.key.slice(11));
    expect(await (await h.as("lena")).apiKeys.list()).toEqual([]);

    await (await h.asKey(created.key)).me.get();
    const used = (await (await h.as("kai")).apiKeys.list()).find((k) => k.id === created.id);
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses a static the user is not in (NOT_FOUND), an expiry in the past or too far, a blank name", async () => {
    const lenaStatic = (await (await h.as("lena")).statics.list())[0]?.id ?? 0;
    expect(await failure(newKey({ staticId: lenaStatic }))).toEqual({ code: "NOT_FOUND", message: "Static not found" });
    expect(await failure(newKey({ expiresAt: "2001-01-01T00:00:00Z" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("future") as unknown,
    });
    expect(await failure(newKey({ expiresAt: "3001-01-01T00:00:00Z" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("730 days") as unknown,
    });
    expect(await failure(newKey({ expiresAt: "next tuesday" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure((await h.as("kai")).apiKeys.create({ name: "  " }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("name") as unknown,
    });
  });

  it("stores only the key's SHA-256: the key is nowhere in the identity tables, and the request role cannot read a hash", async () => {
    const { key, id } = await newKey();
    const [row] = await queryRows<{ key_hash: string }>(h.handle.authDb, sql`select key_hash from api_keys where id = ${id}`);
    expect(row?.key_hash).toBe(hashApiKey(key));
    const secret = key.slice(3);
    for (const table of ["api_keys", "users", "sessions", "accounts", "verifications"]) {
      const rows = await queryRows<{ row: string }>(h.handle.authDb, sql`select t::text as row from ${sql.identifier(table)} t`);
      expect(rows.filter((r) => r.row.includes(secret))).toEqual([]);
    }
    await expect(h.handle.db.execute(sql`select key_hash from api_keys`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });
  });
});

describe("a key acts as its user, within its limits", () => {
  it("an unlimited key sees every static of its user, and follows x-static-id", async () => {
    const { key } = await newKey();
    const me = await (await h.asKey(key)).me.get();
    expect(me.user.username).toBe("kai");
    expect(me.apiKey).toEqual({ staticId: null, readOnly: false });
    expect(me.statics.map((s) => s.id).sort()).toEqual([mine, other].sort());
    expect((await (await h.asKey(key, { staticId: other })).me.get()).currentStaticId).toBe(other);
  });

  it("a key limited to a static pins it: another static is NOT_FOUND, whether by header or by input", async () => {
    const { key } = await newKey({ staticId: mine });
    const pinned = await h.asKey(key);
    const me = await pinned.me.get();
    expect(me.currentStaticId).toBe(mine);
    expect(me.statics.map((s) => s.id)).toEqual([mine]);
    expect((await pinned.statics.list()).map((s) => s.id)).toEqual([mine]);
    expect(await pinned.roster.list()).toEqual([]);

    const elsewhere = await h.asKey(key, { staticId: other });
    expect(await failure(elsewhere.roster.list())).toEqual({ code: "NOT_FOUND", message: "Static not found" });
    expect(await failure(elsewhere.me.get())).toEqual({ code: "NOT_FOUND", message: "Static not found" });
    expect(await failure(pinned.members.list({ staticId: other }))).toEqual({ code: "NOT_FOUND", message: "Static not found" });
    expect(await failure(pinned.statics.rename({ staticId: other, name: "taken over" }))).toEqual({ code: "NOT_FOUND", message: "Static not found" });
    expect(await failure(pinned.statics.create({ name: "new" }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await pinned.roster.create({ name: "Pinned" }))?.name).toBe("Pinned");
  });

  it("membership is checked on every request: a key of a user who left the static finds it gone", async () => {
    const lena = await h.as("lena");
    const shared = await lena.statics.create({ name: "Shared" });
    await lena.members.add({ staticId: shared.id, username: "kai" });
    const { key } = await newKey({ staticId: shared.id });
    expect((await (await h.asKey(key)).me.get()).currentStaticId).toBe(shared.id);
    const kaiId = (await (await h.as("kai")).me.get()).user.id;
    await lena.members.remove({ staticId: shared.id, userId: kaiId });
    expect(await failure((await h.asKey(key)).roster.list())).toEqual({ code: "NOT_FOUND", message: "Static not found" });
  });

  it("a read-only key reads, and is refused every mutation", async () => {
    const { key } = await newKey({ staticId: mine, readOnly: true });
    const reader = await h.asKey(key);
    expect(Array.isArray(await reader.roster.list())).toBe(true);
    expect(await failure(reader.roster.create({ name: "Nope" }))).toEqual({ code: "FORBIDDEN", message: READ_ONLY_KEY });
    expect(await failure(reader.me.setCurrentStatic({ staticId: mine }))).toEqual({ code: "FORBIDDEN", message: READ_ONLY_KEY });
    expect((await (await h.as("kai", { staticId: mine })).roster.list()).map((m) => m.name)).not.toContain("Nope");
  });

  it("keys cannot make, list or revoke keys", async () => {
    const { key, id } = await newKey();
    const script = await h.asKey(key);
    // One call at a time: calls started together reject before the loop awaits them (unhandled rejections).
    for (const attempt of [() => script.apiKeys.create({ name: "child" }), () => script.apiKeys.list(), () => script.apiKeys.revoke({ id })]) {
      expect(await failure(attempt())).toEqual({ code: "FORBIDDEN", message: KEYS_CANNOT_MANAGE_KEYS });
    }
  });
});

describe("refused keys", () => {
  it("a revoked key fails on its next request, UNAUTHORIZED; revoking another user's key is NOT_FOUND", async () => {
    const { key, id } = await newKey();
    expect((await (await h.asKey(key)).me.get()).user.username).toBe("kai");
    expect(await failure((await h.as("lena")).apiKeys.revoke({ id }))).toEqual({ code: "NOT_FOUND", message: "API key not found" });
    expect((await (await h.asKey(key)).me.get()).user.username).toBe("kai");
    const revoked = await (await h.as("kai")).apiKeys.revoke({ id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await failure(h.asKey(key))).toEqual({ code: "UNAUTHORIZED", message: INVALID_API_KEY });
  });

  it("an expired key fails on its next request, UNAUTHORIZED", async () => {
    const { key, id } = await newKey({ expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await (await h.asKey(key)).me.get()).user.username).toBe("kai");
    await h.handle.authDb.execute(sql`update api_keys set expires_at = now() - interval '1 second' where id = ${id}`);
    expect((await (await h.as("kai")).apiKeys.list()).find((k) => k.id === id)?.expired).toBe(true);
    expect(await failure(h.asKey(key))).toEqual({ code: "UNAUTHORIZED", message: INVALID_API_KEY });
  });

  it("an unknown or malformed bearer key is UNAUTHORIZED, never anonymous nor the dev user", async () => {
    expect(await failure(h.asKey(`pb_${"A".repeat(43)}`))).toEqual({ code: "UNAUTHORIZED", message: INVALID_API_KEY });
    expect(await failure(h.asKey("kai"))).toEqual({ code: "UNAUTHORIZED", message: INVALID_API_KEY });
  });

  it("rate limits each key on its own: past the limit, TOO_MANY_REQUESTS in words", async () => {
    const first = await newKey();
    const second = await newKey();
    const identity = apiKeyIdentity(h.handle.db, devIdentity(h.handle), new ApiKeyLimiter({ max: 2, windowMs: 60_000 }));
    const ask = (key: string) =>
      identity(new Headers({ authorization: `Bearer ${key}` })).then(
        () => "ok",
        (e: Error) => e.message,
      );
    expect([await ask(first.key), await ask(first.key), await ask(first.key)]).toEqual([
      "ok",
      "ok",
      expect.stringMatching(/^Too many requests with this API key: try again in \d+ s$/) as unknown,
    ]);
    expect(await ask(second.key)).toBe("ok");
  });
});
