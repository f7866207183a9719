// API keys (issue 17): a person's keys for scripts, the CLI and MCP. Only a person signed in
// manages them (personProcedure): a key can neither make nor list nor revoke keys.
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../services/api-keys";
import { actingAs, personProcedure } from "../trpc";
import { atMost, id } from "./inputs";

const DAY_MS = 86_400_000;

const expiresAt = z.iso
  .datetime({ offset: true, message: "expiresAt must be a date and time, e.g. 2027-01-31T00:00:00Z" })
  .transform((text) => new Date(text))
  .refine((date) => date.getTime() > Date.now(), "The expiry must be in the future")
  .refine(
    (date) => date.getTime() <= Date.now() + LIMITS.apiKeyExpiryDays.max * DAY_MS,
    `The expiry must be within ${LIMITS.apiKeyExpiryDays.max} days`,
  );

export const apiKeysRouter = {
  list: personProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.user.id)),

  /** The answer's `key` is the only time the key is shown. */
  create: personProcedure
    .input(
      z.strictObject({
        name: z.string().trim().min(1, "A name is required").max(LIMITS.apiKeyName.maxLength, atMost(LIMITS.apiKeyName.maxLength)),
        /** Limit the key to this static (one you belong to). */
        staticId: id.optional(),
        readOnly: z.boolean().optional(),
        expiresAt: expiresAt.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createApiKey(ctx.db, actingAs(ctx), input)),

  revoke: personProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => revokeApiKey(ctx.db, actingAs(ctx), input.id)),
} satisfies TRPCRouterRecord;
