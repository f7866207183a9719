// The binding cannot be forged by naming a user (issue 12, item 4, last gaps): arbitrary SQL run as
// the request role knows every user's id, but not their session tokens or API key hashes. Every
// bind and every membership, sharing and admin function resolves a credential to its user inside
// the database (an expired session, a revoked or expired key: refused) and never takes a user id
// from the request role. The FFLogs credentials are written by instance admins only, through a
// definer function that checks the proven user.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./client";
import { queryRows } from "./database";
import { apiKeys, sessions, watchedReports } from "./schema";
import { type Credential, sessionCredential } from "./tenancy";
import { createTestDb, createTestUser } from "./testing";

let handle: DbHandle;
let admin: number;
let alice: number;
let bob: number;
let staticA: number;
let staticB: number;
let aliceSession: Credential;
let bobSession: Credential;

/** A session row as Better Auth writes it (on the identity layer's handle); its credential. */
async function sessionOf(userId: number, expiresInMs = 3_600_000): Promise<Credential> {
  const token = randomBytes(24).toString("base64url");
  await handle.authDb.insert(sessions).values({ token, userId, expiresAt: new Date(Date.now() + expiresInMs) });
  return sessionCredential(token);
}

/** An API key row (on the identity layer's handle); its credential. */
async function keyOf(userId: number, state: { revoked?: boolean; expired?: boolean } = {}): Promise<string> {
  const hash = createHash("sha256").update(randomBytes(32)).digest("hex");
  await handle.authDb.insert(apiKeys).values({
    userId,
    name: "k",
    prefix: "pb_test",
    keyHash: hash,
    revokedAt: state.revoked ? new Date() : null,
    expiresAt: state.expired ? new Date(Date.now() - 1000) : null,
  });
  return `key:${hash}`;
}

/** Runs raw statements, in order, in one transaction on the request role's connection. */
function asRequestRole(statements: string[]): Promise<unknown[]> {
  return handle.db.transaction(async (tx) => {
    let last: unknown[] = [];
    for (const statement of statements) last = await queryRows(tx, sql.raw(statement));
    return last;
  });
}

function refused(pattern: RegExp) {
  return { cause: { message: expect.stringMatching(pattern) as unknown } };
}
const DENIED = refused(/permission denied/);
const CREDENTIAL_REFUSED = refused(/credential refused/);

async function membersOf(staticId: number): Promise<number[]> {
  const rows = await queryRows<{ user_id: number }>(
    handle.db,
    sql`select user_id from static_memberships where static_id = ${staticId} order by user_id`,
  );
  return rows.map((row) => row.user_id);
}

beforeAll(async () => {
  handle = await createTestDb();
  admin = await createTestUser(handle, "admin");
  alice = await createTestUser(handle, "alice");
  bob = await createTestUser(handle, "bob");
  aliceSession = await sessionOf(alice);
  bobSession = await sessionOf(bob);
  [staticA] = (await asRequestRole([`select app.create_static('${aliceSession}', 'A') as id`])).map((row) => (row as { id: number }).id) as [number];
  [staticB] = (await asRequestRole([`select app.create_static('${bobSession}', 'B') as id`])).map((row) => (row as { id: number }).id) as [number];
  await asRequestRole([
    `select app.bind_tenant('${bobSession}', ${staticB}), set_config('role', 'progboard_tenant', true)`,
    `insert into watched_reports (static_id, code) values (${staticB}, 'secretB')`,
  ]);
});
afterAll(() => handle.close());

