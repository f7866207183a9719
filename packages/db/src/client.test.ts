import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle } from "./client";
import { queryRows, REQUEST_ROLE } from "./database";
import { createStaticAs } from "./memberships";
import { statics, users } from "./schema";
import { createTestDb, credentialOf } from "./testing";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

describe("createDb", () => {
  it("seeds the Default Static as id 1, and new statics continue from 2", async () => {
    const rows = await handle.db.select().from(statics);
    expect(rows).toEqual([expect.objectContaining({ id: 1, name: "Default Static" })]);
    const [user] = await handle.authDb
      .insert(users)
      .values({ username: "sav", displayName: "Sav", email: "sav@test.invalid", emailCanonical: "sav@test.invalid" })
      .returning({ id: users.id });
    if (!user) throw new Error("no user");
    expect(await createStaticAs(handle.db, await credentialOf(handle, user.id), "Savage")).toBe(2);
  });

  it("serves requests as a role that is not a superuser, cannot bypass RLS and owns no table", async () => {
    const [who] = await queryRows<{ role: string; superuser: boolean; bypass: boolean; owned: number }>(
      handle.db,
      sql`select current_user as role, r.rolsuper as superuser, r.rolbypassrls as bypass,
            (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
          from pg_roles r where r.rolname = current_user`,
    );
    expect(who).toEqual({ role: REQUEST_ROLE, superuser: false, bypass: false, owned: 0 });
  });

  it("refuses DDL and writes the request role was not granted", async () => {
    await expect(handle.db.execute(sql`create table intruder (id int)`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from statics`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });
  });

  it("reports ready once every migration is applied", async () => {
    expect(await handle.isReady()).toBe(true);
  });
});
