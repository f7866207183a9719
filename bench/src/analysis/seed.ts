// The analysis benchmark's data: one synthetic prog (the generator) of `reports × pullsPerReport`
// pulls, cut into `reports` reports of consecutive pulls (fights keep their ids and times, so the
// last report holds the kill). Loaded faster than the ingestion engine would (~5M events through it
// take minutes):
//  - each report goes through the ledger as the engine's (enqueue, claimNext, markDone); its report,
//    fight, actor and ability rows are openReportFile's normalization of its header file, inserted
//    as the engine's writeReport maps them;
//  - the events are the generator's, selected and normalized in process as a report file would
//    carry them and openReportFile would read them (the four streams, calculateddamage dropped),
//    numbered in the engine's order, and bulk-loaded with COPY. checkNormalization proves the
//    replica matches the real file path on a small report.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { abilities, actors, type DbHandle, endStream, fights, reports, writeWithBackpressure } from "@progboard/db";
import {
  claimNext,
  EVENT_COLUMNS,
  EVENT_STREAMS,
  type EventStream,
  enqueue,
  eventCopyLine,
  friendlyActorIds,
  inEngineOrder,
  isCountedEvent,
  isPull,
  markDone,
  type NormalizedEvent,
  normalizeEvent,
  openReportFile,
  streamOf,
} from "@progboard/ingest";
import { type GeneratedReport, generateReport, writeReportData } from "@progboard/ingest/testing";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";

export interface SeedOptions {
  reports: number;
  pullsPerReport: number;
  /** Raw events per pull on average, as the generator counts them (calculateddamage included). */
  eventsPerPull: number;
  seed: number;
}

export interface SeededReport {
  code: string;
  pulls: number;
  events: number;
}

type RawReport = GeneratedReport["report"];
type RawFight = RawReport["fights"][number];
type RawEvent = GeneratedReport["events"] extends (fightId: number) => Iterable<infer E> ? E : never;

/** Report codes: letters and digits, like FFLogs'. */
export const reportCodeOf = (index: number) => `BenchProg${String(index + 1).padStart(3, "0")}abcd`;

// ---------------------------------------------------------------------------------------------
// What a report file holds for a fight, normalized as the engine does (streamOf, normalizeEvent):
// the four streams in their fixed order, each in time order within the fight's [start, end];
// calculateddamage dropped. The engine then sorts all of the fight's events by timestamp (stable),
// so ties keep that stream order.

/** A fight's events as the engine stores them, in its seq order. */
export function fightRows(raw: Iterable<RawEvent>, fight: RawFight, friendly: ReadonlySet<number>): NormalizedEvent[] {
  const streams = new Map<EventStream, NormalizedEvent[]>(EVENT_STREAMS.map((s) => [s, []]));
  for (const event of raw) {
    if (event.timestamp < fight.startTime || event.timestamp > fight.endTime) continue;
    const stream = streamOf(event, friendly);
    if (stream && isCountedEvent(event)) streams.get(stream)?.push(normalizeEvent(event));
  }
  return inEngineOrder([...streams.values()].flat());
}

// ---------------------------------------------------------------------------------------------

/** Part `index` of the prog: the generator's fights `[index·n, (index+1)·n)`, ids and times kept. */
function partOf(prog: GeneratedReport, options: SeedOptions, index: number): RawReport {
  const fights = prog.report.fights.slice(index * options.pullsPerReport, (index + 1) * options.pullsPerReport);
  const last = fights.at(-1);
  if (!last) throw new Error(`part ${index} has no pulls`);
  return {
    ...prog.report,
    code: reportCodeOf(index),
    title: `${prog.report.title}, part ${index + 1} of ${options.reports}`,
    endTime: prog.report.startTime + last.endTime + 60_000,
    fights,
  };
}

/**
 * A report's own rows: the header file (no event pages) read by openReportFile for the real
 * normalization, inserted as writeReport maps them, between the ledger's claim and markDone.
 */
async function loadMetadata(handle: DbHandle, owner: postgres.Sql, report: RawReport, dir: string): Promise<void> {
  const file = path.join(dir, `${report.code}.jsonl`);
  await writeReportData(file, { report, events: () => [] }, { format: "jsonl" });
  const normalized = await (await openReportFile(file)).fetchReport(report.code);
  rmSync(file, { force: true });
  await enqueue(handle, report.code);
  if (!(await claimNext(handle, 10 * 60_000, report.code))) throw new Error(`could not claim ${report.code}`);
  const { fights: fightRows, actors: actorRows, abilities: abilityRows, code, ...meta } = normalized;
  const db = drizzle(owner);
  await db.insert(reports).values({
    code,
    title: meta.title,
    owner: meta.owner,
    zoneId: meta.zoneId,
    zoneName: meta.zoneName,
    startTime: meta.startTime,
    endTime: meta.endTime,
    revision: meta.revision,
  });
  await db.insert(fights).values(
    fightRows.map((f) => ({
      reportCode: code,
      id: f.id,
      encounterId: f.encounterId,
      name: f.name,
      difficulty: f.difficulty,
      startTime: f.startTime,
      endTime: f.endTime,
      kill: f.kill,
      fightPercentage: f.fightPercentage,
      bossPercentage: f.bossPercentage,
      lastPhase: f.lastPhase,
      lastPhaseAbsoluteIndex: f.lastPhaseAbsoluteIndex,
      lastPhaseIsIntermission: f.lastPhaseIsIntermission,
      phaseTransitions: f.phaseTransitions,
      friendlyPlayers: f.friendlyPlayers,
      eventsComplete: true,
    })),
  );
  await db.insert(actors).values(actorRows.map(({ isPlayer: _isPlayer, ...actor }) => ({ reportCode: code, ...actor })));
  await db.insert(abilities).values(abilityRows.map((ability) => ({ reportCode: code, ...ability })));
  await owner`update ingestion_ledger set fights_total = ${fightRows.length}, fights_done = ${fightRows.length}, revision = ${meta.revision} where report_code = ${code}`;
  await markDone(handle, code, meta.revision);
}

