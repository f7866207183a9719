import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { addMember, listMembers, removeMember } from "../services/memberships";
import { protectedProcedure } from "../trpc";
import { id, username } from "./inputs";

export const membersRouter = {
  list: protectedProcedure
    .input(z.strictObject({ staticId: id }))
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.user.id, input.staticId)),

  add: protectedProcedure
    .input(z.strictObject({ staticId: id, username }))
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.user.id, input.staticId, input.username)),

  /** Removing yourself is leaving. */
  remove: protectedProcedure.input(z.strictObject({ staticId: id, userId: id })).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.db, ctx.user.id, input.staticId, input.userId);
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
