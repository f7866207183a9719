// The database wall against hostile SQL run as the request roles (issue 12, item 4): the tenant
// binding cannot be forged or re-bound, the request roles cannot reach what they do not need
// (TEMP, the binding key), and on PostgreSQL (the hardened setup: the login role is the request
// role) nothing leads back to the owner. On PGlite the session user is a superuser underneath, so
// the cases about escaping the login role run on PostgreSQL only.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./client";
import { queryRows } from "./database";
import { testDatabaseUrl } from "./env";
import { createStaticAs } from "./memberships";
import { watchedReports } from "./schema";
import { createTestDb, createTestUser, credentialOf } from "./testing";

const onPostgres = Boolean(testDatabaseUrl());

let handle: DbHandle;
let alice: number;
let bob: number;
let staticA: number;
let staticB: number;

const createUser = (name: string) => createTestUser(handle, name);

async function createStatic(name: string, member: number): Promise<number> {
  return createStaticAs(handle.db, await credentialOf(handle, member), name);
}

beforeAll(async () => {
  handle = await createTestDb();
  alice = await createUser("alice");
  bob = await createUser("bob");
  staticA = await createStatic("A", alice);
  staticB = await createStatic("B", bob);
  await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
    tx.insert(watchedReports).values({ staticId: staticA, code: "aliceA1" }),
  );
  await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
    tx.insert(watchedReports).values({ staticId: staticB, code: "secretB" }),
  );
});
afterAll(() => handle.close());

/** Runs raw statements, in order, in one transaction on the request role's connection. */
function asRequestRole(statements: string[]): Promise<unknown[]> {
  return handle.db.transaction(async (tx) => {
    let last: unknown[] = [];
    for (const statement of statements) last = await queryRows(tx, sql.raw(statement));
    return last;
  });
}

const FORGED = { cause: { message: expect.stringMatching(/tenant (not bound|binding forged)/) as unknown } };
const DENIED = { cause: { message: expect.stringMatching(/permission denied/) as unknown } };

describe("a forged binding", () => {
  it("setting app.static_id and switching to the tenant role reads nothing of that static", async () => {
    const attempt = asRequestRole([
      `select set_config('app.static_id', '${staticB}', true), set_config('role', 'progboard_tenant', true)`,
      "select code from watched_reports",
    ]);
    await expect(attempt).rejects.toMatchObject(FORGED);
  });

  it("also claiming the member's user id reads nothing", async () => {
    const attempt = asRequestRole([
      `select set_config('app.user_id', '${bob}', true), set_config('app.static_id', '${staticB}', true), set_config('role', 'progboard_tenant', true)`,
      "select code from watched_reports",
    ]);
    await expect(attempt).rejects.toMatchObject(FORGED);
  });

  it("a session-level setting reads nothing either", async () => {
    const attempt = asRequestRole([
      `select set_config('app.static_id', '${staticB}', false), set_config('role', 'progboard_tenant', true)`,
      "select code from watched_reports",
    ]);
    await expect(attempt).rejects.toMatchObject(FORGED);
    // Leave the pooled connection as it was.
    await asRequestRole(["reset app.static_id"]);
  });

  it("replaying a proof from an earlier bound transaction reads nothing", async () => {
    const [seen] = await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      queryRows<{ uid: string; sid: string; proof: string }>(
        tx,
        sql`select current_setting('app.user_id') as uid, current_setting('app.static_id') as sid, current_setting('app.tenant_proof') as proof`,
      ),
    );
    if (!seen) throw new Error("no binding");
    const attempt = asRequestRole([
      `select set_config('app.user_id', '${seen.uid}', true), set_config('app.static_id', '${seen.sid}', true),
              set_config('app.tenant_proof', '${seen.proof}', true), set_config('role', 'progboard_tenant', true)`,
      "select code from watched_reports",
    ]);
    await expect(attempt).rejects.toMatchObject(FORGED);
  });

  it("cannot be computed: the binding key and the proof function are out of the request roles' reach", async () => {
    for (const role of ["progboard_app", "progboard_tenant", "progboard_ingest"]) {
      await expect(asRequestRole([`select set_config('role', '${role}', true)`, "select * from app.binding_key"])).rejects.toMatchObject(DENIED);
      await expect(
        asRequestRole([`select set_config('role', '${role}', true)`, `select app.binding_proof('${bob}', '${staticB}')`]),
      ).rejects.toMatchObject(DENIED);
    }
  });
});

