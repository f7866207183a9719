import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { createStatic, listStaticsOf, renameStatic } from "../services/memberships";
import { memberProcedure, protectedProcedure } from "../trpc";
import { id, staticName } from "./inputs";

export const staticsRouter = {
  list: protectedProcedure.query(({ ctx }) => listStaticsOf(ctx.db, ctx.user.id)),

  create: protectedProcedure.input(z.strictObject({ name: staticName })).mutation(({ ctx, input }) => createStatic(ctx.db, ctx.user.id, input.name)),

  rename: memberProcedure(z.strictObject({ staticId: id, name: staticName })).mutation(({ ctx, input }) =>
    renameStatic(ctx.db, ctx.staticId, input.name),
  ),
} satisfies TRPCRouterRecord;
