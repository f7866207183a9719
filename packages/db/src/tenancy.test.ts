// The two walls, tested on the live database: the schema reflects the tenancy rules, a query with
// no tenant bound fails loudly, RLS alone confines a bound transaction, and withTenant binds before
// anything else runs.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle } from "./client";
import { queryRows, REQUEST_ROLE } from "./database";
import { RAW_STORAGE, STATIC_SCOPED_TABLES, TABLE_REGISTRY } from "./registry";

const PUBLISHED = [...TABLE_REGISTRY].filter(([, cls]) => cls === "published").map(([name]) => name);

import { rosterMembers, watchedReports } from "./schema";
import { TenantBindError, type TenantDb } from "./tenancy";
import { createTestDb, createTestStatic, createTestUser, credentialOf } from "./testing";

let handle: DbHandle;
let alice: number;
let bob: number;
let staticA: number;
let staticB: number;

const createUser = (name: string) => createTestUser(handle, name);

const createStatic = (name: string, members: number[]) => createTestStatic(handle, name, members);

beforeAll(async () => {
  handle = await createTestDb();
  alice = await createUser("alice");
  bob = await createUser("bob");
  staticA = await createStatic("A", [alice]);
  staticB = await createStatic("B", [bob]);
  await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
    tx.insert(watchedReports).values([
      { staticId: staticA, code: "abc123" },
      { staticId: staticA, code: "onlyA1" },
    ]),
  );
  await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
    tx.insert(watchedReports).values({ staticId: staticB, code: "abc123" }),
  );
});
afterAll(() => handle.close());

interface Reflected {
  table: string;
  staticIdNotNull: boolean | null;
  staticFk: boolean;
  leadingKey: boolean;
  rlsEnabled: boolean;
  rlsForced: boolean;
  policies: { qual: string | null; withCheck: string | null }[];
  restrictive: string[];
}

