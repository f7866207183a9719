import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { AUDIT_PAGE, listAudit } from "../services/audit";
import { staticProcedure } from "../trpc";

export const auditRouter = {
  /** The current static's log, newest first, for its members; keyset-paged by entry id. */
  list: staticProcedure
    .input(
      z
        .strictObject({
          cursor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          limit: z.number().int().min(1).max(AUDIT_PAGE.max, `At most ${AUDIT_PAGE.max} entries a page`).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.staticId, input ?? {})),
} satisfies TRPCRouterRecord;
