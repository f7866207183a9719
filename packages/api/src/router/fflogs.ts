// FFLogs access (issue 15): everyone may ask whether this instance can fetch from FFLogs (the Watch
// form and the Follow section explain what is missing); instance admins (adminProcedure: FORBIDDEN
// for anyone else) set the API client. The
// secret is write-only: no procedure returns it, errors never carry it, and the request role
// cannot even read its column back (migrations/0011).
import { fflogsCredentials, users } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../errors";
import { fflogsSource } from "../services/fflogs";
import { adminProcedure, protectedProcedure } from "../trpc";

const credentialsInput = z.strictObject({
  clientId: z.string().trim().min(1, "The client id is required").max(LIMITS.fflogsClientId.maxLength),
  clientSecret: z.string().trim().min(1, "The client secret is required").max(LIMITS.fflogsClientSecret.maxLength),
});

const ENV_WINS =
  "FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET are set on this server: they are used, and credentials set here wait until they are unset";

export const fflogsRouter = {
  /** Whether reports can be fetched from FFLogs here, and whether the caller could set that up. */
  status: protectedProcedure.query(async ({ ctx }) => {
    const source = await fflogsSource(ctx.db, ctx.fflogs);
    const isAdmin = ctx.isAdmin;
    const [stored] = isAdmin
      ? await ctx.db
          .select({ clientId: fflogsCredentials.clientId, updatedAt: fflogsCredentials.updatedAt, updatedBy: users.username })
          .from(fflogsCredentials)
          .leftJoin(users, eq(users.id, fflogsCredentials.updatedBy))
      : [];
    return {
      configured: source !== null,
      source,
      canConfigure: isAdmin,
      /** Admins only: the client id set in the app (never its secret), when and by whom. */
      stored: stored ?? null,
    };
  }),

  /** Sets the instance's FFLogs API client once FFLogs accepts it (a token is fetched first). */
  setCredentials: adminProcedure.input(credentialsInput).mutation(async ({ ctx, input }) => {
    try {
      await ctx.fflogs.check(input);
    } catch (error) {
      throw new ApiError("BAD_REQUEST", `Not saved: ${error instanceof Error ? error.message : "FFLogs could not be reached"}`);
    }
    const values = { clientId: input.clientId, clientSecret: input.clientSecret, updatedBy: ctx.user.id, updatedAt: new Date() };
    await ctx.db
      .insert(fflogsCredentials)
      .values({ onlyRow: true, ...values })
      .onConflictDoUpdate({ target: fflogsCredentials.onlyRow, set: values });
    return { message: `Connected as client ${input.clientId}`, ...(ctx.fflogs.fromEnv ? { note: ENV_WINS } : {}) };
  }),

  /** Fetches a token with the credentials in use: "Connected as client …", or what went wrong. */
  check: adminProcedure.mutation(async ({ ctx }) => {
    const source = await fflogsSource(ctx.db, ctx.fflogs);
    if (source === null) return { ok: false, message: "No FFLogs API client is set: enter one below" };
    try {
      await ctx.fflogs.check();
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : "FFLogs could not be reached" };
    }
    const [stored] = await ctx.db.select({ clientId: fflogsCredentials.clientId }).from(fflogsCredentials);
    const who = source === "env" ? "the client in FFLOGS_CLIENT_ID" : `client ${stored?.clientId ?? "set here"}`;
    return { ok: true, message: `Connected as ${who}` };
  }),

  /** Forgets the credentials set in the app (environment variables, when set, are not affected). */
  clearCredentials: adminProcedure.mutation(async ({ ctx }) => {
    const removed = await ctx.db.delete(fflogsCredentials).returning({ clientId: fflogsCredentials.clientId });
    return { cleared: removed.length > 0 };
  }),
} satisfies TRPCRouterRecord;
