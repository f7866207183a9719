// Watched reports (SPEC.md D): the FFLogs reports a static follows. Two statics may watch the
// same code; each sees only its own watch, label and live flag.
import { phaseKnown, phaseLabel } from "@progboard/analysis";
import { fights, ingestionLedger, reports, type TenantDb, users, watchedReports } from "@progboard/db";
import { isFileReportCode } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { ApiError, conflict, notWatched } from "../errors";
import { FFLOGS_NOT_SET_UP, fflogsSource } from "../services/fflogs";
import { watchColumns, watchReport } from "../services/watched-reports";
import { staticProcedure } from "../trpc";
import { changesSomething, label, NOTHING_TO_UPDATE, reportCode, reportRef } from "./inputs";

const columns = watchColumns;
const FILE_RETRY = "This report came from a file: import the file again to fetch it again";

/** Pulls of a report: its fights with an encounter (trash is not a pull). */
const pullCount = sql<number>`(select count(*)::int from ${fights} f where f.report_code = ${watchedReports.code} and f.encounter_id > 0)`;
/** Pulls whose events are in (written whole, and some there): the rest read "unknown" everywhere. */
const pullsWithEvents = sql<number>`(select count(*)::int from ${fights} f where f.report_code = ${watchedReports.code} and f.encounter_id > 0
  and f.events_complete and exists (select 1 from events e where e.report_code = f.report_code and e.fight_id = f.id))`;

interface ReportSummary {
  encounters: { id: number; name: string; pulls: number; kills: number }[];
  kills: number;
  /** The pull that got furthest (a kill, else the furthest phase, then least HP left); null without pulls. */
  bestPull: { encounter: string; kill: boolean; phase: string | null; bossPercentage: number | null; fightPercentage: number | null } | null;
}

/** Encounters, kills and the best pull of each report: two grouped reads of the shared fights. */
async function summarizeReports(db: TenantDb, codes: string[]): Promise<Map<string, ReportSummary>> {
  const summaries = new Map<string, ReportSummary>();
  if (codes.length === 0) return summaries;
  const pull = and(inArray(fights.reportCode, codes), gt(fights.encounterId, 0));
  const encounters = await db
    .select({
      code: fights.reportCode,
      id: fights.encounterId,
      name: sql<string>`min(${fights.name})`,
      pulls: count(),
      kills: sql<number>`(count(*) filter (where ${fights.kill}))::int`,
    })
    .from(fights)
    .where(pull)
    .groupBy(fights.reportCode, fights.encounterId)
    .orderBy(fights.reportCode, sql`min(${fights.startTime})`);
  for (const e of encounters) {
    const summary = summaries.get(e.code) ?? { encounters: [], kills: 0, bestPull: null };
    summary.encounters.push({ id: e.id, name: e.name, pulls: e.pulls, kills: e.kills });
    summary.kills += e.kills;
    summaries.set(e.code, summary);
  }
  // Ranked like comparePulls: a kill, then the furthest phase, then the least fight and boss HP
  // left; figures FFLogs did not log rank last, never as P1 or 100 %.
  const best = await db
    .selectDistinctOn([fights.reportCode], {
      code: fights.reportCode,
      encounter: fights.name,
      kill: fights.kill,
      lastPhase: fights.lastPhase,
      lastPhaseAbsoluteIndex: fights.lastPhaseAbsoluteIndex,
      lastPhaseIsIntermission: fights.lastPhaseIsIntermission,
      bossPercentage: fights.bossPercentage,
      fightPercentage: fights.fightPercentage,
    })
    .from(fights)
    .where(pull)
    .orderBy(
      fights.reportCode,
      sql`${fights.kill} is true desc`,
      sql`coalesce(${fights.lastPhaseAbsoluteIndex}, ${fights.lastPhase} - 1) desc nulls last`,
      sql`${fights.fightPercentage} asc nulls last`,
      sql`${fights.bossPercentage} asc nulls last`,
      asc(fights.startTime),
    );
  for (const b of best) {
    const summary = summaries.get(b.code);
    if (!summary) continue;
    summary.bestPull = {
      encounter: b.encounter,
      kill: b.kill === true,
      phase: phaseKnown(b) ? phaseLabel(b) : null,
      bossPercentage: b.bossPercentage,
      fightPercentage: b.fightPercentage,
    };
  }
  return summaries;
}

