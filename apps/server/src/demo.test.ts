// The demo static: seeded once through the real import path, skipped when present, read through
// withDemo only.
import { queryRows } from "@progboard/db";
import { createTestDb } from "@progboard/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SEED, type DemoSeedResult, demoReports, findDemoStatic, seedDemo } from "./demo";

let db: Awaited<ReturnType<typeof createTestDb>>;
let first: DemoSeedResult;

beforeAll(async () => {
  db = await createTestDb();
  first = await seedDemo(db);
}, 120_000);
afterAll(() => db.close());

describe("the demo static", () => {
  it("cuts the generated prog into seven reports, one per night, with different start times", () => {
    const nights = demoReports();
    expect(nights).toHaveLength(DEMO_SEED.nights);
    expect(nights.reduce((sum, n) => sum + n.pulls, 0)).toBe(DEMO_SEED.pulls);
    expect(new Set(nights.map((n) => n.report.startTime)).size).toBe(DEMO_SEED.nights);
    for (const night of nights) for (const fight of night.report.fights) expect(fight.startTime).toBeGreaterThanOrEqual(0);
  });

  it("is seeded at first start and skipped afterwards", async () => {
    expect(first.status).toBe("seeded");
    const again = await seedDemo(db);
    expect(again).toMatchObject({ status: "present", staticId: first.staticId });
    expect(await findDemoStatic(db)).toMatchObject({ id: first.staticId });
  });

  it("holds seven watched reports with every pull ingested, a roster with aliases, strats and prog points", async () => {
    const [counts] = await db.withDemo((tx) =>
      queryRows<Record<string, number>>(
        tx,
        sql`select
        (select count(*) from watched_reports)::int as reports,
        (select count(*) from fights f join watched_reports w on w.code = f.report_code where f.encounter_id > 0)::int as pulls,
        (select count(*) from fights f join watched_reports w on w.code = f.report_code where f.kill)::int as kills,
        (select count(*) from roster_members)::int as members,
        (select count(*) from character_aliases)::int as aliases,
        (select count(*) from strat_config)::int as strats,
        (select count(*) from prog_points)::int as points,
        (select count(*) from events e join watched_reports w on w.code = e.report_code where e.type = 'death')::int as deaths`,
      ),
    );
    const { deaths, ...rest } = counts ?? {};
    expect(rest).toEqual({ reports: 7, pulls: 150, kills: 1, members: 8, aliases: 8, strats: 6, points: 7 });
    expect(deaths).toBeGreaterThan(50);
  });
});
