import { MEMBERSHIP_ROLES } from "@progboard/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { addMember, listMembers, removeMember, setMemberRole } from "../services/memberships";
import { actingAs, memberProcedure, ownerOfProcedure } from "../trpc";
import { id, username } from "./inputs";

const membershipRole = z.enum(MEMBERSHIP_ROLES, { error: "Role must be owner or member" });

export const membersRouter = {
  list: memberProcedure(z.strictObject({ staticId: id })).query(({ ctx }) => listMembers(ctx.db, ctx.staticId)),

  add: memberProcedure(z.strictObject({ staticId: id, username })).mutation(({ ctx, input }) =>
    addMember(ctx.db, actingAs(ctx), ctx.staticId, input.username),
  ),

  /** An owner removes a member (or themself: leaving, under the same rules as leave). */
  remove: ownerOfProcedure(z.strictObject({ staticId: id, userId: id }))
    .meta({ ownerAction: "remove members" })
    .mutation(async ({ ctx, input }) => ({ outcome: await removeMember(ctx.db, actingAs(ctx), ctx.staticId, input.userId, false) })),

  /**
   * Every member may leave. The last owner cannot while others remain (CONFLICT); the only member
   * leaving deletes the static, so that needs `deleteStatic: true` (CONFLICT without it).
   */
  leave: memberProcedure(z.strictObject({ staticId: id, deleteStatic: z.boolean().optional() })).mutation(async ({ ctx, input }) => ({
    outcome: await removeMember(ctx.db, actingAs(ctx), ctx.staticId, ctx.user.id, input.deleteStatic ?? false),
  })),

  setRole: ownerOfProcedure(z.strictObject({ staticId: id, userId: id, role: membershipRole }))
    .meta({ ownerAction: "change roles" })
    .mutation(({ ctx, input }) => setMemberRole(ctx.db, actingAs(ctx), ctx.staticId, input.userId, input.role)),
} satisfies TRPCRouterRecord;
