// FFLogs access (issue 15): everyone may ask whether this instance can fetch from FFLogs (the Watch
// form and the Follow section explain what is missing); instance admins set the API client. The
// secret is write-only: no procedure returns it, errors never carry it, and the request role
// cannot even read its column back (migrations/0011).
import { type Database, fflogsCredentials, users } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError, notFound } from "../errors";
import { fflogsSource } from "../services/fflogs";
import { protectedProcedure } from "../trpc";

/**
 * Instance admins only (`users.is_admin`). Anyone else gets the NOT_FOUND of a call that does not
 * exist: the admin surface is not shown to others.
 */
const adminOnly = protectedProcedure.use(async ({ ctx, next }) => {
  await assertAdmin(ctx.db, ctx.user.id);
  return next();
});

async function assertAdmin(db: Database, userId: number): Promise<void> {
  const [row] = await db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, userId));
  if (!row?.isAdmin) throw notFound("Not found");
}

const credentialsInput = z.strictObject({
  clientId: z.string().trim().min(1, "The client id is required").max(LIMITS.fflogsClientId.maxLength),
  clientSecret: z.string().trim().min(1, "The client secret is required").max(LIMITS.fflogsClientSecret.maxLength),
});

const ENV_WINS =
  "FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET are set on this server: they are used, and credentials set here wait until they are unset";

export const fflogsRouter = {
  /** Whether reports can be fetched from FFLogs here, and whether the caller could set that up. */
  status: protectedProcedure.query(async ({ ctx }) => {
    const [me] = await ctx.db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, ctx.user.id));
    const source = await fflogsSource(ctx.db, ctx.fflogs);
    const isAdmin = me?.isAdmin ?? false;
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
  setCredentials: protectedProcedure.input(credentialsInput).mutation(async ({ ctx, input }) => {
    // After the input is checked (a smuggled key is BAD_REQUEST for everyone, as everywhere).
    await assertAdmin(ctx.db, ctx.user.id);
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
  check: adminOnly.mutation(async ({ ctx }) => {
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
  clearCredentials: adminOnly.mutation(async ({ ctx }) => {
    const removed = await ctx.db.delete(fflogsCredentials).returning({ clientId: fflogsCredentials.clientId });
    return { cleared: removed.length > 0 };
  }),
} satisfies TRPCRouterRecord;
