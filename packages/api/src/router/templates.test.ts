// Strat templates and the instance admin (issue 14): publish snapshots roles and notes (never a
// roster member), a template stays with its static until an admin promotes it, copy merges or
// replaces, unpublish is for its own static; admin.* is FORBIDDEN to everyone but the instance
// admin, whose every call is logged, and who sees templates and nothing else.
import { testDatabaseUrl } from "@progboard/db/testing";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { createHarness, type Harness } from "../testing";

let h: Harness;
type Caller = Awaited<ReturnType<Harness["as"]>>;
let admin: Caller;
let alpha: { id: number; as: () => Promise<Caller> };
let beta: { id: number; as: () => Promise<Caller> };
let tankId: number;

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  // The first account of the instance is its admin.
  admin = await h.as("instanceadmin");
  await admin.me.get();
  const a = await (await h.as("alphaowner")).statics.create({ name: "Alpha" });
  const b = await (await h.as("betaowner")).statics.create({ name: "Beta" });
  alpha = { id: a.id, as: () => h.as("alphaowner", { staticId: a.id }) };
  beta = { id: b.id, as: () => h.as("betaowner", { staticId: b.id }) };
  const al = await alpha.as();
  const tank = await al.roster.create({ name: "Tanky", job: "WAR" });
  if (!tank) throw new Error("seed failed");
  tankId = tank.id;
  await al.strats.upsert({ encounterId: 1077, mechanicRef: "Tower", role: "tank", memberId: tankId, notes: "north tower" });
  await al.strats.upsert({ encounterId: 1077, mechanicRef: "Spread", memberId: tankId, notes: "west" });
  await al.strats.upsert({ encounterId: 1077, mechanicRef: "Stack", role: "healer" });
  const be = await beta.as();
  await be.strats.upsert({ encounterId: 1077, mechanicRef: "Tower", role: "dps", notes: "ours" });
  await be.strats.upsert({ encounterId: 1077, mechanicRef: "Cleave", role: "tank" });
});
afterAll(() => h.close());

