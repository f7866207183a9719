// Every migration applied to a database populated at the previous one: nothing is lost, and the
// data is where the application (through the chokepoint) expects it.

import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client";
import { MIGRATIONS_FOLDER } from "./database";
import { testDatabaseUrl } from "./env";
import { rosterMembers, staticMemberships, statics, users, watchedReports } from "./schema";
import { credentialOf } from "./testing";

interface Journal {
  entries: { idx: number; tag: string }[];
}
const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as Journal;
const scratch = mkdtempSync(path.join(tmpdir(), "progboard-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A migrations folder holding only the first `count` migrations. */
function firstMigrations(count: number): string {
  const folder = path.join(scratch, `first-${count}`);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return folder;
}

/** The owner's raw SQL and a way to migrate to the first `count` migrations, on either database. */
async function openOwner(): Promise<{
  exec(sql: string): Promise<void>;
  migrateTo(count: number): Promise<void>;
  open(): Promise<DbHandle>;
  cleanup(): Promise<void>;
}> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) {
    const dataDir = path.join(scratch, "pglite");
    const client = await PGlite.create(dataDir);
    return {
      exec: async (sql) => void (await client.exec(sql)),
      migrateTo: (count) => migratePglite(drizzlePglite(client), { migrationsFolder: firstMigrations(count) }),
      open: async () => {
        await client.close();
        return createDb({ dataDir });
      },
      cleanup: () => Promise.resolve(),
    };
  }
  const name = `progboard_migr_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const owner = postgres(url.toString(), { max: 1, onnotice: () => {} });
  return {
    exec: async (sql) => void (await owner.unsafe(sql)),
    migrateTo: (count) => migratePostgres(drizzlePostgres(owner), { migrationsFolder: firstMigrations(count) }),
    open: async () => {
      await owner.end();
      return createDb({ databaseUrl: url.toString(), maxConnections: 2 });
    },
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe("migrations", () => {
  // One database per migration step, each migrated and populated: the slowest test of the suite.
  it("keeps every row through each migration, applied to a database populated at the previous one", async () => {
    expect(journal.entries.map((e) => e.tag).slice(0, 3)).toEqual(["0000_init", "0001_static_scoped_and_raw", "0002_tenancy"]);
    expect(journal.entries.length).toBeGreaterThanOrEqual(5);
    const owner = await openOwner();
    let handle: DbHandle | undefined;
    try {
      await owner.migrateTo(1);
      await owner.exec(`
        insert into users (username, display_name, email, email_canonical) values ('ren', 'Ren', 'ren@test.invalid', 'ren@test.invalid');
        insert into statics (name) values ('Early static');
        insert into static_memberships (static_id, user_id) select s.id, u.id from statics s, users u where s.name = 'Early static';`);
      await owner.migrateTo(2);
      await owner.exec(`
        insert into watched_reports (static_id, code, label) select id, 'early0001', 'from before RLS' from statics where name = 'Early static';
        insert into roster_members (static_id, name, job, role) select id, 'Ren', 'DRK', 'tank' from statics where name = 'Early static';`);
      // Before roles (0009): a static of two members, the earlier of whom becomes its owner.
      await owner.migrateTo(journal.entries.findIndex((e) => e.tag === "0009_roles"));
      await owner.exec(`
        insert into users (username, display_name, email, email_canonical) values
          ('sei', 'Sei', 'sei@test.invalid', 'sei@test.invalid'), ('tom', 'Tom', 'tom@test.invalid', 'tom@test.invalid');
        insert into statics (name) values ('Two members');
        insert into static_memberships (static_id, user_id, joined_at)
          select s.id, u.id, case u.username when 'tom' then now() - interval '2 days' else now() end
          from statics s, users u where s.name = 'Two members' and u.username in ('sei', 'tom');`);
      await owner.migrateTo(journal.entries.length);

      handle = await owner.open();
      const [early] = await handle.db.select().from(statics).where(eq(statics.name, "Early static"));
      if (!early) throw new Error("the static is gone");
      const ren = await handle.db.query.users.findFirst({ where: (u, { eq }) => eq(u.username, "ren") });
      if (!ren) throw new Error("the user is gone");
      const seen = await handle.withTenant({ credential: await credentialOf(handle, ren.id), staticId: early.id }, async (tx) => ({
        reports: await tx.select({ code: watchedReports.code, label: watchedReports.label }).from(watchedReports),
        roster: await tx.select({ name: rosterMembers.name, job: rosterMembers.job }).from(rosterMembers),
      }));
      expect(seen).toEqual({ reports: [{ code: "early0001", label: "from before RLS" }], roster: [{ name: "Ren", job: "DRK" }] });
      // Every static with members has an owner: its earliest member. The earliest account is the admin.
      const roles = await handle.db
        .select({ static: statics.name, user: users.username, role: staticMemberships.role })
        .from(staticMemberships)
        .innerJoin(statics, eq(statics.id, staticMemberships.staticId))
        .innerJoin(users, eq(users.id, staticMemberships.userId))
        .orderBy(statics.name, users.username);
      expect(roles).toEqual([
        { static: "Early static", user: "ren", role: "owner" },
        { static: "Two members", user: "sei", role: "member" },
        { static: "Two members", user: "tom", role: "owner" },
      ]);
      const admins = await handle.db.select({ username: users.username }).from(users).where(eq(users.isAdmin, true));
      expect(admins).toEqual([{ username: "ren" }]);
      expect(await handle.isReady()).toBe(true);
    } finally {
      await handle?.close();
      await owner.cleanup();
    }
  }, 180_000);
});