describe("schema reflection", () => {
  it("classifies every table of the live database", async () => {
    const rows = await queryRows<{ name: string }>(handle.db, sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    const unclassified = rows.map((r) => r.name).filter((name) => !TABLE_REGISTRY.has(name));
    expect(unclassified).toEqual([]);
    // And the registry names nothing that does not exist.
    expect([...TABLE_REGISTRY.keys()].filter((name) => !rows.some((r) => r.name === name))).toEqual([]);
  });

  it("gives every static-scoped table static_id NOT NULL, its FK, a leading key, forced RLS and the tenant policy", async () => {
    const reflected = await queryRows<Reflected>(
      handle.db,
      sql`select c.relname as "table",
            a.attnotnull as "staticIdNotNull",
            exists (select 1 from pg_constraint f where f.conrelid = c.oid and f.contype = 'f'
                    and f.confrelid = 'public.statics'::regclass and f.conkey = array[a.attnum]) as "staticFk",
            exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum) as "leadingKey",
            c.relrowsecurity as "rlsEnabled",
            c.relforcerowsecurity as "rlsForced",
            coalesce((select json_agg(json_build_object('qual', p.qual, 'withCheck', p.with_check) order by p.policyname)
                      from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.roles = '{public}' and p.permissive = 'PERMISSIVE'), '[]') as policies,
            coalesce((select json_agg(p.policyname::text || ' ' || p.cmd order by p.policyname)
                      from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.permissive = 'RESTRICTIVE'), '[]') as restrictive
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
          left join pg_attribute a on a.attrelid = c.oid and a.attname = 'static_id' and not a.attisdropped
          where c.relkind = 'r' and c.relname = any(${sql.raw(`array[${STATIC_SCOPED_TABLES.map((t) => `'${t}'`).join(",")}]`)})
          order by 1`,
    );
    expect(reflected.map((r) => r.table).sort()).toEqual([...STATIC_SCOPED_TABLES].sort());
    for (const table of reflected) {
      expect(table, table.table).toMatchObject({ staticIdNotNull: true, staticFk: true, leadingKey: true, rlsEnabled: true, rlsForced: true });
      expect(table.policies, table.table).toHaveLength(1);
      // Rows read: the bound static, as an array so a query's own static_id predicate is not gated
      // on it (0022); rows written: the bound static.
      const qual = "(static_id = ANY (ARRAY[( SELECT app.require_static_id() AS require_static_id)]))";
      const withCheck = "(static_id = ( SELECT app.require_static_id() AS require_static_id))";
      expect(table.policies[0], table.table).toEqual({ qual, withCheck });
      // Grantee mode (migrations/0010): no write of any kind, and a report grant's scope on the tables keyed by report.
      const t = table.table;
      const scoped = t === "watched_reports" || t === "fault_scores" ? [`${t}_grant_scope SELECT`] : [];
      // (a static's Discord webhook and posts are not read through a grant or by the demo at all: migrations/0018)
      if (t === "discord_webhooks" || t === "discord_posts") scoped.push(`${t}_grant_no_select SELECT`);
      expect(table.restrictive, t).toEqual(
        [`${t}_grant_no_delete DELETE`, `${t}_grant_no_insert INSERT`, `${t}_grant_no_update UPDATE`, ...scoped].sort(),
      );
    }
  });

  it("gives no other class but the published one RLS", async () => {
    const rows = await queryRows<{ table: string }>(
      handle.db,
      sql`select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
          where c.relkind = 'r' and c.relrowsecurity and c.relforcerowsecurity`,
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...STATIC_SCOPED_TABLES, ...PUBLISHED].sort());
  });

  it("limits shared raw tables by binding: RLS enabled but not forced (the owner migrates), one policy per role that reads them", async () => {
    const raw = [...TABLE_REGISTRY].filter(([, cls]) => cls === "shared-raw").map(([name]) => name);
    // (the storage partitions, below: no RLS, ingestion's alone)
    const rows = await queryRows<{ table: string; rls: boolean; policies: string[] }>(
      handle.db,
      sql`select c.relname as "table", c.relrowsecurity and not c.relforcerowsecurity as rls,
            coalesce((select array_agg(p.policyname || ' ' || p.cmd || ' ' || array_to_string(p.roles, ',') order by p.policyname)
                      from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname), '{}') as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
          where c.relname = any(${sql.raw(`array[${raw.map((t) => `'${t}'`).join(",")}]`)}) order by 1`,
    );
    expect(rows).toEqual(
      [...raw].sort().map((t) => ({
        table: t,
        rls: true,
        policies: [
          `${t}_bound SELECT progboard_demo,progboard_grantee,progboard_tenant`,
          `${t}_ingest ALL progboard_ingest`,
          `${t}_unbound SELECT progboard_app`,
        ],
      })),
    );
    const storage = await queryRows<{ table: string; parent: string; rls: boolean }>(
      handle.db,
      sql`select c.relname as "table", p.relname as parent, c.relrowsecurity as rls
          from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public' where c.relkind = 'r' order by 1`,
    );
    expect(storage).toEqual([...RAW_STORAGE].map(([table, parent]) => ({ table, parent, rls: false })));
  });

  it("lets a published table's rows be read beyond their static only once promoted, and written only by their own", async () => {
    const policies = await queryRows<{ table: string; name: string; cmd: string; roles: string; qual: string | null; check: string | null }>(
      handle.db,
      sql`select tablename as "table", policyname as name, cmd, array_to_string(roles, ',') as roles, qual, with_check as check
          from pg_policies where schemaname = 'public' and tablename = any(${sql.raw(`array[${PUBLISHED.map((t) => `'${t}'`).join(",")}]`)})
          and roles = '{public}' order by 1, 2`,
    );
    const bound = "(static_id = ( SELECT app.require_static_id() AS require_static_id))";
    // Restrictive (0017): nothing published or unpublished under a grant's or the demo's binding.
    const unbound = "(( SELECT app.bound_grant_id() AS bound_grant_id) IS NULL)";
    expect(policies).toEqual([
      { table: "strat_templates", name: "strat_templates_grant_no_delete", cmd: "DELETE", roles: "public", qual: unbound, check: null },
      { table: "strat_templates", name: "strat_templates_grant_no_insert", cmd: "INSERT", roles: "public", qual: null, check: unbound },
      {
        table: "strat_templates",
        name: "strat_templates_publish",
        cmd: "INSERT",
        roles: "public",
        qual: null,
        check: `(${bound} AND (promoted_at IS NULL) AND (NOT (published_by IS DISTINCT FROM (NULLIF(current_setting('app.user_id'::text, true), ''::text))::integer)))`,
      },
      {
        table: "strat_templates",
        name: "strat_templates_read",
        cmd: "SELECT",
        roles: "public",
        qual: `(${bound.slice(0, -1)}) OR (promoted_at IS NOT NULL))`,
        check: null,
      },
      { table: "strat_templates", name: "strat_templates_unpublish", cmd: "DELETE", roles: "public", qual: bound, check: null },
    ]);
  });

  it("serves requests as roles that are not superusers, cannot bypass RLS and own nothing", async () => {
    const roles = await queryRows<{ name: string; superuser: boolean; bypass: boolean; inherit: boolean; owned: number }>(
      handle.db,
      sql`select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass, r.rolinherit as inherit,
            ((select count(*) from pg_class c where c.relowner = r.oid)
             + (select count(*) from pg_proc p where p.proowner = r.oid)
             + (select count(*) from pg_namespace s where s.nspowner = r.oid))::int as owned
          from pg_roles r where r.rolname in ('progboard_app', 'progboard_auth', 'progboard_tenant', 'progboard_ingest', 'progboard_grantee') order by 1`,
    );
    expect(roles).toEqual([
      { name: "progboard_app", superuser: false, bypass: false, inherit: false, owned: 0 },
      { name: "progboard_auth", superuser: false, bypass: false, inherit: false, owned: 0 },
      { name: "progboard_grantee", superuser: false, bypass: false, inherit: false, owned: 0 },
      { name: "progboard_ingest", superuser: false, bypass: false, inherit: false, owned: 0 },
      { name: "progboard_tenant", superuser: false, bypass: false, inherit: false, owned: 0 },
    ]);
  });

  it("gives the request role no privilege on static-scoped tables, and the tenant role no write on others", async () => {
    const grants = await queryRows<{ role: string; table: string; privilege: string }>(
      handle.db,
      sql`select r.rolname as role, c.relname as "table", p.privilege
          from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
          cross join pg_roles r
          cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE']) as p(privilege)
          where c.relkind in ('r', 'p') and r.rolname in ('progboard_app', 'progboard_tenant', 'progboard_ingest', 'progboard_grantee')
            and has_table_privilege(r.oid, c.oid, p.privilege)`,
    );
    const scoped = new Set([...STATIC_SCOPED_TABLES, ...PUBLISHED]);
    expect(grants.filter((g) => g.role === "progboard_app" && scoped.has(g.table))).toEqual([]);
    expect(grants.filter((g) => g.role === "progboard_tenant" && !scoped.has(g.table) && g.privilege !== "SELECT")).toEqual([]);
    // Shared raw data is written by ingestion's role alone, which touches nothing else.
    const raw = new Set([...TABLE_REGISTRY].filter(([, cls]) => cls === "shared-raw" || cls === "raw-storage").map(([name]) => name));
    expect(grants.filter((g) => g.role !== "progboard_ingest" && raw.has(g.table) && g.privilege !== "SELECT")).toEqual([]);
    // A storage partition (no RLS of its own) is ingestion's alone: everyone else reads its parent.
    expect(grants.filter((g) => g.role !== "progboard_ingest" && RAW_STORAGE.has(g.table))).toEqual([]);
    expect(grants.filter((g) => g.role === "progboard_ingest" && !raw.has(g.table))).toEqual([]);
    // Grantee mode reads, and nothing else (column by column: see grants.test.ts).
    expect(grants.filter((g) => g.role === "progboard_grantee" && g.privilege !== "SELECT")).toEqual([]);
  });

  // keep_admin_flag is the one trigger function that is not SECURITY DEFINER: it asks who the caller is.
  it("makes require_static_id STABLE and every SECURITY DEFINER function pin its search_path", async () => {
    const fns = await queryRows<{ name: string; volatility: string; definer: boolean; config: string[] | null }>(
      handle.db,
      sql`select p.proname as name, p.provolatile as volatility, p.prosecdef as definer, p.proconfig as config
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace and n.nspname = 'app' order by 1, 2, 3`,
    );
    const pinned = ["search_path=pg_catalog, pg_temp"];
    expect(fns).toEqual([
      { name: "add_member", volatility: "v", definer: true, config: pinned },
      { name: "add_member", volatility: "v", definer: true, config: pinned },
      { name: "admin_list_templates", volatility: "v", definer: true, config: pinned },
      { name: "admin_list_templates", volatility: "v", definer: true, config: pinned },
      { name: "admin_log_append_only", volatility: "v", definer: true, config: pinned },
      { name: "admin_set_template_promoted", volatility: "v", definer: true, config: pinned },
      { name: "admin_set_template_promoted", volatility: "v", definer: true, config: pinned },
      { name: "append_audit", volatility: "v", definer: true, config: pinned },
      { name: "audit_log_actor", volatility: "v", definer: true, config: pinned },
      { name: "audit_log_append_only", volatility: "v", definer: true, config: pinned },
      { name: "bind_demo", volatility: "v", definer: true, config: pinned },
      { name: "bind_demo_seed", volatility: "v", definer: true, config: pinned },
      { name: "bind_grant", volatility: "v", definer: true, config: pinned },
      { name: "bind_grant", volatility: "v", definer: true, config: pinned },
      { name: "bind_tenant", volatility: "v", definer: true, config: pinned },
      { name: "bind_tenant", volatility: "v", definer: true, config: pinned },
      { name: "binding_proof", volatility: "s", definer: true, config: pinned },
      { name: "bound_grant_code", volatility: "s", definer: false, config: pinned },
      { name: "bound_grant_id", volatility: "s", definer: false, config: pinned },
      { name: "bound_role", volatility: "s", definer: true, config: pinned },
      { name: "clear_fflogs_credentials", volatility: "v", definer: true, config: pinned },
      { name: "create_api_key", volatility: "v", definer: true, config: pinned },
      { name: "create_grant", volatility: "v", definer: true, config: pinned },
      { name: "create_grant", volatility: "v", definer: true, config: pinned },
      { name: "create_static", volatility: "v", definer: true, config: pinned },
      { name: "create_static", volatility: "v", definer: true, config: pinned },
      { name: "credential_user", volatility: "s", definer: true, config: pinned },
      { name: "decide_first_account", volatility: "v", definer: true, config: pinned },
      { name: "delete_static", volatility: "v", definer: true, config: pinned },
      { name: "delete_static", volatility: "v", definer: true, config: pinned },
      { name: "discord_binding_user", volatility: "s", definer: true, config: pinned },
      { name: "discord_due_posts", volatility: "s", definer: true, config: pinned },
      { name: "discord_ended_reports", volatility: "s", definer: true, config: pinned },
      { name: "discord_webhook_url", volatility: "s", definer: true, config: pinned },
      { name: "due_follows", volatility: "s", definer: true, config: pinned },
      { name: "ensure_demo_static", volatility: "v", definer: true, config: pinned },
      { name: "fflogs_credentials", volatility: "s", definer: true, config: pinned },
      { name: "finish_demo_seed", volatility: "v", definer: true, config: pinned },
      { name: "forget_current_static", volatility: "v", definer: true, config: pinned },
      { name: "incoming_report_names", volatility: "s", definer: true, config: pinned },
      { name: "incoming_report_names", volatility: "s", definer: true, config: pinned },
      { name: "is_report_watched", volatility: "s", definer: true, config: pinned },
      { name: "join_default_static", volatility: "v", definer: true, config: pinned },
      { name: "join_default_static", volatility: "v", definer: true, config: pinned },
      { name: "keep_admin_flag", volatility: "v", definer: false, config: pinned },
      { name: "live_report_codes", volatility: "s", definer: true, config: pinned },
      { name: "lock_membership", volatility: "v", definer: true, config: pinned },
      { name: "new_share_handle", volatility: "v", definer: false, config: pinned },
      { name: "open_grant", volatility: "v", definer: true, config: pinned },
      { name: "open_grant", volatility: "v", definer: true, config: pinned },
      { name: "readable_report_codes", volatility: "s", definer: true, config: pinned },
      { name: "refuse_key_outside", volatility: "s", definer: true, config: pinned },
      { name: "remove_member", volatility: "v", definer: true, config: pinned },
      { name: "remove_member", volatility: "v", definer: true, config: pinned },
      { name: "rename_static", volatility: "v", definer: true, config: pinned },
      { name: "rename_static", volatility: "v", definer: true, config: pinned },
      { name: "request_ingestion", volatility: "v", definer: true, config: pinned },
      { name: "require_admin", volatility: "v", definer: true, config: pinned },
      { name: "require_owner", volatility: "v", definer: true, config: pinned },
      { name: "require_static_id", volatility: "s", definer: true, config: pinned },
      { name: "resolve_api_key", volatility: "v", definer: true, config: pinned },
      { name: "revoke_api_key", volatility: "v", definer: true, config: pinned },
      { name: "revoke_grant", volatility: "v", definer: true, config: pinned },
      { name: "revoke_grant", volatility: "v", definer: true, config: pinned },
      { name: "rotate_share_handle", volatility: "v", definer: true, config: pinned },
      { name: "rotate_share_handle", volatility: "v", definer: true, config: pinned },
      { name: "set_fflogs_credentials", volatility: "v", definer: true, config: pinned },
      { name: "set_member_role", volatility: "v", definer: true, config: pinned },
      { name: "set_member_role", volatility: "v", definer: true, config: pinned },
      { name: "username_of", volatility: "s", definer: true, config: pinned },
    ]);
  });
});