describe("naming another user's id", () => {
  it("binds nothing: bind_tenant takes no user id from the request role", async () => {
    const attempt = asRequestRole([
      `select app.bind_tenant(${bob}, ${staticB}), set_config('role', 'progboard_tenant', true)`,
      "select code from watched_reports",
    ]);
    await expect(attempt).rejects.toMatchObject(DENIED);
  });

  it("adds nobody to another user's static through the membership functions", async () => {
    await expect(asRequestRole([`select app.add_member(${bob}, ${staticB}, ${alice})`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`select app.set_member_role(${bob}, ${staticB}, ${bob}, 'member')`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`select app.delete_static(${bob}, ${staticB})`])).rejects.toMatchObject(DENIED);
    expect(await membersOf(staticB)).toEqual([bob]);
  });

  it("creates no grant and opens none in another user's name", async () => {
    const [handleRow] = await queryRows<{ share_handle: string }>(handle.db, sql`select share_handle from statics where id = ${staticA}`);
    await expect(
      asRequestRole([`select app.create_grant(${bob}, ${staticB}, '${handleRow?.share_handle}', 'progression', null)`]),
    ).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`select app.rotate_share_handle(${bob}, ${staticB})`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`select * from app.open_grant(${alice}, ${staticA}, 1, 'x')`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`select app.bind_grant(${alice}, ${staticA}, 1)`])).rejects.toMatchObject(DENIED);
    // The names of the reports shared with another user's static (0020, by credential since 0021).
    await expect(asRequestRole([`select * from app.incoming_report_names(${bob}, ${staticB})`])).rejects.toMatchObject(DENIED);
  });

  it("acts as no admin", async () => {
    await expect(asRequestRole([`select * from app.admin_list_templates(${admin})`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`select app.admin_set_template_promoted(${admin}, 1, true)`])).rejects.toMatchObject(DENIED);
  });

  it("cannot mint an API key for another user, nor revoke one", async () => {
    const hash = "a".repeat(64);
    await expect(
      asRequestRole([`insert into api_keys (user_id, name, prefix, key_hash) values (${bob}, 'mine now', 'pb_x', '${hash}')`]),
    ).rejects.toMatchObject(DENIED);
    const bobKey = await keyOf(bob);
    await expect(asRequestRole(["update api_keys set revoked_at = now()"])).rejects.toMatchObject(DENIED);
    await expect(
      asRequestRole([`select app.revoke_api_key('${aliceSession}', (select id from api_keys where user_id = ${bob} limit 1))`]),
    ).rejects.toMatchObject(refused(/no such key/));
    const [live] = await asRequestRole([
      `select app.bind_tenant('${bobKey}', ${staticB}), set_config('role', 'progboard_tenant', true)`,
      "select count(*)::int as n from watched_reports",
    ]);
    expect(live).toEqual({ n: 1 });
  });
});

describe("a forged or dead credential", () => {
  it.each([
    ["an unknown session token", () => Promise.resolve(`session:${randomBytes(24).toString("base64url")}`)],
    ["an expired session", () => sessionOf(bob, -1000)],
    ["an unknown key hash", () => Promise.resolve(`key:${"b".repeat(64)}`)],
    ["a revoked key", () => keyOf(bob, { revoked: true })],
    ["an expired key", () => keyOf(bob, { expired: true })],
    ["a bare user id", () => Promise.resolve(String(bob))],
    ["a session token without its kind", async () => (await sessionOf(bob)).slice("session:".length)],
  ])("%s binds nothing and acts as nobody", async (_, credential) => {
    const forged = await credential();
    await expect(
      asRequestRole([
        `select app.bind_tenant('${forged}', ${staticB}), set_config('role', 'progboard_tenant', true)`,
        "select code from watched_reports",
      ]),
    ).rejects.toMatchObject(CREDENTIAL_REFUSED);
    await expect(asRequestRole([`select app.add_member('${forged}', ${staticB}, ${alice})`])).rejects.toMatchObject(CREDENTIAL_REFUSED);
    await expect(asRequestRole([`select app.create_static('${forged}', 'mine')`])).rejects.toMatchObject(CREDENTIAL_REFUSED);
    expect(await membersOf(staticB)).toEqual([bob]);
  });

  it("a signed-out session (its row deleted) binds nothing from then on", async () => {
    const credential = await sessionOf(bob);
    const bindB = [
      `select app.bind_tenant('${credential}', ${staticB}), set_config('role', 'progboard_tenant', true)`,
      "select code from watched_reports",
    ];
    expect(await asRequestRole(bindB)).toEqual([{ code: "secretB" }]);
    await handle.authDb.delete(sessions).where(sql`token = ${credential.slice("session:".length)}`);
    await expect(asRequestRole(bindB)).rejects.toMatchObject(CREDENTIAL_REFUSED);
  });

  it("a live credential still only binds its own user's statics", async () => {
    await expect(
      asRequestRole([
        `select app.bind_tenant('${aliceSession}', ${staticB}), set_config('role', 'progboard_tenant', true)`,
        "select code from watched_reports",
      ]),
    ).rejects.toMatchObject(refused(/not a member/));
  });
});

