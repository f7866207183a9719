// Sharing (SPEC.md H): the current static's share handle, and the read-only grants it gives and
// receives. Inputs never carry a static id: the grantee is named by its handle.
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { createGrant, listIncoming, listOutgoing, revokeGrant, rotateShareHandle, shareHandle } from "../services/sharing";
import { actingAs, sharingOwnerProcedure, sharingProcedure } from "../trpc";
import { id, reportCode } from "./inputs";

/** `st_` and 20 base32 characters, as copied (surrounding spaces and case forgiven). */
export const shareHandleInput = z
  .string()
  .max(100, "Not a share handle")
  .transform((raw) => raw.trim().toLowerCase())
  .pipe(z.string().regex(/^st_[a-z2-7]{20}$/, "Not a share handle (st_ and 20 letters or digits 2–7)"));

export const sharingRouter = {
  /** The handle other statics name us by to give us access. */
  handle: sharingProcedure.query(({ ctx }) => shareHandle(ctx.db, ctx.user.id, ctx.staticId)),

  /** A new handle; the old one names nothing any more. Grants already given stay. */
  rotateHandle: sharingOwnerProcedure
    .meta({ ownerAction: "rotate the share handle" })
    .mutation(({ ctx }) => rotateShareHandle(ctx.db, actingAs(ctx), ctx.staticId)),

  /** Gives the static with that handle read-only access to one report we watch, or to all our progression. */
  grant: sharingOwnerProcedure
    .meta({ ownerAction: "give access" })
    .input(z.strictObject({ granteeHandle: shareHandleInput, scope: z.enum(["report", "progression"]), code: reportCode.optional() }))
    .mutation(({ ctx, input }) => createGrant(ctx.db, ctx.withTenant, actingAs(ctx), ctx.staticId, input)),

  /** Takes access back: the grantee's next request is refused. */
  revoke: sharingOwnerProcedure
    .meta({ ownerAction: "revoke access" })
    .input(z.strictObject({ grantId: id }))
    .mutation(async ({ ctx, input }) => {
      await revokeGrant(ctx.db, actingAs(ctx), ctx.staticId, input.grantId);
      return { ok: true as const };
    }),

  /** Grants we gave, revoked ones included, with the grantee's name. */
  outgoing: sharingProcedure.query(({ ctx }) => listOutgoing(ctx.db, ctx.user.id, ctx.staticId)),

  /** Active grants to us. */
  incoming: sharingProcedure.query(({ ctx }) => listIncoming(ctx.db, ctx.user.id, actingAs(ctx), ctx.staticId)),
} satisfies TRPCRouterRecord;
