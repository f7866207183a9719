import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listStaticsOf, setCurrentStatic } from "../services/memberships";
import { protectedProcedure } from "../trpc";
import { id } from "./inputs";

export const meRouter = {
  get: protectedProcedure.query(async ({ ctx }) => ({
    user: ctx.user,
    currentStaticId: ctx.currentStaticId,
    statics: await listStaticsOf(ctx.db, ctx.user.id),
  })),

  setCurrentStatic: protectedProcedure.input(z.strictObject({ staticId: id })).mutation(async ({ ctx, input }) => {
    await setCurrentStatic(ctx.db, ctx.user.id, input.staticId);
    return { currentStaticId: input.staticId };
  }),
} satisfies TRPCRouterRecord;
