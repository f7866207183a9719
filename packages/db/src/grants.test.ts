// The grantee wall (migrations/0010_sharing.sql), on the live database: app.bind_grant binds only an
// active grant for a member of its grantee; the grantee role reads the granter's rows and nothing
// private; RLS alone limits a report grant to its report; and no write is possible in grantee
// mode, neither as the grantee role nor after switching to the tenant role.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "./client";
import { type Database, queryRows } from "./database";
import { STATIC_OWNED_TABLES } from "./registry";
import {
  abilities,
  actors,
  events,
  faultScores,
  fights,
  ingestionLedger,
  reports,
  rosterMembers,
  statics,
  stratTemplates,
  watchedReports,
} from "./schema";
import { createGrantAs, incomingReportNames, openGrant, revokeGrantAs, rotateShareHandleAs } from "./sharing";
import { GrantBindError } from "./tenancy";
import { createTestDb, createTestStatic, createTestUser, credentialOf } from "./testing";

let handle: DbHandle;
let alice: number;
let bob: number;
let carol: number;
let staticA: number;
let staticB: number;
let staticC: number;
let reportGrant: number;
let progressionGrant: number;
let revokedGrant: number;
let memberId: number;

const FILE_CODE = `file:${"c".repeat(64)}`;
/** Reports with raw rows: A's two, one only B watches (added below) and a file only C imported. */
const RAW_CODES = ["shared1", "private1", "bravo1", FILE_CODE];
const RAW_TABLES = ["reports", "fights", "actors", "abilities", "events", "ingestion_ledger"] as const;

const createUser = (name: string) => createTestUser(handle, name);

const createStatic = (name: string, members: number[]) => createTestStatic(handle, name, members);

async function handleOf(staticId: number): Promise<string> {
  const [row] = await handle.db.select({ handle: statics.shareHandle }).from(statics).where(eq(statics.id, staticId));
  if (!row) throw new Error("no static");
  return row.handle;
}

async function grant(values: { scope: "report" | "progression"; reportCode?: string; granteeStaticId?: number; revoked?: boolean }) {
  const id = await createGrantAs(handle.db, await credentialOf(handle, alice), staticA, {
    granteeHandle: await handleOf(values.granteeStaticId ?? staticB),
    scope: values.scope,
    code: values.reportCode ?? null,
  });
  if (values.revoked) await revokeGrantAs(handle.db, await credentialOf(handle, alice), staticA, id);
  return id;
}

/** A static's audit log, oldest first, as its owner reads it. */
async function auditOf(userId: number, staticId: number) {
  return handle.withTenant({ credential: await credentialOf(handle, userId), staticId }, (tx) =>
    queryRows<{ action: string; actor: number | null; subject: string | null; details: Record<string, unknown> }>(
      tx,
      sql`select action, actor_user_id as actor, subject, details from audit_log order by id`,
    ),
  );
}

