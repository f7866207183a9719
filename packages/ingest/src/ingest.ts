// Ingests one report from a source into the shared raw tables. Resumable and idempotent: the
// report, its fights and master data are upserted first; then each fight's events are written in
// one transaction together with the fight's completion flag and the ledger's progress, so a crash
// between fights loses nothing and a resumed run skips what is done. Replays write the same keys.
import { abilities, actors, fights, type IngestDb, reports } from "@progboard/db";
import { and, asc, eq, sql } from "drizzle-orm";
import { inEngineOrder, writeFightEvents } from "./events";
import { fightDone } from "./ledger";
import { isPull } from "./normalize";
import type { IngestionDb, NormalizedEvent, NormalizedFight, NormalizedReport, ReportSource } from "./types";

export interface IngestOptions {
  /** How long a claim stays ours without progress (renewed after every fight). */
  leaseMs?: number;
  /** Checked between fights: stops cleanly, leaving the report resumable. */
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestProgress {
  code: string;
  fightsDone: number;
  fightsTotal: number;
  events: number;
}

export interface IngestSummary {
  code: string;
  revision: number;
  fights: number;
  pulls: number;
  /** Fights whose events this run wrote (0 when everything was already there). */
  fightsWritten: number;
  events: number;
  pages: number;
  /** False when stopped (signal) before every fight was written. */
  complete: boolean;
}

export async function ingestReport(db: IngestionDb, source: ReportSource, code: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  // External I/O first, never inside a transaction.
  const report = await source.fetchReport(code);
  if (report.code !== code) throw new Error(`asked for report ${code}, the source gave ${report.code}`);

  await db.withIngestion((tx) => writeReport(tx, report));
  const pending = await db.withIngestion((tx) =>
    tx
      .select({ id: fights.id })
      .from(fights)
      .where(and(eq(fights.reportCode, code), eq(fights.eventsComplete, false)))
      .orderBy(asc(fights.id)),
  );
  const byId = new Map(report.fights.map((fight) => [fight.id, fight]));
  const summary: IngestSummary = {
    code,
    revision: report.revision,
    fights: report.fights.length,
    pulls: report.fights.filter(isPull).length,
    fightsWritten: 0,
    events: 0,
    pages: 0,
    complete: false,
  };
  let fightsDone = report.fights.length - pending.length;

  const todo = pending.flatMap(({ id }) => byId.get(id) ?? []);
  const collect = (fight: NormalizedFight) => (isPull(fight) ? collectFightEvents(source, report, fight) : Promise.resolve({ events: [], pages: 0 }));
  // Reading the next fight (parsing, or FFLogs requests) overlaps with writing this one: no
  // transaction waits on it, and the database and Node work side by side.
  let next = todo[0] ? guard(collect(todo[0])) : null;
  for (let i = 0; i < todo.length && next; i++) {
    const fight = todo[i] as NormalizedFight;
    const { events, pages } = await next;
    next = options.signal?.aborted ? null : todo[i + 1] ? guard(collect(todo[i + 1] as NormalizedFight)) : null;
    // One transaction: the fight's rows, its completion flag and the ledger's progress (with the
    // lease renewed) commit together or not at all.
    await db.withIngestion((tx) => writeFightEvents(tx, code, fight.id, events, [fightDone(code, fight.id, pages, leaseMs)]));
    fightsDone++;
    summary.fightsWritten++;
    summary.events += events.length;
    summary.pages += pages;
    options.onProgress?.({ code, fightsDone, fightsTotal: report.fights.length, events: summary.events });
  }
  // A prefetch still running when we stop: let it settle so nothing is left dangling.
  await next?.catch(() => undefined);
  summary.complete = fightsDone === report.fights.length;
  return summary;
}

/** Marks a prefetch as handled (its failure surfaces when awaited), so it is never "unhandled". */
function guard<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

async function collectFightEvents(source: ReportSource, report: NormalizedReport, fight: NormalizedFight) {
  const events: NormalizedEvent[] = [];
  let pages = 0;
  for await (const page of source.fightEvents(report, fight)) {
    pages++;
    for (const event of page.events) events.push(event);
  }
  // One stream after another from the source, then numbered in time order (events.ts).
  return { events: inEngineOrder(events), pages };
}

async function writeReport(tx: IngestDb, report: NormalizedReport): Promise<void> {
  const meta = {
    title: report.title,
    owner: report.owner,
    zoneId: report.zoneId,
    zoneName: report.zoneName,
    startTime: report.startTime,
    endTime: report.endTime,
    revision: report.revision,
    fetchedAt: new Date(),
  };
  await tx
    .insert(reports)
    .values({ code: report.code, ...meta })
    .onConflictDoUpdate({ target: reports.code, set: meta });

  // In batches: one statement per 1,000 fights keeps each statement's parameters and memory small.
  for (const batch of chunks(report.fights, 1_000)) {
    await tx
      .insert(fights)
      .values(batch.map((fight) => ({ reportCode: report.code, ...fightColumns(fight) })))
      .onConflictDoUpdate({
        target: [fights.reportCode, fights.id],
        set: {
          ...excluded([
            "encounter_id",
            "name",
            "difficulty",
            "start_time",
            "end_time",
            "kill",
            "fight_percentage",
            "boss_percentage",
            "last_phase",
            "last_phase_absolute_index",
            "last_phase_is_intermission",
            "phase_transitions",
            "friendly_players",
          ]),
          // A fight that grew (live logging) or changed is fetched again; an unchanged one is kept.
          eventsComplete: sql`${fights.eventsComplete} and ${fights.endTime} = excluded.end_time and ${fights.kill} is not distinct from excluded.kill`,
        },
      });
  }
  for (const batch of chunks(report.actors, 2_000)) {
    await tx
      .insert(actors)
      .values(batch.map(({ isPlayer: _isPlayer, ...actor }) => ({ reportCode: report.code, ...actor })))
      .onConflictDoUpdate({ target: [actors.reportCode, actors.id], set: excluded(["name", "type", "sub_type", "server", "pet_owner", "game_id"]) });
  }
  for (const batch of chunks(report.abilities, 2_000)) {
    await tx
      .insert(abilities)
      .values(batch.map((ability) => ({ reportCode: report.code, ...ability })))
      .onConflictDoUpdate({ target: [abilities.reportCode, abilities.gameId], set: excluded(["name", "icon", "type"]) });
  }
  await tx.execute(
    sql`update ingestion_ledger set fights_total = ${report.fights.length}, revision = ${report.revision}, updated_at = now() where report_code = ${report.code}`,
  );
}

function fightColumns(fight: NormalizedFight) {
  return {
    id: fight.id,
    encounterId: fight.encounterId,
    name: fight.name,
    difficulty: fight.difficulty,
    startTime: fight.startTime,
    endTime: fight.endTime,
    kill: fight.kill,
    fightPercentage: fight.fightPercentage,
    bossPercentage: fight.bossPercentage,
    lastPhase: fight.lastPhase,
    lastPhaseAbsoluteIndex: fight.lastPhaseAbsoluteIndex,
    lastPhaseIsIntermission: fight.lastPhaseIsIntermission,
    phaseTransitions: fight.phaseTransitions,
    friendlyPlayers: fight.friendlyPlayers,
  };
}

/** `set` for an upsert taking these columns from the proposed row. */
function excluded(columns: string[]) {
  return Object.fromEntries(columns.map((column) => [camel(column), sql.raw(`excluded.${column}`)]));
}
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
