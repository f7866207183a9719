import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { createStatic, deleteStatic, listStaticsOf, renameStatic } from "../services/memberships";
import { ownerOfProcedure, protectedProcedure } from "../trpc";
import { id, staticName } from "./inputs";

export const staticsRouter = {
  list: protectedProcedure.query(({ ctx }) => listStaticsOf(ctx.db, ctx.user.id)),

  create: protectedProcedure.input(z.strictObject({ name: staticName })).mutation(({ ctx, input }) => createStatic(ctx.db, ctx.user.id, input.name)),

  rename: ownerOfProcedure(z.strictObject({ staticId: id, name: staticName }))
    .meta({ ownerAction: "rename it" })
    .mutation(({ ctx, input }) => renameStatic(ctx.db, ctx.user.id, ctx.staticId, input.name)),

  /** The static and everything it owns (roster, strats, reports watched, its audit log) go. */
  delete: ownerOfProcedure(z.strictObject({ staticId: id }))
    .meta({ ownerAction: "delete it" })
    .mutation(async ({ ctx }) => {
      await deleteStatic(ctx.db, ctx.user.id, ctx.staticId);
      return { deleted: true as const };
    }),
} satisfies TRPCRouterRecord;
