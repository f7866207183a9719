// The demo static (issue 15, "A demo to explore"): built once at first start, skipped when present.
// A generated prog (the synthetic generator of @progboard/ingest: eight players, a fictional
// ultimate, one kill at the end) of DEMO_SEED.pulls pulls over seven nights, cut into one report
// per night (each with its own start time) and ingested through the real file-import path, plus a
// roster with aliases, strat assignments and prog points. Once seeded, PostgreSQL refuses every
// write to the demo static (migrations/0012_demo.sql); anyone reads it through withDemo.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { characterAliases, type DbHandle, progPoints, queryRows, rosterMembers, stratConfig, watchedReports } from "@progboard/db";
import { findJobByFflogsSubType } from "@progboard/domain";
import {
  claimReport,
  GENERATED_ENCOUNTER,
  GENERATED_PLAYERS,
  type GeneratedReport,
  generateReport,
  IngestError,
  openImportedReportFile,
  runClaimedReport,
  writeReportData,
} from "@progboard/ingest";
import { sql } from "drizzle-orm";

/** What the demo is made of. Bounded: a few seconds at first start (README, "Demo"). */
export const DEMO_SEED = {
  staticName: "Cinder Throne demo",
  seed: 15,
  pulls: 150,
  nights: 7,
  /** Average events per pull: enough for deaths and mechanics, little enough to seed quickly. */
  eventsPerPull: 120,
} as const;

export interface DemoSeedResult {
  status: "present" | "seeded";
  staticId: number;
  ms: number;
}

/** The seven nights as seven reports: the generated report's fights of each night, times shifted. */
export function demoReports(): GeneratedReport[] {
  const whole = generateReport({
    seed: DEMO_SEED.seed,
    pulls: DEMO_SEED.pulls,
    nights: DEMO_SEED.nights,
    eventsPerPull: DEMO_SEED.eventsPerPull,
    code: "DemoCinderThrone",
  });
  const nights: GeneratedReport[] = [];
  for (let night = 0; night < DEMO_SEED.nights; night++) {
    // The generator's own rule: pull i belongs to night floor(i * nights / pulls).
    const fights = whole.report.fights.filter((_, i) => Math.floor((i * DEMO_SEED.nights) / DEMO_SEED.pulls) === night);
    const first = fights[0];
    const last = fights.at(-1);
    if (!first || !last) throw new Error(`demo night ${night + 1} has no pulls`);
    const offset = first.startTime - 10 * 60_000;
    const ids = new Set(fights.map((f) => f.id));
    nights.push({
      pulls: fights.length,
      report: {
        ...whole.report,
        code: `DemoNight${night + 1}CinderT`,
        title: `${GENERATED_ENCOUNTER.name} prog, night ${night + 1} (demo)`,
        startTime: whole.report.startTime + offset,
        endTime: whole.report.startTime + last.endTime + 5 * 60_000,
        fights: fights.map((f) => ({ ...f, startTime: f.startTime - offset, endTime: f.endTime - offset })),
      },
      events: (fightId) => (ids.has(fightId) ? [...whole.events(fightId)].map((e) => ({ ...e, timestamp: e.timestamp - offset })) : []),
    });
  }
  return nights;
}

/** The demo static's id, or null when there is none yet (or it is not fully seeded). */
export async function findDemoStatic(db: Pick<DbHandle, "db">): Promise<{ id: number; name: string; timezone: string } | null> {
  const [row] = await queryRows<{ id: number; name: string; timezone: string }>(
    db.db,
    sql`select id, name, timezone from statics where is_demo and seeded_at is not null`,
  );
  return row ?? null;
}

/**
 * Builds the demo static unless it is there. Idempotent: a seeding that died midway left a demo
 * static without seeded_at, whose rows this run writes again (watches and roster are replaced).
 */
