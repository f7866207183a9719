// Fault scores (SPEC.md D): each player's share of the blame for a wipe, computed by analysis
// or overridden by hand, per report the static watches.
import { actors, faultScores, users, watchedReports } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { mapViolations, notFound, notWatched } from "../errors";
import { staticProcedure } from "../trpc";
import { atMost, id, reportCode, returned, score } from "./inputs";

const key = { code: reportCode, fightId: id, actorId: id };

export const faultScoresRouter = {
  list: staticProcedure.input(z.strictObject({ code: reportCode })).query(async ({ ctx, input }) => {
    const [watch, rows] = await Promise.all([
      ctx.db
        .select({ code: watchedReports.code })
        .from(watchedReports)
        .where(and(eq(watchedReports.staticId, ctx.staticId), eq(watchedReports.code, input.code))),
      ctx.db
        .select({
          fightId: faultScores.fightId,
          actorId: faultScores.actorId,
          actorName: actors.name,
          computedScore: faultScores.computedScore,
          overrideScore: faultScores.overrideScore,
          score: sql<number | null>`coalesce(${faultScores.overrideScore}, ${faultScores.computedScore})`,
          overrideReason: faultScores.overrideReason,
          overriddenBy: users.username,
          overriddenAt: faultScores.overriddenAt,
        })
        .from(faultScores)
        .leftJoin(actors, and(eq(actors.reportCode, faultScores.reportCode), eq(actors.id, faultScores.actorId)))
        .leftJoin(users, eq(users.id, faultScores.overriddenBy))
        .where(and(eq(faultScores.staticId, ctx.staticId), eq(faultScores.reportCode, input.code)))
        .orderBy(asc(faultScores.fightId), asc(faultScores.actorId)),
    ]);
    if (watch.length === 0) throw notWatched();
    return rows;
  }),

  /** Sets a player's blame for a pull by hand; the computed score is kept beside it. */
  override: staticProcedure
    .input(
      z.strictObject({
        ...key,
        score,
        reason: z.string().trim().max(LIMITS.overrideReason.maxLength, atMost(LIMITS.overrideReason.maxLength)).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const values = { overrideScore: input.score, overrideReason: input.reason || null, overriddenBy: ctx.user.id, overriddenAt: new Date() };
      return returned(
        await mapViolations(
          ctx.db
            .insert(faultScores)
            .values({ staticId: ctx.staticId, reportCode: input.code, fightId: input.fightId, actorId: input.actorId, ...values })
            .onConflictDoUpdate({ target: [faultScores.staticId, faultScores.reportCode, faultScores.fightId, faultScores.actorId], set: values })
            .returning({
              fightId: faultScores.fightId,
              actorId: faultScores.actorId,
              computedScore: faultScores.computedScore,
              overrideScore: faultScores.overrideScore,
              overrideReason: faultScores.overrideReason,
            }),
          // (static_id, report_code) must be a report this static watches.
          { foreignKey: notWatched },
        ),
      );
    }),

  /** Back to the computed score (a row with nothing computed goes away). */
  clearOverride: staticProcedure.input(z.strictObject(key)).mutation(async ({ ctx, input }) => {
    const where = and(
      eq(faultScores.staticId, ctx.staticId),
      eq(faultScores.reportCode, input.code),
      eq(faultScores.fightId, input.fightId),
      eq(faultScores.actorId, input.actorId),
      sql`${faultScores.overrideScore} is not null`,
    );
    const [cleared] = await ctx.db
      .update(faultScores)
      .set({ overrideScore: null, overrideReason: null, overriddenBy: null, overriddenAt: null })
      .where(where)
      .returning({ computedScore: faultScores.computedScore });
    if (!cleared) throw notFound("No override to clear");
    if (cleared.computedScore === null) {
      await ctx.db
        .delete(faultScores)
        .where(
          and(
            eq(faultScores.staticId, ctx.staticId),
            eq(faultScores.reportCode, input.code),
            eq(faultScores.fightId, input.fightId),
            eq(faultScores.actorId, input.actorId),
          ),
        );
    }
    return { cleared: true as const, computedScore: cleared.computedScore };
  }),
} satisfies TRPCRouterRecord;
