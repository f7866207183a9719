// Watched reports (SPEC.md D): the FFLogs reports a static follows. Two statics may watch the
// same code; each sees only its own watch, label and live flag.
import { fights, ingestionLedger, users, watchedReports } from "@progboard/db";
import { isFileReportCode } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, desc, eq, sql } from "drizzle-orm";
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
      })
      .from(watchedReports)
      .leftJoin(users, eq(users.id, watchedReports.addedBy))
      .leftJoin(ingestionLedger, eq(ingestionLedger.reportCode, watchedReports.code))
      .where(eq(watchedReports.staticId, ctx.staticId))
      .orderBy(desc(watchedReports.addedAt), watchedReports.code);
    return rows.map(({ status, fightsDone, fightsTotal, lastError, nextAttemptAt, finishedAt, pulls, pullsWithEvents, ...report }) => ({
      ...report,
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
    }));
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
