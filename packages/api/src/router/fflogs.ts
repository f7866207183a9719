// FFLogs access (issue 15): everyone may ask whether this instance can fetch from FFLogs (the Watch
// form and the Follow section explain what is missing); instance admins (adminProcedure: FORBIDDEN
// for anyone else) set the API client. The
// secret is write-only: no procedure returns it, errors never carry it, and the request role
// cannot even read its column back (migrations/0011).
import { clearFflogsCredentialsAs, fflogsCredentials, NOT_AN_ADMIN, setFflogsCredentialsAs, sqlState, users } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../errors";
import { fflogsSource } from "../services/fflogs";
import { actingAs, adminProcedure, protectedProcedure } from "../trpc";

const credentialsInput = z.strictObject({
  clientId: z.string().trim().min(1, "The client id is required").max(LIMITS.fflogsClientId.maxLength),
  clientSecret: z.string().trim().min(1, "The client secret is required").max(LIMITS.fflogsClientSecret.maxLength),
});

const ENV_WINS =
  "FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET are set on this server: they are used, and credentials set here wait until they are unset";

const ONLY_ADMINS = "Only an administrator of this instance can do that";

/** The database's own admin check (PB012) in words, should the flag change between the two. */
async function asInstanceAdmin<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (sqlState(error) === NOT_AN_ADMIN) throw new ApiError("FORBIDDEN", ONLY_ADMINS);
    throw error;
  }
}

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
    // Written by app.set_fflogs_credentials, which checks the caller is an instance admin itself
    // (the request role cannot write the table: migrations/0019), and recorded in admin_log.
    await asInstanceAdmin(setFflogsCredentialsAs(ctx.db, actingAs(ctx), input.clientId, input.clientSecret));
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
    const removed = await asInstanceAdmin(clearFflogsCredentialsAs(ctx.db, actingAs(ctx)));
    return { cleared: removed !== null };
  }),
} satisfies TRPCRouterRecord;