describe("templates", () => {
  let templateId: number;

  it("publish snapshots mechanic → role and notes; a member's assignment becomes unassigned", async () => {
    const al = await alpha.as();
    const published = await al.templates.publish({ encounterId: 1077, name: "Alpha plan", description: "our towers" });
    templateId = published.templateId;
    expect(published.mechanics).toBe(3);
    const [mine] = await al.templates.list({ encounterId: 1077 });
    expect(mine).toMatchObject({ id: templateId, name: "Alpha plan", description: "our towers", mine: true, promotedAt: null });
    expect(mine?.entries).toEqual([
      { mechanicRef: "Spread", role: null, notes: "west" },
      { mechanicRef: "Stack", role: "healer", notes: null },
      { mechanicRef: "Tower", role: "tank", notes: "north tower" },
    ]);
    expect(JSON.stringify(mine)).not.toContain("Tanky");
    expect(JSON.stringify(mine)).not.toContain(`"memberId":${tankId}`);
    expect((await failure(al.templates.publish({ encounterId: 1077, name: "ALPHA PLAN" }))).code).toBe("CONFLICT");
    expect((await failure(al.templates.publish({ encounterId: 4242, name: "Empty" }))).code).toBe("NOT_FOUND");
  });

  it("is visible only to its static until promoted: another static cannot list, copy or unpublish it", async () => {
    const be = await beta.as();
    expect(await be.templates.list()).toEqual([]);
    expect((await failure(be.templates.copy({ templateId, mode: "merge" }))).message).toBe("Template not found");
    expect((await failure(be.templates.unpublish({ templateId }))).code).toBe("NOT_FOUND");
  });

  it("admin.* is FORBIDDEN to anyone but the instance admin, generated from the router", async () => {
    const adminPaths = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { adminOnly?: boolean } } }>)
      .filter(([, p]) => p._def.meta?.adminOnly)
      .map(([path]) => path)
      .sort();
    expect(adminPaths).toEqual([
      "admin.templates.demote",
      "admin.templates.list",
      "admin.templates.promote",
      "fflogs.check",
      "fflogs.clearCredentials",
      "fflogs.setCredentials",
    ]);
    const owner = await alpha.as();
    for (const path of adminPaths) {
      let target: unknown = owner;
      for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
      const error = await failure(
        (target as (input: unknown) => Promise<unknown>)(path.startsWith("admin.templates.") && !path.endsWith("list") ? { templateId } : undefined),
      );
      expect({ path, code: error.code, message: error.message }).toEqual({
        path,
        code: "FORBIDDEN",
        message: "Only an administrator of this instance can do that",
      });
    }
    expect((await (await alpha.as()).templates.list())[0]?.promotedAt).toBeNull();
  });

  it("an admin lists every template (what it says, not whose), and promotes it: every static sees it then", async () => {
    const listed = await admin.admin.templates.list();
    expect(listed).toEqual([expect.objectContaining({ id: templateId, name: "Alpha plan", promotedAt: null })]);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(["description", "encounterId", "entries", "id", "name", "promotedAt", "publishedAt"]);
    expect(await admin.admin.templates.promote({ templateId })).toEqual({ templateId, promoted: true });
    expect((await failure(admin.admin.templates.promote({ templateId: 987_654 }))).code).toBe("NOT_FOUND");
    const theirs = await (await beta.as()).templates.list({ encounterId: 1077 });
    expect(theirs).toEqual([expect.objectContaining({ id: templateId, mine: false })]);
    // Alpha's log shows the publication and the promotion, by the admin.
    const log = (await (await alpha.as()).audit.list()).entries.map((e) => [e.action, e.actor?.username, e.subject]);
    expect(log.slice(0, 2)).toEqual([
      ["template.promoted", "instanceadmin", "Alpha plan"],
      ["template.published", "alphaowner", "Alpha plan"],
    ]);
  });

  it("copy merges (keeping what the static has) or replaces, assigning roles only", async () => {
    const be = await beta.as();
    expect(await be.templates.copy({ templateId, mode: "merge" })).toEqual({ encounterId: 1077, added: 2, kept: 1 });
    const merged = await be.strats.list({ encounterId: 1077 });
    expect(merged.map((s) => [s.mechanicRef, s.role, s.memberId, s.notes])).toEqual([
      ["Cleave", "tank", null, null],
      ["Spread", null, null, "west"],
      ["Stack", "healer", null, null],
      ["Tower", "dps", null, "ours"],
    ]);
    expect(await be.templates.copy({ templateId, mode: "replace" })).toEqual({ encounterId: 1077, added: 3, kept: 0 });
    expect((await be.strats.list({ encounterId: 1077 })).map((s) => [s.mechanicRef, s.role, s.notes])).toEqual([
      ["Spread", null, "west"],
      ["Stack", "healer", null],
      ["Tower", "tank", "north tower"],
    ]);
  });

  it("demote hides it again; unpublish is its own static's", async () => {
    await admin.admin.templates.demote({ templateId });
    expect(await (await beta.as()).templates.list()).toEqual([]);
    expect(await (await alpha.as()).templates.unpublish({ templateId })).toEqual({ unpublished: true });
    expect(await (await alpha.as()).templates.list()).toEqual([]);
    expect((await (await alpha.as()).audit.list()).entries[0]).toMatchObject({ action: "template.unpublished", subject: "Alpha plan" });
  });

  it.skipIf(Boolean(testDatabaseUrl()))("records every admin call in the admin log", async () => {
    // PGlite: the owner (a superuser underneath) reads the log no request role can.
    const rows = await h.handle.db.transaction(async (tx) => {
      await tx.execute(sql`reset role`);
      const result: unknown = await tx.execute(sql`select action from admin_log order by id`);
      return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { action: string }[];
    });
    // A promotion of a template that does not exist changed nothing and is not logged.
    expect(rows.map((r) => r.action)).toEqual(["templates.list", "templates.promote", "templates.demote"]);
  });
});
