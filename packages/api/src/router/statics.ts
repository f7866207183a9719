import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { ApiError } from "../errors";
import { createStatic, deleteStatic, listStaticsOf, renameStatic } from "../services/memberships";
import { actingAs, ownerOfProcedure, protectedProcedure } from "../trpc";
import { id, staticName } from "./inputs";

export const staticsRouter = {
  list: protectedProcedure.query(({ ctx }) => listStaticsOf(ctx.db, ctx.user.id, ctx.apiKey?.staticId ?? null)),

  create: protectedProcedure.input(z.strictObject({ name: staticName })).mutation(({ ctx, input }) => {
    // A key limited to one static acts on that static only, so it cannot make another.
    if (ctx.apiKey?.staticId != null) throw new ApiError("FORBIDDEN", "This API key is limited to one static: it cannot create statics");
    return createStatic(ctx.db, ctx.user.id, actingAs(ctx), input.name);
  }),

  rename: ownerOfProcedure(z.strictObject({ staticId: id, name: staticName }))
    .meta({ ownerAction: "rename it" })
    .mutation(({ ctx, input }) => renameStatic(ctx.db, actingAs(ctx), ctx.staticId, input.name)),

  /** The static and everything it owns (roster, strats, reports watched, its audit log) go. */
  delete: ownerOfProcedure(z.strictObject({ staticId: id }))
    .meta({ ownerAction: "delete it" })
    .mutation(async ({ ctx }) => {
      await deleteStatic(ctx.db, actingAs(ctx), ctx.staticId);
      return { deleted: true as const };
    }),
} satisfies TRPCRouterRecord;