describe("a bound transaction", () => {
  it("cannot re-bind itself by setting app.static_id", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, async (tx) => {
      await tx.execute(sql.raw(`select set_config('app.static_id', '${staticB}', true)`));
      return queryRows<{ code: string }>(tx, sql`select code from watched_reports`);
    });
    await expect(attempt).rejects.toMatchObject(FORGED);
  });

  it("cannot re-bind itself through bind_tenant, even back as the request role", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, async (tx) => {
      await tx.execute(sql`select set_config('role', 'progboard_app', true)`);
      await tx.execute(sql.raw(`select app.bind_tenant('${await credentialOf(handle, bob)}', ${staticB})`));
      await tx.execute(sql`select set_config('role', 'progboard_tenant', true)`);
      return queryRows<{ code: string }>(tx, sql`select code from watched_reports`);
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: "tenant already bound" } });
  });

  it("still reads its own static (the proof verifies)", async () => {
    const rows = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      queryRows<{ code: string }>(tx, sql`select code from watched_reports`),
    );
    expect(rows).toEqual([{ code: "aliceA1" }]);
  });
});

describe("what the request roles may not do", () => {
  it("cannot create temporary tables", async () => {
    await expect(asRequestRole(["create temp table stash (a int)"])).rejects.toMatchObject(DENIED);
  });

  it.skipIf(!onPostgres)("logs in as the request role: no superuser, no way back to the owner", async () => {
    const [who] = await queryRows<{ session: string; superuser: boolean; owners: number; privileged: number }>(
      handle.db,
      sql`select session_user as session,
            (select rolsuper from pg_roles where rolname = session_user) as superuser,
            (select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace
               and pg_has_role(session_user, c.relowner, 'MEMBER'))::int as owners,
            (select count(*) from pg_roles r where (r.rolsuper or r.rolcreaterole or r.rolbypassrls)
               and pg_has_role(session_user, r.oid, 'MEMBER'))::int as privileged`,
    );
    expect(who).toEqual({ session: "progboard_app", superuser: false, owners: 0, privileged: 0 });
  });

  it.skipIf(!onPostgres)("RESET ROLE inside a bound transaction lands on the request role, which reads nothing scoped", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, async (tx) => {
      await tx.execute(sql`reset role`);
      return queryRows<{ code: string }>(tx, sql`select code from watched_reports`);
    });
    await expect(attempt).rejects.toMatchObject(DENIED);
  });

  it.skipIf(!onPostgres)("cannot switch to the owner or a superuser", async () => {
    const [owner] = await queryRows<{ name: string }>(
      handle.db,
      sql`select pg_get_userbyid(nspowner) as name from pg_namespace where nspname = 'public'`,
    );
    const [tableOwner] = await queryRows<{ name: string }>(
      handle.db,
      sql`select pg_get_userbyid(relowner) as name from pg_class where relname = 'watched_reports'`,
    );
    for (const name of new Set([owner?.name, tableOwner?.name, "postgres"])) {
      await expect(asRequestRole([`set role "${name}"`])).rejects.toMatchObject(DENIED);
    }
  });
});

describe("identity belongs to the identity layer (item 7)", () => {
  it.each(["accounts", "sessions", "verifications"])("the request role cannot read %s", async (table) => {
    await expect(asRequestRole([`select * from ${table}`])).rejects.toMatchObject(DENIED);
  });

  it("the request role holds neither the ingestion role nor the identity layer's", async () => {
    const [held] = await queryRows<{ ingest: boolean; auth: boolean }>(
      handle.db,
      sql`select pg_has_role('progboard_app', 'progboard_ingest', 'MEMBER') as ingest, pg_has_role('progboard_app', 'progboard_auth', 'MEMBER') as auth`,
    );
    expect(held).toEqual({ ingest: false, auth: false });
  });

  it.skipIf(!onPostgres)("a request connection cannot switch to the ingestion or identity role", async () => {
    for (const role of ["progboard_ingest", "progboard_auth"]) {
      await expect(asRequestRole([`set role ${role}`])).rejects.toMatchObject(DENIED);
    }
  });

  it("the identity layer's handle reads the identity tables, and nothing scoped or raw", async () => {
    const [who] = await queryRows<{ role: string; sessions: number }>(
      handle.authDb,
      sql`select current_user as role, (select count(*) from sessions)::int as sessions`,
    );
    // The sessions the tests bind with (testing.ts: credentialOf), and nothing else.
    expect(who).toEqual({ role: "progboard_auth", sessions: 2 });
    await expect(handle.authDb.execute(sql`select * from watched_reports`)).rejects.toMatchObject(DENIED);
    await expect(handle.authDb.execute(sql`select * from reports`)).rejects.toMatchObject(DENIED);
  });

  it("ingestion still writes raw data on its own connections", async () => {
    const role = await handle.withIngestion((tx) => queryRows<{ role: string }>(tx, sql`select current_user as role`));
    expect(role).toEqual([{ role: "progboard_ingest" }]);
  });
});
