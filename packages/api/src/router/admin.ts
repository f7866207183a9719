import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listTemplatesForAdmin, setTemplatePromoted } from "../services/templates";
import { actingAs, adminProcedure } from "../trpc";
import { id } from "./inputs";

/** The instance admin's calls: templates to moderate, nothing else of any static. */
export const adminRouter = {
  templates: {
    list: adminProcedure.query(({ ctx }) => listTemplatesForAdmin(ctx.db, actingAs(ctx))),
    promote: adminProcedure
      .input(z.strictObject({ templateId: id }))
      .mutation(({ ctx, input }) => setTemplatePromoted(ctx.db, actingAs(ctx), input.templateId, true)),
    demote: adminProcedure
      .input(z.strictObject({ templateId: id }))
      .mutation(({ ctx, input }) => setTemplatePromoted(ctx.db, actingAs(ctx), input.templateId, false)),
  },
} satisfies TRPCRouterRecord;