beforeAll(async () => {
  handle = await createTestDb();
  alice = await createUser("alice");
  bob = await createUser("bob");
  carol = await createUser("carol");
  staticA = await createStatic("A", [alice]);
  staticB = await createStatic("B", [bob]);
  staticC = await createStatic("C", [carol]);
  memberId = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, async (tx) => {
    await tx.insert(watchedReports).values([
      { staticId: staticA, code: "shared1" },
      { staticId: staticA, code: "private1" },
    ]);
    const [m] = await tx
      .insert(rosterMembers)
      .values({ staticId: staticA, name: "Aoi", job: "WHM", notes: "secret notes", userId: alice })
      .returning({ id: rosterMembers.id });
    if (!m) throw new Error("no member");
    await tx.insert(faultScores).values([
      { staticId: staticA, reportCode: "shared1", fightId: 1, actorId: 1, overrideScore: 10, overrideReason: "secret reason" },
      { staticId: staticA, reportCode: "private1", fightId: 1, actorId: 1, overrideScore: 20, overrideReason: "secret reason" },
    ]);
    await tx.insert(stratTemplates).values({ staticId: staticA, encounterId: 1077, name: "A's plan", entries: [] });
    return m.id;
  });
  // Raw rows (shared, written by ingestion) of the granter's two reports, a report only B watches
  // and a file only C imported.
  await handle.withIngestion(async (tx) => {
    for (const code of RAW_CODES) {
      await tx.insert(reports).values({ code, title: `title of ${code}`, startTime: 0, endTime: 1 });
      await tx.insert(fights).values({ reportCode: code, id: 1, encounterId: 1077, name: "Pull", startTime: 0, endTime: 1 });
      await tx.insert(actors).values({ reportCode: code, id: 1, name: "Someone", type: "Player" });
      await tx.insert(abilities).values({ reportCode: code, gameId: 1, name: "Attack" });
      await tx.insert(events).values({ reportCode: code, fightId: 1, seq: 1, timestamp: 0, type: "damage", data: {} });
      await tx.insert(ingestionLedger).values({ reportCode: code, status: "done" });
    }
  });
  await handle.withTenant({ credential: await credentialOf(handle, carol), staticId: staticC }, (tx) =>
    tx.insert(watchedReports).values({ staticId: staticC, code: FILE_CODE }),
  );
  reportGrant = await grant({ scope: "report", reportCode: "shared1" });
  progressionGrant = await grant({ scope: "progression" });
  revokedGrant = await grant({ scope: "report", reportCode: "private1", revoked: true });
});
afterAll(() => handle.close());

describe("app.bind_grant", () => {
  it("binds an active grant for a member of the grantee to the granter's static", async () => {
    const bound = await handle.withGrant({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: reportGrant }, (tx) =>
      queryRows<{ role: string; staticId: number }>(tx, sql`select current_user as role, app.require_static_id() as "staticId"`),
    );
    expect(bound).toEqual([{ role: "progboard_grantee", staticId: staticA }]);
  });

  it.each([
    ["a revoked grant", async () => ({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: revokedGrant })],
    ["a grant that does not exist", async () => ({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: 2_000_000_000 })],
    ["a user outside the grantee", async () => ({ credential: await credentialOf(handle, carol), granteeStaticId: staticB, grantId: reportGrant })],
    [
      "a grant addressed to another static",
      async () => ({ credential: await credentialOf(handle, carol), granteeStaticId: staticC, grantId: reportGrant }),
    ],
    [
      "the granter reading its own grant as a grantee",
      async () => ({ credential: await credentialOf(handle, alice), granteeStaticId: staticA, grantId: reportGrant }),
    ],
  ])("refuses %s with the same error, before the callback's queries run", async (_, reader) => {
    let ran = false;
    const attempt = handle.withGrant(await reader(), async (tx) => {
      await tx.execute(sql`select 1`);
      ran = true;
    });
    await expect(attempt).rejects.toBeInstanceOf(GrantBindError);
    expect(ran).toBe(false);
  });

  it("cannot be re-bound from inside, nor re-bound as a tenant", async () => {
    const reader = { credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: reportGrant };
    await expect(
      handle.withGrant(reader, (tx) => tx.execute(sql`select app.bind_grant(${bob}, ${staticB}, ${progressionGrant})`)),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`select app.bind_grant('${await credentialOf(handle, bob)}', ${staticB}, ${reportGrant})`));
      await tx.execute(sql.raw(`select app.bind_tenant('${await credentialOf(handle, alice)}', ${staticA})`));
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: "tenant already bound" } });
  });

  it("raises on a forged binding: the user setting rewritten to look like tenant mode", async () => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`select app.bind_grant('${await credentialOf(handle, bob)}', ${staticB}, ${reportGrant})`));
      await tx.execute(sql.raw(`select set_config('app.user_id', '${bob}', true), set_config('role', 'progboard_tenant', true)`));
      return tx.execute(sql`select * from watched_reports`);
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: "tenant binding forged" } });
  });
});