/** Bulk-loads a report's events with COPY on `owner` (the database owner); returns how many. */
async function copyEvents(owner: postgres.Sql, prog: GeneratedReport, report: RawReport): Promise<number> {
  const friendly = friendlyActorIds(report);
  let events = 0;
  const stream = await owner.unsafe(`copy events (${EVENT_COLUMNS.join(", ")}) from stdin`).writable();
  try {
    for (const fight of report.fights) {
      if (!isPull({ encounterId: fight.encounterID })) continue;
      const rows = fightRows(prog.events(fight.id), fight, friendly);
      events += rows.length;
      await writeWithBackpressure(stream, rows.map((event, seq) => eventCopyLine(report.code, fight.id, seq, event)).join(""));
    }
    await endStream(stream);
  } catch (error) {
    stream.destroy(error as Error);
    throw error;
  }
  return events;
}

/** Loads every part, then VACUUM ANALYZE (statistics, visibility map, hint bits: a steady state). */
export async function seedReports(
  handle: DbHandle,
  owner: postgres.Sql,
  options: SeedOptions,
  log: (message: string) => void,
): Promise<SeededReport[]> {
  const prog = generateReport({ seed: options.seed, pulls: options.reports * options.pullsPerReport, eventsPerPull: options.eventsPerPull });
  const dir = mkdtempSync(path.join(tmpdir(), "progboard-bench-analysis-"));
  const seeded: SeededReport[] = [];
  try {
    const parts = Array.from({ length: options.reports }, (_, i) => partOf(prog, options, i));
    for (const report of parts) await loadMetadata(handle, owner, report, dir);
    // The events with the primary key built once afterwards (a sort) rather than row by row, over
    // two COPY streams (reports taken in turn) so that PostgreSQL uses both cores.
    await owner`alter table events drop constraint events_pkey`;
    let next = 0;
    const loader = async () => {
      while (next < parts.length) {
        const index = next++;
        const report = parts[index] as RawReport;
        const events = await copyEvents(owner, prog, report);
        seeded[index] = { code: report.code, pulls: report.fights.length, events };
        log(`loaded report ${index + 1}/${options.reports}: ${report.fights.length} pulls, ${events.toLocaleString("en-US")} events`);
      }
    };
    await Promise.all([loader(), loader()]);
    await owner`alter table events add constraint events_pkey primary key (report_code, fight_id, seq)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await owner`vacuum (analyze) reports, fights, actors, abilities, events, ingestion_ledger`;
  return seeded;
}

/**
 * The in-process normalization against the real path, on a small report: written as a file,
 * read back with openReportFile, the engine's order and numbering. Throws on any difference.
 */
export async function checkNormalization(seed: number): Promise<{ pulls: number; events: number }> {
  const prog = generateReport({ seed, pulls: 12, eventsPerPull: 600 });
  const dir = mkdtempSync(path.join(tmpdir(), "progboard-bench-normalize-"));
  try {
    const file = path.join(dir, "check.jsonl");
    await writeReportData(file, prog, { format: "jsonl", pageSize: 100 });
    const source = await openReportFile(file);
    const report = await source.fetchReport(source.code);
    const friendly = friendlyActorIds(prog.report);
    const canonical = (event: NormalizedEvent) =>
      JSON.stringify({ ...event, data: Object.fromEntries(Object.entries(event.data).sort(([a], [b]) => a.localeCompare(b))) });
    let events = 0;
    for (const fight of prog.report.fights) {
      const normalized = report.fights.find((f) => f.id === fight.id);
      if (!normalized) throw new Error(`fight ${fight.id} missing from the file`);
      const viaFile: NormalizedEvent[] = [];
      for await (const page of source.fightEvents(report, normalized)) viaFile.push(...page.events);
      const expected = inEngineOrder(viaFile).map(canonical);
      const actual = fightRows(prog.events(fight.id), fight, friendly).map(canonical);
      if (expected.length !== actual.length || expected.some((row, i) => row !== actual[i])) {
        throw new Error(
          `fight ${fight.id}: the in-process normalization differs from openReportFile's (${actual.length} rows against ${expected.length})`,
        );
      }
      events += actual.length;
    }
    return { pulls: prog.report.fights.length, events };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
