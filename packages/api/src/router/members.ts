import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { addMember, listMembers, removeMember } from "../services/memberships";
import { memberProcedure } from "../trpc";
import { id, username } from "./inputs";

export const membersRouter = {
  list: memberProcedure(z.strictObject({ staticId: id })).query(({ ctx }) => listMembers(ctx.db, ctx.staticId)),

  add: memberProcedure(z.strictObject({ staticId: id, username })).mutation(({ ctx, input }) => addMember(ctx.db, ctx.staticId, input.username)),

  /** Removing yourself is leaving. */
  remove: memberProcedure(z.strictObject({ staticId: id, userId: id })).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.db, ctx.user.id, ctx.staticId, input.userId);
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