describe("RLS alone limits a grant to its scope", () => {
  const read = async (grantId: number) =>
    handle.withGrant({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId }, async (tx) => ({
      reports: (await queryRows<{ code: string }>(tx, sql`select code from watched_reports order by code`)).map((r) => r.code),
      faults: (await queryRows<{ code: string }>(tx, sql`select report_code as code from fault_scores order by 1`)).map((r) => r.code),
      roster: await queryRows<{ name: string }>(tx, sql`select name from roster_members`),
    }));

  it("a report grant sees only its report's rows of watched_reports and fault_scores, with no WHERE", async () => {
    expect(await read(reportGrant)).toEqual({ reports: ["shared1"], faults: ["shared1"], roster: [{ name: "Aoi" }] });
  });

  it("a progression grant sees every row of the granter, and none of anyone else's", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.insert(watchedReports).values({ staticId: staticB, code: "bravo1" }),
    );
    expect(await read(progressionGrant)).toEqual({ reports: ["private1", "shared1"], faults: ["private1", "shared1"], roster: [{ name: "Aoi" }] });
  });

  it.each([
    ["roster_members", "notes"],
    ["roster_members", "user_id"],
    ["strat_config", "notes"],
    ["fault_scores", "override_reason"],
  ])("%s.%s is not readable in grantee mode at all", async (table, column) => {
    const attempt = handle.withGrant({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: progressionGrant }, (tx) =>
      tx.execute(sql.raw(`select ${column} from ${table}`)),
    );
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
  });

  it("the members of the granter and the grants themselves are not readable in grantee mode", async () => {
    for (const statement of ["select * from static_memberships", "select * from static_grants", "select username from users"]) {
      const attempt = handle.withGrant({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: progressionGrant }, (tx) =>
        tx.execute(sql.raw(statement)),
      );
      await expect(attempt, statement).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
    }
  });
});

describe("RLS alone limits raw rows (FFLogs and file data) to the reports a binding may read", () => {
  /** Each raw table's report codes, read with no WHERE at all. */
  const rawCodes = async (tx: Pick<Database, "execute">) => {
    const seen: Record<string, string[]> = {};
    for (const table of RAW_TABLES) {
      const column = table === "reports" ? "code" : "report_code";
      const rows = await queryRows<{ code: string }>(tx, sql.raw(`select distinct ${column} as code from ${table} order by 1`));
      seen[table] = rows.map((r) => r.code);
    }
    return seen;
  };
  const everywhere = (codes: string[]) => Object.fromEntries(RAW_TABLES.map((table) => [table, codes]));
  const asGrantee = async (grantId: number) =>
    handle.withGrant({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId }, (tx) => rawCodes(tx));

  it("a report grant reads only its report's raw rows, though the granter watches another", async () => {
    expect(await asGrantee(reportGrant)).toEqual(everywhere(["shared1"]));
  });

  it("a progression grant reads the raw rows of the reports the granter watches, not the grantee's own nor anyone's file", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.insert(watchedReports).values({ staticId: staticB, code: "bravo1" }).onConflictDoNothing(),
    );
    expect(await asGrantee(progressionGrant)).toEqual(everywhere(["private1", "shared1"]));
  });

  it("a tenant reads the raw rows of its own watched reports only: another static's imported file stays invisible", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.insert(watchedReports).values({ staticId: staticB, code: "bravo1" }).onConflictDoNothing(),
    );
    expect(await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) => rawCodes(tx))).toEqual(
      everywhere(["bravo1"]),
    );
    expect(await handle.withTenant({ credential: await credentialOf(handle, carol), staticId: staticC }, (tx) => rawCodes(tx))).toEqual(
      everywhere([FILE_CODE]),
    );
  });

  it("a report grant's index is used: the policy's codes are computed once per query", async () => {
    const plan = await handle.withGrant(
      { credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: reportGrant },
      async (tx) => {
        // (four rows: a sequential scan would be cheaper; the point is that the index can be used)
        await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
        return queryRows<{ "QUERY PLAN": string }>(tx, sql`explain (costs off) select * from events where seq > 0`);
      },
    );
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text, text).toMatch(/Index Cond: \(+report_code = ANY \(/);
    expect(text).toMatch(/InitPlan/);
  });

  it("an unbound request role cannot read raw rows as the tenant or grantee role", async () => {
    for (const role of ["progboard_tenant", "progboard_grantee"]) {
      const attempt = handle.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`select set_config('role', '${role}', true)`));
        return tx.execute(sql`select * from events`);
      });
      await expect(attempt, role).rejects.toMatchObject({ cause: { message: "tenant not bound" } });
    }
  });
});

