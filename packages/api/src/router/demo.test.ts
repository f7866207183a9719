// The demo reader (issue 15): no account, the demo static only, read-only. Generated from the
// router: every mutation is FORBIDDEN in words and changes nothing; reads see the demo's rows and
// no other static's.
import { queryRows, rosterMembers, watchedReports } from "@progboard/db";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { createHarness, type Harness } from "../testing";
import { DEMO_READ_ONLY } from "../trpc";

interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription" };
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).sort(([x], [y]) => x.localeCompare(y));
const mutations = procedures.filter(([, p]) => p._def.type === "mutation").map(([path]) => path);

let h: Harness;
let demoId: number;
let otherId: number;

/** Row counts of the demo static's tables (read as the demo reader) and of the tenancy and identity tables. */
async function snapshot(): Promise<Record<string, number>> {
  const demo = await h.handle.withDemo((tx) =>
    queryRows<Record<string, number>>(
      tx,
      sql`select (select count(*) from watched_reports)::int as watched, (select count(*) from roster_members)::int as roster,
        (select count(*) from character_aliases)::int as aliases, (select count(*) from strat_config)::int as strats,
        (select count(*) from prog_points)::int as points, (select count(*) from fault_scores)::int as faults, (select count(*) from audit_log)::int as audit`,
    ),
  );
  const [outside] = await queryRows<Record<string, number>>(
    h.handle.db,
    sql`select (select count(*) from statics)::int as statics, (select count(*) from static_memberships)::int as memberships,
      (select count(*) from users)::int as users, (select count(*) from static_grants)::int as grants`,
  );
  return { ...demo[0], ...outside };
}

function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  const owner = await h.as("olga");
  otherId = (await owner.statics.create({ name: "Olga's static" })).id;
  await (await h.as("olga", { staticId: otherId })).roster.create({ name: "Private Olga" });
  const [row] = await h.handle.withIngestion((tx) => queryRows<{ id: number }>(tx, sql`select app.ensure_demo_static('Demo static') as id`));
  demoId = row?.id ?? 0;
  await h.handle.withDemoSeed(async (tx) => {
    await tx.insert(watchedReports).values({ staticId: demoId, code: "DemoNight1Code", label: "Night 1" });
    await tx.insert(rosterMembers).values({ staticId: demoId, name: "Aldric", job: "PLD", role: "tank" });
  });
  await h.handle.withIngestion((tx) => tx.execute(sql`select app.finish_demo_seed()`));
});
afterAll(() => h.close());

describe("the demo reader", () => {
  it("finds mutations in the router to refuse", () => {
    expect(mutations.length).toBeGreaterThan(20);
  });

  it.each(mutations)("%s is FORBIDDEN in words and changes nothing", async (path) => {
    const before = await snapshot();
    const demo = await h.asDemo();
    const error = await call(demo, path, { staticId: demoId, name: "Planted", code: "planted1", id: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "FORBIDDEN", message: DEMO_READ_ONLY });
    expect(await snapshot()).toEqual(before);
  });

  it("reads the demo static's rows", async () => {
    const demo = await h.asDemo();
    const me = await demo.me.get();
    expect(me).toMatchObject({ currentStaticId: demoId, isAdmin: false, user: { username: "demo" } });
    expect((await demo.watchedReports.list()).map((r) => r.code)).toEqual(["DemoNight1Code"]);
    expect((await demo.roster.list()).map((m) => m.name)).toEqual(["Aldric"]);
  });

  it("is shown no Discord settings at all (the demo role may not read them)", async () => {
    const demo = await h.asDemo();
    expect(await demo.discord.get({})).toEqual({ webhook: null, posts: [], session: null, canManage: false, demo: true });
  });

  it("gets NOT_FOUND for any other static, and never its rows", async () => {
    const demo = await h.asDemo({ staticId: otherId });
    await expect(demo.roster.list()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