export const watchedReportsRouter = {
  /** The static's reports with their ingestion status (shared: one fetch serves every static). */
  list: staticProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({
        ...columns,
        addedBy: users.username,
        status: ingestionLedger.status,
        fightsDone: ingestionLedger.fightsDone,
        fightsTotal: ingestionLedger.fightsTotal,
        lastError: ingestionLedger.lastError,
        nextAttemptAt: ingestionLedger.nextAttemptAt,
        finishedAt: ingestionLedger.finishedAt,
        pulls: pullCount,
        pullsWithEvents,
        title: reports.title,
        startTime: reports.startTime,
        endTime: reports.endTime,
        zoneName: reports.zoneName,
      })
      .from(watchedReports)
      .leftJoin(users, eq(users.id, watchedReports.addedBy))
      .leftJoin(ingestionLedger, eq(ingestionLedger.reportCode, watchedReports.code))
      .leftJoin(reports, eq(reports.code, watchedReports.code))
      .where(eq(watchedReports.staticId, ctx.staticId))
      .orderBy(desc(watchedReports.addedAt), watchedReports.code);
    const summaries = await summarizeReports(
      ctx.db,
      rows.map((r) => r.code),
    );
    return rows.map(
      ({
        status,
        fightsDone,
        fightsTotal,
        lastError,
        nextAttemptAt,
        finishedAt,
        pulls,
        pullsWithEvents,
        title,
        startTime,
        endTime,
        zoneName,
        ...report
      }) => ({
        ...report,
        source: isFileReportCode(report.code) ? ("file" as const) : ("fflogs" as const),
        // What the report is, once its fights are in (null until then: not known yet, not empty).
        summary:
          startTime === null || endTime === null
            ? null
            : {
                title: title === "" ? null : title,
                startTime,
                durationMs: Math.max(0, endTime - startTime),
                zone: zoneName,
                ...(summaries.get(report.code) ?? { encounters: [], kills: 0, bestPull: null }),
              },
        ingestion: {
          status: status ?? ("queued" as const),
          fightsDone: fightsDone ?? 0,
          fightsTotal,
          // A queued report with an error is waiting to retry it.
          error: lastError,
          retryAt: status === "queued" && lastError ? nextAttemptAt : null,
          finishedAt,
          pulls,
          pullsWithEvents,
        },
      }),
    );
  }),

  /** `report` is a code or an FFLogs report URL. */
  add: staticProcedure
    .input(z.strictObject({ report: reportRef, label: label.optional(), live: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      // Accepting a code FFLogs cannot be asked for would only fail later: say so now, and how to fix it.
      if ((await fflogsSource(ctx.db, ctx.fflogs)) === null) throw new ApiError("BAD_REQUEST", FFLOGS_NOT_SET_UP);
      const added = await watchReport(ctx.db, {
        staticId: ctx.staticId,
        userId: ctx.user.id,
        code: input.report,
        label: input.label,
        live: input.live,
      });
      if (!added) throw conflict(`This static already watches report ${input.report}`);
      return { ...added, addedBy: ctx.user.username };
    }),

  /** `label: null` clears the label. */
  update: staticProcedure
    .input(
      z
        .strictObject({ code: reportCode, label: label.nullable().optional(), live: z.boolean().optional() })
        .refine(changesSomething(["code"]), NOTHING_TO_UPDATE),
    )
    .mutation(async ({ ctx, input }) => {
      const [updated] = await ctx.db
        .update(watchedReports)
        .set({ label: input.label, live: input.live })
        .where(and(eq(watchedReports.staticId, ctx.staticId), eq(watchedReports.code, input.code)))
        .returning(columns);
      if (!updated) throw notWatched();
      return updated;
    }),

  /** Fetch the report again (after a failure, or to pick up what FFLogs has since). */
  retry: staticProcedure.input(z.strictObject({ code: reportCode })).mutation(async ({ ctx, input }) => {
    const [watched] = await ctx.db
      .select({ code: watchedReports.code })
      .from(watchedReports)
      .where(and(eq(watchedReports.staticId, ctx.staticId), eq(watchedReports.code, input.code)));
    if (!watched) throw notWatched();
    // A file's data comes only from the file, which the server does not keep.
    if (isFileReportCode(input.code)) throw new ApiError("BAD_REQUEST", FILE_RETRY);
    // app.request_ingestion re-checks the watch under RLS and re-queues only what is idle.
    await ctx.db.execute(sql`select app.request_ingestion(${input.code})`);
    return { queued: true as const };
  }),

  remove: staticProcedure.input(z.strictObject({ code: reportCode })).mutation(async ({ ctx, input }) => {
    const removed = await ctx.db
      .delete(watchedReports)
      .where(and(eq(watchedReports.staticId, ctx.staticId), eq(watchedReports.code, input.code)))
      .returning({ code: watchedReports.code });
    if (removed.length === 0) throw notWatched();
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
