// Membership writes behind the wall and the append-only audit log (migrations/0009_roles.sql), as
// hostile SQL on the request connection would try them: the request role cannot write the tenancy
// tables, the definer functions check the caller's rights themselves, and no request role can
// change or remove an audit entry.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./client";
import { queryRows } from "./database";
import { testDatabaseUrl } from "./env";
import { addMemberAs, createStaticAs, deleteStaticAs, MEMBERSHIP_ERRORS, removeMemberAs, renameStaticAs, setMemberRoleAs } from "./memberships";
import { auditLog } from "./schema";
import { createTestDb, createTestUser, credentialOf } from "./testing";

const onPostgres = Boolean(testDatabaseUrl());

let handle: DbHandle;
let alice: number;
let bob: number;
let carol: number;
let staticA: number;

const createUser = (name: string) => createTestUser(handle, name);

beforeAll(async () => {
  handle = await createTestDb();
  alice = await createUser("alice");
  bob = await createUser("bob");
  carol = await createUser("carol");
  staticA = await createStaticAs(handle.db, await credentialOf(handle, alice), "A");
  await addMemberAs(handle.db, await credentialOf(handle, alice), staticA, bob);
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

const DENIED = { cause: { message: expect.stringMatching(/permission denied/) as unknown } };
const state = (code: string) => ({ cause: { code } });

const auditOf = async (staticId: number, userId: number) =>
  handle.withTenant({ credential: await credentialOf(handle, userId), staticId }, (tx) => tx.select().from(auditLog).orderBy(auditLog.id), {
    readOnly: true,
  });

describe("membership writes", () => {
  it("a raw INSERT into static_memberships (adding oneself to a static) is refused by PostgreSQL", async () => {
    await expect(asRequestRole([`insert into static_memberships (static_id, user_id) values (${staticA}, ${carol})`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`update static_memberships set role = 'owner' where user_id = ${bob}`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`delete from static_memberships where static_id = ${staticA}`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`insert into statics (name) values ('mine')`])).rejects.toMatchObject(DENIED);
    await expect(asRequestRole([`update statics set name = 'taken' where id = ${staticA}`])).rejects.toMatchObject(DENIED);
  });

  it("the definer functions check the caller: a non-member adds no one, a member removes no one", async () => {
    await expect(addMemberAs(handle.db, await credentialOf(handle, carol), staticA, carol)).rejects.toMatchObject(
      state(MEMBERSHIP_ERRORS.notAMember),
    );
    await expect(removeMemberAs(handle.db, await credentialOf(handle, bob), staticA, alice, false)).rejects.toMatchObject(
      state(MEMBERSHIP_ERRORS.notAnOwner),
    );
    await expect(setMemberRoleAs(handle.db, await credentialOf(handle, bob), staticA, bob, "owner")).rejects.toMatchObject(
      state(MEMBERSHIP_ERRORS.notAnOwner),
    );
    await expect(renameStaticAs(handle.db, await credentialOf(handle, bob), staticA, "Bob's")).rejects.toMatchObject(
      state(MEMBERSHIP_ERRORS.notAnOwner),
    );
    await expect(deleteStaticAs(handle.db, await credentialOf(handle, bob), staticA)).rejects.toMatchObject(state(MEMBERSHIP_ERRORS.notAnOwner));
    const members = await queryRows<{ user_id: number; role: string }>(
      handle.db,
      sql`select user_id, role from static_memberships where static_id = ${staticA} order by user_id`,
    );
    expect(members).toEqual([
      { user_id: alice, role: "owner" },
      { user_id: bob, role: "member" },
    ]);
  });

  it("the request role cannot make an account an admin; nor can the identity layer's", async () => {
    // The request role holds no UPDATE on the flag at all (migrations/0019); the trigger refuses
    // the roles that update users.
    await expect(asRequestRole([`update users set is_admin = true where id = ${carol}`])).rejects.toMatchObject(DENIED);
    await expect(handle.authDb.execute(sql.raw(`update users set is_admin = true where id = ${carol}`))).rejects.toMatchObject(state("PB011"));
  });
});

describe("the audit log", () => {
  it("records what the definer functions did, with the actor they checked", async () => {
    const entries = await auditOf(staticA, alice);
    expect(entries.map((e) => ({ action: e.action, actor: e.actorUserId, subject: e.subject }))).toEqual([
      { action: "static.created", actor: alice, subject: "A" },
      { action: "member.added", actor: alice, subject: "bob" },
    ]);
  });

  it("a bound transaction appends as the bound user, whatever it names", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticA }, (tx) =>
      tx.execute(sql`insert into audit_log (static_id, action, subject) values (${staticA}, 'test.appended', 'x')`),
    );
    // Naming another actor or another time changes nothing: the database sets both.
    await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticA }, (tx) =>
      tx.execute(
        sql`insert into audit_log (static_id, actor_user_id, action, created_at) values (${staticA}, ${alice}, 'test.forged', '2001-01-01')`,
      ),
    );
    const [appended, forged] = (await auditOf(staticA, alice)).slice(-2);
    expect(appended).toMatchObject({ action: "test.appended", actorUserId: bob });
    expect(forged).toMatchObject({ action: "test.forged", actorUserId: bob });
    expect(forged?.createdAt.getFullYear()).toBeGreaterThan(2001);
    // Another static's log is out of reach (RLS), whatever the insert says.
    const elsewhere = handle.withTenant(
      { credential: await credentialOf(handle, carol), staticId: await createStaticAs(handle.db, await credentialOf(handle, carol), "Carol's") },
      (tx) => tx.execute(sql`insert into audit_log (static_id, action) values (${staticA}, 'test.planted')`),
    );
    await expect(elsewhere).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) as unknown } });
  });

  const tampering = ["update audit_log set subject = 'rewritten'", "delete from audit_log", "truncate audit_log"];

  it.each(tampering)("the tenant role cannot: %s", async (statement) => {
    await expect(
      handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) => tx.execute(sql.raw(statement))),
    ).rejects.toMatchObject(DENIED);
  });

  it.each(tampering)("the request, ingestion and identity roles cannot: %s", async (statement) => {
    for (const role of ["progboard_app", "progboard_ingest", "progboard_auth"]) {
      // On PostgreSQL the request connection cannot even take the other roles; either way, refused.
      await expect(asRequestRole([`set local role ${role}`, statement])).rejects.toMatchObject(DENIED);
    }
  });

  it.skipIf(onPostgres).each(tampering)("the owner is refused by the triggers: %s", async (statement) => {
    // PGlite's session user is the owner (a superuser) underneath the request role.
    await expect(asRequestRole(["reset role", statement])).rejects.toMatchObject(state("PB010"));
  });

  it("an action that fails writes no entry", async () => {
    const before = (await auditOf(staticA, alice)).length;
    await expect(setMemberRoleAs(handle.db, await credentialOf(handle, alice), staticA, alice, "member")).rejects.toMatchObject(
      state(MEMBERSHIP_ERRORS.lastOwner),
    );
    await expect(
      handle.db.transaction(async (tx) => {
        await renameStaticAs(tx, await credentialOf(handle, alice), staticA, "Renamed then rolled back");
        throw new Error("the action after it failed");
      }),
    ).rejects.toThrow("the action after it failed");
    expect(await auditOf(staticA, alice)).toHaveLength(before);
  });

  it("goes with its static when the static is deleted", async () => {
    const doomed = await createStaticAs(handle.db, await credentialOf(handle, carol), "Doomed");
    await renameStaticAs(handle.db, await credentialOf(handle, carol), doomed, "Doomed soon");
    await deleteStaticAs(handle.db, await credentialOf(handle, carol), doomed);
    const [left] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from statics where id = ${doomed}`);
    expect(left?.n).toBe(0);
    await expect(auditOf(doomed, carol)).rejects.toThrow();
  });
});
