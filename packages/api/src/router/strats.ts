// Strat config (SPEC.md D): per encounter, which role or roster member handles each mechanic.
import { fights, rosterMembers, stratConfig, watchedReports } from "@progboard/db";
import { LIMITS, STRAT_RULES } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { mapViolations, notFound } from "../errors";
import { staticProcedure } from "../trpc";
import { encounterId, id, mechanicRef, notes, returned, role } from "./inputs";

const columns = {
  mechanicRef: stratConfig.mechanicRef,
  role: stratConfig.role,
  memberId: stratConfig.memberId,
  rule: stratConfig.rule,
  expectedHits: stratConfig.expectedHits,
  notes: stratConfig.notes,
  updatedAt: stratConfig.updatedAt,
};

export const stratsRouter = {
  /** Encounters for the picker: those in the static's watched reports, and those it has strats for. */
  encounters: staticProcedure.query(async ({ ctx }) => {
    const [seen, configured] = await Promise.all([
      ctx.db
        .selectDistinct({ encounterId: fights.encounterId, name: fights.name })
        .from(fights)
        .innerJoin(watchedReports, and(eq(watchedReports.code, fights.reportCode), eq(watchedReports.staticId, ctx.staticId)))
        .where(gt(fights.encounterId, 0)),
      ctx.db.selectDistinct({ encounterId: stratConfig.encounterId }).from(stratConfig).where(eq(stratConfig.staticId, ctx.staticId)),
    ]);
    const names = new Map<number, string | null>();
    for (const row of configured) names.set(row.encounterId, null);
    for (const row of seen) names.set(row.encounterId, row.name);
    return [...names].map(([encounterId, name]) => ({ encounterId, name })).sort((a, b) => a.encounterId - b.encounterId);
  }),

  list: staticProcedure.input(z.strictObject({ encounterId })).query(({ ctx, input }) =>
    ctx.db
      .select({ ...columns, memberName: rosterMembers.name })
      .from(stratConfig)
      .leftJoin(rosterMembers, and(eq(rosterMembers.staticId, stratConfig.staticId), eq(rosterMembers.id, stratConfig.memberId)))
      .where(and(eq(stratConfig.staticId, ctx.staticId), eq(stratConfig.encounterId, input.encounterId)))
      .orderBy(asc(stratConfig.mechanicRef)),
  ),

  /**
   * Assigns a mechanic to a role, a roster member, or both (`null` clears one side), and says what
   * a mistake with it is (`rule`, STRAT_RULES): only its role/member should take it (the default),
   * nobody should, exactly `expectedHits` players should, or it is a failure debuff.
   */
  upsert: staticProcedure
    .input(
      z
        .strictObject({
          encounterId,
          mechanicRef,
          role: role.nullable().optional(),
          memberId: id.nullable().optional(),
          notes: notes.nullable().optional(),
          rule: z.enum(STRAT_RULES).nullable().optional(),
          expectedHits: z.number().int().min(LIMITS.expectedHits.min).max(LIMITS.expectedHits.max).nullable().optional(),
        })
        .refine((input) => !((input.rule ?? "only") === "only" && (input.role ?? null) === null && (input.memberId ?? null) === null), {
          message: "Choose a role or a roster member",
          path: ["role"],
        })
        .refine((input) => input.rule !== "exactly" || (input.expectedHits ?? null) !== null, {
          message: "Say how many players it should hit",
          path: ["expectedHits"],
        })
        .refine((input) => input.rule === "exactly" || (input.expectedHits ?? null) === null, {
          message: "A number of players goes only with “should hit exactly N players”",
          path: ["expectedHits"],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const values = {
        role: input.role ?? null,
        memberId: input.memberId ?? null,
        notes: input.notes ?? null,
        rule: input.rule ?? null,
        expectedHits: input.expectedHits ?? null,
      };
      return returned(
        await mapViolations(
          ctx.db
            .insert(stratConfig)
            .values({ staticId: ctx.staticId, encounterId: input.encounterId, mechanicRef: input.mechanicRef, ...values })
            .onConflictDoUpdate({
              target: [stratConfig.staticId, stratConfig.encounterId, stratConfig.mechanicRef],
              set: { ...values, updatedAt: sql`now()` },
            })
            .returning(columns),
          // (static_id, member_id) references a roster member of this static only.
          { foreignKey: () => notFound("Roster member not found") },
        ),
      );
    }),

  remove: staticProcedure.input(z.strictObject({ encounterId, mechanicRef })).mutation(async ({ ctx, input }) => {
    const removed = await ctx.db
      .delete(stratConfig)
      .where(
        and(eq(stratConfig.staticId, ctx.staticId), eq(stratConfig.encounterId, input.encounterId), eq(stratConfig.mechanicRef, input.mechanicRef)),
      )
      .returning({ mechanicRef: stratConfig.mechanicRef });
    if (removed.length === 0) throw notFound("No strat for that mechanic");
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