describe("unbound refusal", () => {
  it.each(STATIC_SCOPED_TABLES)("%s: the request role cannot read it at all", async (table) => {
    await expect(handle.db.execute(sql.raw(`select * from ${table}`))).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });
  });

  it.each(STATIC_SCOPED_TABLES)("%s: the tenant role with nothing bound raises 'tenant not bound'", async (table) => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'progboard_tenant', true)`);
      // (static_id, not *: the tenant role may not read discord_webhooks.url at all)
      return tx.execute(sql.raw(`select static_id from ${table}`));
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: "tenant not bound" } });
  });

  it("refuses an unbound write too", async () => {
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'progboard_tenant', true)`);
      return tx.execute(sql`insert into watched_reports (static_id, code) values (${staticA}, 'sneaky1')`);
    });
    await expect(attempt).rejects.toMatchObject({ cause: { message: "tenant not bound" } });
  });
});

describe("RLS alone", () => {
  it("returns only the bound static's rows to a select with no WHERE", async () => {
    const rows = await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      queryRows<{ static_id: number; code: string }>(tx, sql`select static_id, code from watched_reports`),
    );
    expect(rows).toEqual([{ static_id: staticB, code: "abc123" }]);
  });

  it("refuses an insert naming another static", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.insert(watchedReports).values({ staticId: staticA, code: "planted" }),
    );
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) as unknown } });
  });

  it("refuses an update moving a row to another static, and cannot touch the other static's rows", async () => {
    const moved = handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.execute(sql`update watched_reports set static_id = ${staticA}`),
    );
    await expect(moved).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) as unknown } });
    const deleted = await handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      queryRows<{ code: string }>(tx, sql`delete from watched_reports where code = 'onlyA1' returning code`),
    );
    expect(deleted).toEqual([]);
    const aRows = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.select({ code: watchedReports.code }).from(watchedReports),
    );
    expect(aRows.map((r) => r.code).sort()).toEqual(["abc123", "onlyA1"]);
  });

  it("cannot re-bind itself to another static from inside", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.execute(sql`select app.bind_tenant(${alice}, ${staticA})`),
    );
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) as unknown } });
  });

  it("keeps a roster alias in the same static as its member (composite foreign key)", async () => {
    const [member] = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.insert(rosterMembers).values({ staticId: staticA, name: "Aoi" }).returning({ id: rosterMembers.id }),
    );
    if (!member) throw new Error("no member");
    const attempt = handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticB }, (tx) =>
      tx.execute(
        sql`insert into character_aliases (static_id, member_id, character_name, server) values (${staticB}, ${member.id}, 'Aoi Tsuki', 'Tonberry')`,
      ),
    );
    await expect(attempt).rejects.toMatchObject({ cause: { code: "23503" } });
  });
});

