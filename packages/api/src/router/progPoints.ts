// Prog points (SPEC.md D): named milestones of an encounter (a phase, optionally an ability),
// and the pull that first reached each.
import { progPoints } from "@progboard/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { conflict, mapViolations, notFound as notFoundError, type Violations } from "../errors";
import { staticProcedure } from "../trpc";
import { changesSomething, encounterId, id, progPointLabel as label, NOTHING_TO_UPDATE, phaseIndex, reportCode, returned } from "./inputs";

const notFound = () => notFoundError("Prog point not found");

const columns = {
  id: progPoints.id,
  encounterId: progPoints.encounterId,
  label: progPoints.label,
  phaseIndex: progPoints.phaseIndex,
  abilityId: progPoints.abilityId,
  reachedReportCode: progPoints.reachedReportCode,
  reachedFightId: progPoints.reachedFightId,
};

const labelTaken = (text: string | undefined): Violations =>
  text === undefined ? {} : { unique: () => conflict(`This encounter already has a prog point called ${text}`) };

const reached = z.strictObject({ code: reportCode, fightId: id });

export const progPointsRouter = {
  list: staticProcedure.input(z.strictObject({ encounterId: encounterId.optional() }).optional()).query(({ ctx, input }) =>
    ctx.db
      .select(columns)
      .from(progPoints)
      .where(and(eq(progPoints.staticId, ctx.staticId), input?.encounterId === undefined ? undefined : eq(progPoints.encounterId, input.encounterId)))
      .orderBy(asc(progPoints.encounterId), asc(progPoints.phaseIndex), asc(progPoints.id)),
  ),

  create: staticProcedure.input(z.strictObject({ encounterId, label, phaseIndex, abilityId: id.optional() })).mutation(async ({ ctx, input }) =>
    returned(
      await mapViolations(
        ctx.db
          .insert(progPoints)
          .values({
            staticId: ctx.staticId,
            encounterId: input.encounterId,
            label: input.label,
            phaseIndex: input.phaseIndex,
            abilityId: input.abilityId ?? null,
          })
          .returning(columns),
        labelTaken(input.label),
      ),
    ),
  ),

  /** `reached: null` forgets which pull got there first. */
  update: staticProcedure
    .input(
      z
        .strictObject({
          id,
          label: label.optional(),
          phaseIndex: phaseIndex.optional(),
          abilityId: id.nullable().optional(),
          reached: reached.nullable().optional(),
        })
        .refine(changesSomething(["id"]), NOTHING_TO_UPDATE),
    )
    .mutation(async ({ ctx, input }) => {
      const [updated] = await mapViolations(
        ctx.db
          .update(progPoints)
          .set({
            label: input.label,
            phaseIndex: input.phaseIndex,
            abilityId: input.abilityId,
            reachedReportCode: input.reached === undefined ? undefined : (input.reached?.code ?? null),
            reachedFightId: input.reached === undefined ? undefined : (input.reached?.fightId ?? null),
          })
          .where(and(eq(progPoints.staticId, ctx.staticId), eq(progPoints.id, input.id)))
          .returning(columns),
        labelTaken(input.label),
      );
      if (!updated) throw notFound();
      return updated;
    }),

  remove: staticProcedure.input(z.strictObject({ id })).mutation(async ({ ctx, input }) => {
    const removed = await ctx.db
      .delete(progPoints)
      .where(and(eq(progPoints.staticId, ctx.staticId), eq(progPoints.id, input.id)))
      .returning({ id: progPoints.id });
    if (removed.length === 0) throw notFound();
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
