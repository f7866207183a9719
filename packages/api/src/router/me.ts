import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listStaticsOf, setCurrentStatic } from "../services/memberships";
import { memberProcedure, protectedProcedure } from "../trpc";
import { id } from "./inputs";

export const meRouter = {
  get: protectedProcedure.query(async ({ ctx }) => ({
    user: ctx.user,
    /** An administrator of this instance (the web app shows the Admin page). */
    isAdmin: ctx.isAdmin,
    currentStaticId: ctx.currentStaticId,
    /** The demo reader is in no static: it reads the demo static, shown as its only one. */
    demo: ctx.demo,
    statics:
      ctx.demo && ctx.currentStaticId !== null
        ? [{ id: ctx.currentStaticId, name: ctx.staticName ?? "Demo", memberCount: 0, role: "member" as const }]
        : await listStaticsOf(ctx.db, ctx.user.id, ctx.apiKey?.staticId ?? null),
    /** What the calling API key is limited to, or null when a person signed in calls. */
    apiKey: ctx.apiKey ? { staticId: ctx.apiKey.staticId, readOnly: ctx.apiKey.readOnly } : null,
  })),

  setCurrentStatic: memberProcedure(z.strictObject({ staticId: id })).mutation(async ({ ctx }) => {
    await setCurrentStatic(ctx.db, ctx.user.id, ctx.staticId);
    return { currentStaticId: ctx.staticId };
  }),
} satisfies TRPCRouterRecord;