export async function seedDemo(db: DbHandle, onProgress: (line: string) => void = () => {}): Promise<DemoSeedResult> {
  const started = performance.now();
  // The demo's seeding is the worker's (its own connections; the request role cannot: migrations/0019).
  const [row] = await db.withIngestion((tx) =>
    queryRows<{ id: number }>(tx, sql`select app.ensure_demo_static(${DEMO_SEED.staticName}::text) as id`),
  );
  if (!row) throw new Error("ensure_demo_static returned no row");
  const staticId = row.id;
  if (await findDemoStatic(db)) return { status: "present", staticId, ms: Math.round(performance.now() - started) };

  const dir = await mkdtemp(path.join(tmpdir(), "progboard-demo-"));
  const codes: { code: string; label: string }[] = [];
  try {
    for (const [index, night] of demoReports().entries()) {
      const file = path.join(dir, `night-${index + 1}.jsonl`);
      await writeReportData(file, night, { format: "jsonl" });
      // The same path as an upload: checked, stored under its file key, ingested.
      const source = await openImportedReportFile(file);
      const report = await source.fetchReport(source.code);
      // Already stored by an earlier, interrupted seeding: the same file, the same key.
      if (!(await isDone(db, report.code))) {
        const claim = await claimReport(db, report.code, 60_000);
        const outcome = await runClaimedReport(db, claim, source, { leaseMs: 60_000, maxAttempts: 1 });
        if (outcome.status !== "done")
          throw new IngestError(`The demo's night ${index + 1} could not be imported: ${"error" in outcome ? outcome.error : "stopped"}`, false);
      }
      codes.push({ code: report.code, label: `Night ${index + 1}` });
      onProgress(`demo: night ${index + 1} of ${DEMO_SEED.nights} imported`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  await db.withDemoSeed(async (tx) => {
    // An interrupted seeding's rows go first: the demo is written whole, once.
    await tx.delete(stratConfig);
    await tx.delete(progPoints);
    await tx.delete(characterAliases);
    await tx.delete(rosterMembers);
    await tx.delete(watchedReports);
    await tx.insert(watchedReports).values(codes.map(({ code, label }) => ({ staticId, code, label })));
    const players = GENERATED_PLAYERS;
    const members = await tx
      .insert(rosterMembers)
      .values(
        players.map((p) => {
          const job = findJobByFflogsSubType(p.job);
          return { staticId, name: p.name.split(" ")[0] ?? p.name, job: job?.abbr ?? null, role: job?.role ?? null };
        }),
      )
      .returning({ id: rosterMembers.id, name: rosterMembers.name, role: rosterMembers.role });
    await tx.insert(characterAliases).values(
      members.map((m, i) => {
        const p = players[i] as (typeof players)[number];
        return { staticId, memberId: m.id, characterName: p.name, server: p.server };
      }),
    );
    const byName = new Map(members.map((m) => [m.name, m.id]));
    const M = GENERATED_ENCOUNTER.mechanics;
    const encounterId = GENERATED_ENCOUNTER.id;
    const assign = (mechanic: { abilityId: number }, who: string | null, role: "tank" | "healer" | "dps" | null, notes: string) => ({
      staticId,
      encounterId,
      mechanicRef: String(mechanic.abilityId),
      memberId: who === null ? null : (byName.get(who) ?? null),
      role,
      notes,
    });
    await tx
      .insert(stratConfig)
      .values([
        assign(M.searingCleave, "Aldric", "tank", "MT takes it, invuln on the second"),
        assign(M.duskBlade, "Mira", "tank", "OT, swap after"),
        assign(M.kindlingTowers, null, "dps", "DPS take the north towers"),
        assign(M.pyreTethers, "Sela", "healer", "Healers grab tethers, pre-shield"),
        assign(M.throneOfThorns, null, "healer", "Healers south towers"),
        assign(M.sovereignsDoom, "Tavi", "healer", "Esuna Doom in order of the debuff"),
      ]);
    await tx.insert(progPoints).values(
      GENERATED_ENCOUNTER.phases.map((phase, phaseIndex) => ({
        staticId,
        encounterId,
        label: phase.name,
        phaseIndex,
      })),
    );
  });
  await db.withIngestion((tx) => tx.execute(sql`select app.finish_demo_seed()`));
  return { status: "seeded", staticId, ms: Math.round(performance.now() - started) };
}

async function isDone(db: DbHandle, code: string): Promise<boolean> {
  const rows = await queryRows<{ status: string }>(db.db, sql`select status from ingestion_ledger where report_code = ${code}`);
  return rows[0]?.status === "done";
}
