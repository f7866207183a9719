// The demo wall (migrations/0012_demo.sql), on the live database: the demo static is written only
// while it is being seeded; afterwards its reader (app.bind_demo + progboard_demo) reads its rows and
// nothing else's, and every INSERT, UPDATE and DELETE on every static-scoped table is refused by
// PostgreSQL, as the demo role and after switching to the tenant role.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./client";
import { queryRows } from "./database";
import { sqlState } from "./errors";
import { createStaticAs } from "./memberships";
import { STATIC_OWNED_TABLES } from "./registry";
import { rosterMembers, users, watchedReports } from "./schema";
import { DemoBindError } from "./tenancy";
import { createTestDb, credentialOf } from "./testing";

let handle: DbHandle;
let demo: number;
let other: number;
let memberId: number;

async function ensureDemo(): Promise<number> {
  const [row] = await handle.withIngestion((tx) => queryRows<{ id: number }>(tx, sql`select app.ensure_demo_static('Demo static') as id`));
  if (!row) throw new Error("no demo static");
  return row.id;
}

beforeAll(async () => {
  handle = await createTestDb();
  const [alice] = await handle.authDb
    .insert(users)
    .values({ username: "alice", displayName: "alice", email: "alice@test.invalid", emailCanonical: "alice@test.invalid" })
    .returning({ id: users.id });
  if (!alice) throw new Error("no user");
  other = await createStaticAs(handle.db, await credentialOf(handle, alice.id), "Other");
  await handle.withTenant({ credential: await credentialOf(handle, alice.id), staticId: other }, (tx) =>
    tx.insert(watchedReports).values({ staticId: other, code: "otherrep1" }),
  );
  demo = await ensureDemo();
  memberId = await handle.withDemoSeed(async (tx) => {
    await tx.insert(watchedReports).values({ staticId: demo, code: "demorep1" });
    const [m] = await tx.insert(rosterMembers).values({ staticId: demo, name: "Aoi", job: "WHM" }).returning({ id: rosterMembers.id });
    if (!m) throw new Error("no member");
    return m.id;
  });
  await handle.withIngestion((tx) => tx.execute(sql`select app.finish_demo_seed()`));
});
afterAll(() => handle.close());

describe("the demo static", () => {
  it("is created once", async () => {
    expect(await ensureDemo()).toBe(demo);
  });

  it("cannot be seeded again once seeded", async () => {
    const late = handle.withDemoSeed((tx) => tx.insert(watchedReports).values({ staticId: demo, code: "late1234" }));
    await expect(late.then(() => "written", sqlState)).resolves.toBe("PB030");
  });

  it("is read through withDemo: its rows only", async () => {
    const codes = await handle.withDemo((tx) => tx.select({ code: watchedReports.code }).from(watchedReports));
    expect(codes).toEqual([{ code: "demorep1" }]);
  });

  it("is not readable before it is seeded", async () => {
    const fresh = await createTestDb();
    try {
      await expect(fresh.withDemo((tx) => tx.select().from(watchedReports))).rejects.toBeInstanceOf(DemoBindError);
    } finally {
      await fresh.close();
    }
  });
});

describe("the demo reader and Discord (migrations/0018)", () => {
  it("cannot read a static's webhook or posts, as progboard_demo or after switching to the tenant role", async () => {
    for (const table of ["discord_webhooks", "discord_posts"]) {
      await expect(handle.withDemo((tx) => tx.execute(sql.raw(`select static_id from ${table}`)))).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/permission denied/) as unknown },
      });
      const switched = await handle.db.transaction(async (tx) => {
        await tx.execute(sql.raw("select app.bind_demo(), set_config('role', 'progboard_tenant', true)"));
        return queryRows(tx, sql.raw(`select static_id from ${table}`));
      });
      expect(switched).toEqual([]);
    }
  });
});

describe("no write as the demo reader, by any path", () => {
  const writes = (table: string): string[] => {
    const value: Record<string, string> = {
      watched_reports: `(static_id, code) values ({S}, 'planted1')`,
      roster_members: `(static_id, name) values ({S}, 'Planted')`,
      character_aliases: `(static_id, member_id, character_name, server) values ({S}, {M}, 'Planted One', 'Tonberry')`,
      strat_config: `(static_id, encounter_id, mechanic_ref) values ({S}, 1077, 'planted')`,
      prog_points: `(static_id, encounter_id, label, phase_index) values ({S}, 1077, 'Planted', 1)`,
      fault_scores: `(static_id, report_code, fight_id, actor_id, override_score) values ({S}, 'demorep1', 9, 9, 1)`,
      audit_log: `(static_id, action) values ({S}, 'demo.planted')`,
      report_follows: `(static_id, kind, target, fflogs_user_id, since) values ({S}, 'user', 'user:1', 1, 0)`,
      night_snapshots: `(static_id, encounter_id, session_key, name, schema_version, document) values ({S}, 1077, 'report:planted', 'Planted', 1, '{}')`,
      strat_templates: `(static_id, encounter_id, name, entries) values ({S}, 1077, 'Planted', '[]')`,
      discord_webhooks: `(static_id, webhook_id, url) values ({S}, '123456789012345678', 'https://discord.com/api/webhooks/planted')`,
      discord_posts: `(static_id, encounter_id, session_key, trigger) values ({S}, 1077, 'report:planted', 'auto')`,
    };
    return [`insert into ${table} ${value[table] ?? ""}`, `update ${table} set static_id = static_id`, `delete from ${table}`];
  };
  const statements = STATIC_OWNED_TABLES.flatMap((table) => writes(table).map((statement) => [table, statement] as const));
  const filled = (statement: string) => statement.replaceAll("{S}", String(demo)).replaceAll("{M}", String(memberId));

  it.each(statements)("%s: %s is refused as progboard_demo", async (_, statement) => {
    // Not READ ONLY here (withDemo is): the role's privileges alone must refuse it.
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql.raw("select app.bind_demo(), set_config('role', 'progboard_demo', true)"));
      return tx.execute(sql.raw(filled(statement)));
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
  });

  it.each(statements)("%s: %s changes nothing after switching to the tenant role", async (_, statement) => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql.raw("select app.bind_demo(), set_config('role', 'progboard_tenant', true)"));
      const result = await tx.execute(sql.raw(`${filled(statement)} returning 1 as changed`));
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      if (rows.length > 0) throw new Error(`changed ${rows.length} rows`);
      return "nothing changed";
    });
    await expect(attempt.catch((error: { cause?: { message?: string } }) => error.cause?.message)).resolves.toMatch(
      /row-level security|nothing changed|permission denied for table (audit_log|night_snapshots|strat_templates)|invalid input syntax for type integer/,
    );
  });

  it.each(statements)("%s: %s is refused inside withDemo", async (_, statement) => {
    await expect(handle.withDemo((tx) => tx.execute(sql.raw(filled(statement))))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/read-only transaction|permission denied/) as unknown },
    });
  });

  it("keeps the demo's rows as they were", async () => {
    const demoRows = await handle.withDemo((tx) =>
      queryRows<{ n: number }>(tx, sql`select (select count(*) from watched_reports)::int + (select count(*) from roster_members)::int as n`),
    );
    expect(demoRows).toEqual([{ n: 2 }]);
  });
});
