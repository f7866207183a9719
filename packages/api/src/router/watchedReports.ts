// Watched reports (SPEC.md D): the FFLogs reports a static follows. Two statics may watch the
// same code; each sees only its own watch, label and live flag.
import { users, watchedReports } from "@progboard/db";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { isUniqueViolation } from "@progboard/db";
import { staticProcedure } from "../trpc";
import { changesSomething, label, NOTHING_TO_UPDATE, reportCode, reportRef } from "./inputs";

const notWatched = () => new TRPCError({ code: "NOT_FOUND", message: "This static does not watch that report" });

const columns = {
  code: watchedReports.code,
  label: watchedReports.label,
  live: watchedReports.live,
  addedAt: watchedReports.addedAt,
};

export const watchedReportsRouter = {
  list: staticProcedure.query(({ ctx }) =>
    ctx.db
      .select({ ...columns, addedBy: users.username })
      .from(watchedReports)
      .leftJoin(users, eq(users.id, watchedReports.addedBy))
      .where(eq(watchedReports.staticId, ctx.staticId))
      .orderBy(desc(watchedReports.addedAt), watchedReports.code),
  ),

  /** `report` is a code or an FFLogs report URL. */
  add: staticProcedure
    .input(z.strictObject({ report: reportRef, label: label.optional(), live: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      try {
        const [added] = await ctx.db
          .insert(watchedReports)
          .values({ staticId: ctx.staticId, code: input.report, label: input.label ?? null, live: input.live ?? false, addedBy: ctx.user.id })
          .returning(columns);
        return { ...added, addedBy: ctx.user.username };
      } catch (error) {
        if (isUniqueViolation(error)) throw new TRPCError({ code: "CONFLICT", message: `This static already watches report ${input.report}` });
        throw error;
      }
    }),

  /** `label: null` clears the label. */
  update: staticProcedure
    .input(z.strictObject({ code: reportCode, label: label.nullable().optional(), live: z.boolean().optional() }).refine(changesSomething(["code"]), NOTHING_TO_UPDATE))
    .mutation(async ({ ctx, input }) => {
      const [updated] = await ctx.db
        .update(watchedReports)
        .set({ label: input.label, live: input.live })
        .where(and(eq(watchedReports.staticId, ctx.staticId), eq(watchedReports.code, input.code)))
        .returning(columns);
      if (!updated) throw notWatched();
      return updated;
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