describe("no write in grantee mode, by any path", () => {
  const writes = (table: string): string[] => {
    const value: Record<string, string> = {
      watched_reports: `(static_id, code) values ({S}, 'planted1')`,
      roster_members: `(static_id, name) values ({S}, 'Planted')`,
      character_aliases: `(static_id, member_id, character_name, server) values ({S}, {M}, 'Planted One', 'Tonberry')`,
      strat_config: `(static_id, encounter_id, mechanic_ref) values ({S}, 1077, 'planted')`,
      prog_points: `(static_id, encounter_id, label, phase_index) values ({S}, 1077, 'Planted', 1)`,
      fault_scores: `(static_id, report_code, fight_id, actor_id, override_score) values ({S}, 'shared1', 9, 9, 1)`,
      audit_log: `(static_id, action) values ({S}, 'grant.planted')`,
      report_follows: `(static_id, kind, target, fflogs_user_id, since) values ({S}, 'user', 'user:1', 1, 0)`,
      night_snapshots: `(static_id, encounter_id, session_key, name, schema_version, document) values ({S}, 1077, 'report:planted', 'Planted', 1, '{}')`,
      strat_templates: `(static_id, encounter_id, name, entries) values ({S}, 1077, 'Planted', '[]')`,
      discord_webhooks: `(static_id, webhook_id, url) values ({S}, '123456789012345678', 'https://discord.com/api/webhooks/planted')`,
      discord_posts: `(static_id, encounter_id, session_key, trigger) values ({S}, 1077, 'report:planted', 'auto')`,
    };
    const insert = `insert into ${table} ${value[table] ?? ""}`;
    return [insert, `update ${table} set static_id = static_id`, `delete from ${table}`];
  };
  const statements = STATIC_OWNED_TABLES.flatMap((table) => writes(table).map((statement) => [table, statement] as const));
  // The ids exist once beforeAll has run: {S} is the granter, {M} one of its roster members.
  const filled = (statement: string) => statement.replaceAll("{S}", String(staticA)).replaceAll("{M}", String(memberId));

  it.each(statements)("%s: %s is refused as the grantee role", async (_, statement) => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(
          `select app.bind_grant('${await credentialOf(handle, bob)}', ${staticB}, ${progressionGrant}), set_config('role', 'progboard_grantee', true)`,
        ),
      );
      return tx.execute(sql.raw(filled(statement)));
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
  });

  it.each(statements)("%s: %s changes nothing after switching to the tenant role", async (_, statement) => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(
          `select app.bind_grant('${await credentialOf(handle, bob)}', ${staticB}, ${progressionGrant}), set_config('role', 'progboard_tenant', true)`,
        ),
      );
      const result = await tx.execute(sql.raw(`${filled(statement)} returning 1 as changed`));
      // An UPDATE or DELETE whose rows the restrictive policies hide changes nothing; an INSERT raises
      // (the audit log is not the tenant role's to update or delete at all).
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      if (rows.length > 0) throw new Error(`changed ${rows.length} rows`);
      return "nothing changed";
    });
    await expect(attempt.catch((error: { cause?: { message?: string } }) => error.cause?.message)).resolves.toMatch(
      // (the audit log's actor trigger refuses a grant binding's user before any policy is asked; a
      // saved night is never updated, by anyone)
      /row-level security|nothing changed|permission denied for table (audit_log|night_snapshots|strat_templates)|invalid input syntax for type integer/,
    );
  });

  it("keeps the granter's rows as they were", async () => {
    const rows = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select (select count(*) from watched_reports)::int + (select count(*) from roster_members)::int as n,
        (select count(*) from strat_templates where static_id = ${staticA})::int as templates`,
      ),
    );
    expect(rows).toEqual([{ n: 3, templates: 1 }]);
  });
});

describe("a static's Discord webhook and posts (migrations/0018)", () => {
  it("are not readable in grantee mode, as the grantee role or after switching to the tenant role", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, async (tx) => {
      await tx.execute(
        sql`insert into discord_webhooks (static_id, webhook_id, url) values (${staticA}, '123456789012345678', 'https://discord.com/api/webhooks/123456789012345678/secret-token')`,
      );
      await tx.execute(
        sql`insert into discord_posts (static_id, encounter_id, session_key, trigger) values (${staticA}, 1077, 'report:shared1', 'auto')`,
      );
    });
    for (const table of ["discord_webhooks", "discord_posts"]) {
      const attempt = handle.withGrant({ credential: await credentialOf(handle, bob), granteeStaticId: staticB, grantId: progressionGrant }, (tx) =>
        tx.execute(sql.raw(`select static_id from ${table}`)),
      );
      await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
      const switched = await handle.db.transaction(async (tx) => {
        await tx.execute(
          sql.raw(
            `select app.bind_grant('${await credentialOf(handle, bob)}', ${staticB}, ${progressionGrant}), set_config('role', 'progboard_tenant', true)`,
          ),
        );
        return queryRows(tx, sql.raw(`select static_id from ${table}`));
      });
      expect(switched).toEqual([]);
    }
    const url = await handle.db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(
          `select app.bind_grant('${await credentialOf(handle, bob)}', ${staticB}, ${progressionGrant}), set_config('role', 'progboard_tenant', true)`,
        ),
      );
      return queryRows<{ url: string | null }>(tx, sql`select app.discord_webhook_url() as url`);
    });
    expect(url).toEqual([{ url: null }]);
  });

  it("keep the webhook's URL (its token) unreadable by the tenant role but through app.discord_webhook_url()", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.execute(sql`select url from discord_webhooks`),
    );
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
    const star = handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.execute(sql`select * from discord_webhooks`),
    );
    await expect(star).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
    const own = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      queryRows<{ url: string | null }>(tx, sql`select app.discord_webhook_url() as url`),
    );
    expect(own).toEqual([{ url: "https://discord.com/api/webhooks/123456789012345678/secret-token" }]);
    const other = await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      queryRows<{ url: string | null }>(tx, sql`select app.discord_webhook_url() as url`),
    );
    expect(other).toEqual([{ url: null }]);
  });
});

describe("share handles, grants and their audit entries", () => {
  it("gives every static an unguessable handle, unique, and a new one on rotation (owners only)", async () => {
    const rows = await queryRows<{ handle: string }>(handle.db, sql`select share_handle as handle from statics order by id`);
    for (const row of rows) expect(row.handle).toMatch(/^st_[a-z2-7]{20}$/);
    expect(new Set(rows.map((r) => r.handle)).size).toBe(rows.length);
    const before = await handleOf(staticA);
    expect(await rotateShareHandleAs(handle.db, await credentialOf(handle, alice), staticA)).not.toBe(before);
    await expect(rotateShareHandleAs(handle.db, await credentialOf(handle, bob), staticA)).rejects.toMatchObject({ cause: { code: "PB001" } });
    await expect(handle.db.execute(sql`update statics set share_handle = 'st_aaaaaaaaaaaaaaaaaaaa' where id = ${staticA}`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });
  });

  it("keeps grants: the request role cannot write them, only the definer functions", async () => {
    for (const statement of [
      sql`delete from static_grants where id = ${reportGrant}`,
      sql`update static_grants set grantee_static_id = ${staticC} where id = ${reportGrant}`,
      sql`insert into static_grants (granter_static_id, grantee_static_id, scope) values (${staticC}, ${staticA}, 'progression')`,
    ]) {
      await expect(handle.db.execute(statement)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
    }
    await expect(grant({ scope: "report", reportCode: "shared1" })).rejects.toMatchObject({ cause: { code: "23505" } });
    await expect(grant({ scope: "progression", granteeStaticId: staticA })).rejects.toMatchObject({ cause: { code: "PB021" } });
    await expect(
      createGrantAs(handle.db, await credentialOf(handle, alice), staticA, {
        granteeHandle: "st_aaaaaaaaaaaaaaaaaaaa",
        scope: "progression",
        code: null,
      }),
    ).rejects.toMatchObject({
      cause: { code: "PB020" },
    });
  });

  it("records a grant given and revoked in both statics' logs, the grantee's naming no user of the granter", async () => {
    const a = (await auditOf(alice, staticA)).filter((e) => e.action.startsWith("grant."));
    const b = (await auditOf(bob, staticB)).filter((e) => e.action.startsWith("grant."));
    expect(a.map((e) => e.action)).toEqual(["grant.created", "grant.created", "grant.created", "grant.revoked"]);
    expect(b.map((e) => e.action)).toEqual(["grant.created", "grant.created", "grant.created", "grant.revoked"]);
    expect(a.every((e) => e.actor === alice && e.subject === "B")).toBe(true);
    expect(b.every((e) => e.actor === null && e.subject === "A")).toBe(true);
    expect(b[3]?.details).toMatchObject({ grantId: revokedGrant, granterStaticId: staticA, received: true });
  });

  it("names each report shared with a static (the granter's label, the report's title) to its members only", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.update(watchedReports).set({ label: "Tuesday prog" }).where(eq(watchedReports.code, "shared1")),
    );
    expect(await incomingReportNames(handle.db, await credentialOf(handle, bob), staticB)).toEqual([
      { grantId: reportGrant, label: "Tuesday prog", title: "title of shared1" },
    ]);
    expect(await incomingReportNames(handle.db, await credentialOf(handle, carol), staticB)).toEqual([]);
    expect(await incomingReportNames(handle.db, await credentialOf(handle, alice), staticA)).toEqual([]);
  });

  it("records a shared read in the granter's log once per grant, reader and procedure per hour", async () => {
    const reads = async () => (await auditOf(alice, staticA)).filter((e) => e.action === "grant.read");
    const before = (await reads()).length;
    expect(await openGrant(handle.db, await credentialOf(handle, bob), staticB, reportGrant, "shared.pulls")).toMatchObject({
      granterStaticId: staticA,
      code: "shared1",
    });
    await openGrant(handle.db, await credentialOf(handle, bob), staticB, reportGrant, "shared.pulls");
    await openGrant(handle.db, await credentialOf(handle, bob), staticB, reportGrant, "shared.sessions");
    expect(await openGrant(handle.db, await credentialOf(handle, carol), staticB, reportGrant, "shared.pulls")).toBeNull();
    expect(await openGrant(handle.db, await credentialOf(handle, bob), staticB, revokedGrant, "shared.pulls")).toBeNull();
    const after = await reads();
    expect(after.slice(before).map((e) => ({ actor: e.actor, subject: e.subject, details: e.details }))).toEqual([
      { actor: bob, subject: "B", details: { grantId: reportGrant, granteeStaticId: staticB, procedure: "shared.pulls" } },
      { actor: bob, subject: "B", details: { grantId: reportGrant, granteeStaticId: staticB, procedure: "shared.sessions" } },
    ]);
  });
});