describe("the honest path", () => {
  it("withTenant binds by the credential and reads its static", async () => {
    const rows = await handle.withTenant({ credential: bobSession, staticId: staticB }, (tx) =>
      tx.select({ code: watchedReports.code }).from(watchedReports),
    );
    expect(rows).toEqual([{ code: "secretB" }]);
  });

  it("the bound user is the credential's, whatever the request role set before", async () => {
    const [seen] = await asRequestRole([
      `select set_config('app.user_id', '${admin}', true)`,
      `select app.bind_tenant('${bobSession}', ${staticB}), set_config('role', 'progboard_tenant', true)`,
      "select current_setting('app.user_id') as uid",
    ]);
    expect(seen).toEqual({ uid: String(bob) });
  });

  it("the background worker binds a user without a credential, on its own connections only", async () => {
    const rows = await handle.withWorkerTenant({ userId: bob, staticId: staticB }, (tx) =>
      tx.select({ code: watchedReports.code }).from(watchedReports),
    );
    expect(rows).toEqual([{ code: "secretB" }]);
    await expect(
      handle.withWorkerTenant({ userId: alice, staticId: staticB }, (tx) => tx.select({ code: watchedReports.code }).from(watchedReports)),
    ).rejects.toThrow(/Not a member/);
  });
});

describe("the FFLogs credentials (item 2)", () => {
  it("the request role cannot write them directly", async () => {
    await expect(
      asRequestRole([`insert into fflogs_credentials (client_id, client_secret, updated_by) values ('id', 'secret', ${bob})`]),
    ).rejects.toMatchObject(DENIED);
    await expect(asRequestRole(["update fflogs_credentials set client_id = 'x'"])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole(["delete from fflogs_credentials"])).rejects.toMatchObject(DENIED);
  });

  it("a non-admin's call is refused; an admin's sets and clears them", async () => {
    await expect(asRequestRole([`select app.set_fflogs_credentials('${bobSession}', 'id', 'secret')`])).rejects.toMatchObject(
      refused(/not an administrator/),
    );
    const [isAdmin] = await queryRows<{ is_admin: boolean }>(handle.db, sql`select is_admin from users where id = ${admin}`);
    expect(isAdmin).toEqual({ is_admin: true });
    const adminSession = await sessionOf(admin);
    await asRequestRole([`select app.set_fflogs_credentials('${adminSession}', 'the-id', 'the-secret')`]);
    expect(await queryRows(handle.db, sql`select client_id, updated_by from fflogs_credentials`)).toEqual([
      { client_id: "the-id", updated_by: admin },
    ]);
    await expect(asRequestRole([`select app.clear_fflogs_credentials('${bobSession}')`])).rejects.toMatchObject(refused(/not an administrator/));
    expect(await asRequestRole([`select app.clear_fflogs_credentials('${adminSession}') as removed`])).toEqual([{ removed: "the-id" }]);
    expect(await queryRows(handle.db, sql`select client_id from fflogs_credentials`)).toEqual([]);
  });
});

describe("accounts and scoped keys", () => {
  it("the request role cannot create, re-address or delete an account", async () => {
    await expect(
      asRequestRole(["insert into users (username, display_name, email, email_canonical) values ('mallory', 'M', 'm@x.invalid', 'm@x.invalid')"]),
    ).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`update users set email = 'mallory@x.invalid' where id = ${admin}`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`update users set username = 'mallory' where id = ${admin}`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`delete from users where id = ${admin}`])).rejects.toMatchObject(DENIED);
    // What it needs stays: moving a user's current static.
    await asRequestRole([`update users set current_static_id = ${staticB}, updated_at = now() where id = ${bob}`]);
  });

  it("a key limited to one static binds that static only", async () => {
    const other = (await asRequestRole([`select app.create_static('${bobSession}', 'B2') as id`])) as [{ id: number }];
    const hash = createHash("sha256").update(randomBytes(32)).digest("hex");
    await handle.authDb.insert(apiKeys).values({ userId: bob, name: "scoped", prefix: "pb_scope", keyHash: hash, staticId: staticB });
    const bind = (staticId: number) => [
      `select app.bind_tenant('key:${hash}', ${staticId}), set_config('role', 'progboard_tenant', true)`,
      "select count(*)::int as n from watched_reports",
    ];
    expect(await asRequestRole(bind(staticB))).toEqual([{ n: 1 }]);
    await expect(asRequestRole(bind(other[0].id))).rejects.toMatchObject(refused(/not a member/));
  });
});

describe("the demo's seeding", () => {
  it("is the worker's: the request role cannot create, bind or finish it", async () => {
    await expect(asRequestRole(["select app.ensure_demo_static('Mine')"])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole(["select app.bind_demo_seed(), set_config('role', 'progboard_tenant', true)"])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole(["select app.finish_demo_seed()"])).rejects.toMatchObject(DENIED);
  });
});