describe("withTenant", () => {
  it("binds before the callback's first query, even when queries are started together", async () => {
    const seen = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      Promise.all([
        queryRows<{ sid: string; uid: string; role: string }>(
          tx,
          sql`select current_setting('app.static_id') as sid, current_setting('app.user_id') as uid, current_user as role`,
        ),
        tx.select({ code: watchedReports.code }).from(watchedReports),
      ]),
    );
    expect(seen[0]).toEqual([{ sid: String(staticA), uid: String(alice), role: "progboard_tenant" }]);
    expect(seen[1].map((r) => r.code).sort()).toEqual(["abc123", "onlyA1"]);
  });

  it("leaves the connection as the request role with nothing bound afterwards", async () => {
    await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, () => Promise.resolve());
    const [after] = await queryRows<{ role: string; sid: string | null }>(
      handle.db,
      sql`select current_user as role, current_setting('app.static_id', true) as sid`,
    );
    expect(after?.role).toBe(REQUEST_ROLE);
    expect(after?.sid ?? "").toBe("");
  });

  it("refuses a user who is not a member, before the callback's queries run", async () => {
    let ran = false;
    const attempt = handle.withTenant({ credential: await credentialOf(handle, bob), staticId: staticA }, async (tx) => {
      const rows = await tx.select().from(watchedReports);
      ran = rows.length > 0;
      return rows;
    });
    await expect(attempt).rejects.toBeInstanceOf(TenantBindError);
    expect(ran).toBe(false);
  });

  it("rolls back everything when the callback throws", async () => {
    const attempt = handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, async (tx) => {
      await tx.insert(watchedReports).values({ staticId: staticA, code: "rolledBack" });
      throw new Error("boom");
    });
    await expect(attempt).rejects.toThrow("boom");
    const codes = await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.select({ code: watchedReports.code }).from(watchedReports),
    );
    expect(codes.map((r) => r.code)).not.toContain("rolledBack");
  });

  it.each([0, -1, 1.5, 2 ** 31, Number.NaN, "1; drop table users" as unknown as number])(
    "refuses %s as an id without touching the database",
    async (bad) => {
      await expect(handle.withWorkerTenant({ userId: bad, staticId: staticA }, () => Promise.resolve(1))).rejects.toThrow(TypeError);
      await expect(handle.withTenant({ credential: await credentialOf(handle, alice), staticId: bad }, () => Promise.resolve(1))).rejects.toThrow(
        TypeError,
      );
    },
  );

  it("runs read-only transactions that refuse writes, and leaves the pool usable after them", async () => {
    const aliceCredential = await credentialOf(handle, alice);
    const reads = await Promise.all(
      Array.from({ length: 25 }, () =>
        handle.withTenant({ credential: aliceCredential, staticId: staticA }, (tx) => tx.select({ code: watchedReports.code }).from(watchedReports), {
          readOnly: true,
        }),
      ),
    );
    expect(reads.every((rows) => rows.length === 2)).toBe(true);
    const write = handle.withTenant(
      { credential: await credentialOf(handle, alice), staticId: staticA },
      (tx) => tx.insert(watchedReports).values({ staticId: staticA, code: "readOnly1" }),
      { readOnly: true },
    );
    await expect(write).rejects.toMatchObject({ cause: { message: expect.stringMatching(/read-only transaction/) as unknown } });
    // Right after, the pool's connections are idle and writable again.
    await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.insert(watchedReports).values({ staticId: staticA, code: "afterRo1" }),
    );
    await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) =>
      tx.delete(watchedReports).where(sql`code = 'afterRo1'`),
    );
  });

  it("refuses a handle used after its transaction ended", async () => {
    let leaked: TenantDb | undefined;
    await handle.withTenant({ credential: await credentialOf(handle, alice), staticId: staticA }, (tx) => {
      leaked = tx;
      return Promise.resolve();
    });
    if (!leaked) throw new Error("no handle");
    await expect(leaked.select().from(watchedReports)).rejects.toThrow();
  });
});
