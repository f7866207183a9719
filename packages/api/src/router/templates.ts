import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { copyTemplate, listTemplates, publishTemplate, unpublishTemplate } from "../services/templates";
import { staticProcedure } from "../trpc";
import { atMost, encounterId, id } from "./inputs";

const templateName = z.string().trim().min(1, "A name is required").max(LIMITS.templateName.maxLength, atMost(LIMITS.templateName.maxLength));
const description = z.string().trim().max(LIMITS.templateDescription.maxLength, atMost(LIMITS.templateDescription.maxLength));

export const templatesRouter = {
  /** Snapshots the current static's strats for an encounter (roles and notes; never members). */
  publish: staticProcedure
    .input(z.strictObject({ encounterId, name: templateName, description: description.nullable().optional() }))
    .mutation(({ ctx, input }) => publishTemplate(ctx.db, ctx.staticId, input)),

  /** Ours and the promoted ones. */
  list: staticProcedure
    .input(z.strictObject({ encounterId: encounterId.optional() }).optional())
    .query(({ ctx, input }) => listTemplates(ctx.db, ctx.staticId, input?.encounterId)),

  copy: staticProcedure
    .input(z.strictObject({ templateId: id, mode: z.enum(["merge", "replace"], { error: "Mode must be merge or replace" }) }))
    .mutation(({ ctx, input }) => copyTemplate(ctx.db, ctx.staticId, input.templateId, input.mode)),

  unpublish: staticProcedure
    .input(z.strictObject({ templateId: id }))
    .mutation(({ ctx, input }) => unpublishTemplate(ctx.db, ctx.staticId, input.templateId)),
} satisfies TRPCRouterRecord;
