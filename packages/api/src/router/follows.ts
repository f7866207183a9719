// Follows (issue 15): the FFLogs guild or user whose new reports the static watches as they appear
// (services/follows.ts polls them). Static-scoped like everything a static owns.
import { reportFollows } from "@progboard/db";
import { FFLOGS_REGIONS, type FollowOwner, LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError, conflict, mapViolations, notFound } from "../errors";
import { FFLOGS_NOT_SET_UP, fflogsSource } from "../services/fflogs";
import { FOLLOW_BACKFILL_MS, followTarget, ownerOf } from "../services/follows";
import { staticProcedure } from "../trpc";
import { atMost, id } from "./inputs";

const followNotFound = () => notFound("This static follows no such guild or user");

const guild = z.strictObject({
  name: z.string().trim().min(1, "The guild's name is required").max(LIMITS.guildName.maxLength, atMost(LIMITS.guildName.maxLength)),
  // FFLogs' server slug: lower case, words joined by dashes ("Tonberry" → "tonberry").
  server: z
    .string()
    .trim()
    .min(1, "The guild's server is required")
    .max(LIMITS.server.maxLength, atMost(LIMITS.server.maxLength))
    .transform((s) => s.toLowerCase().replace(/\s+/g, "-"))
    .refine((s) => /^[a-z0-9'-]+$/.test(s), "A server name is letters, digits and dashes (e.g. tonberry)"),
  region: z.enum(FFLOGS_REGIONS, { error: `The region is one of ${FFLOGS_REGIONS.join(", ")}` }),
});

const createInput = z
  .strictObject({
    guild: guild.optional(),
    fflogsUserId: id.optional(),
    onlyProgressed: z.boolean().optional(),
  })
  .refine((input) => (input.guild === undefined) !== (input.fflogsUserId === undefined), {
    message: "Follow either a guild (name, server, region) or an FFLogs user id",
  });

function describe(owner: FollowOwner): string {
  return owner.kind === "guild" ? `the guild ${owner.name} (${owner.server}, ${owner.region})` : `FFLogs user ${owner.userId}`;
}

const columns = {
  id: reportFollows.id,
  kind: reportFollows.kind,
  guildName: reportFollows.guildName,
  guildServer: reportFollows.guildServer,
  guildRegion: reportFollows.guildRegion,
  fflogsUserId: reportFollows.fflogsUserId,
  onlyProgressed: reportFollows.onlyProgressed,
  since: reportFollows.since,
  lastPolledAt: reportFollows.lastPolledAt,
  lastError: reportFollows.lastError,
  reportsWatched: reportFollows.reportsWatched,
  createdAt: reportFollows.createdAt,
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] } & { kind: "guild" | "user" };

function shape(row: Row) {
  const owner = ownerOf(row);
  return {
    id: row.id,
    owner,
    describe: describe(owner),
    onlyProgressed: row.onlyProgressed,
    /** Reports that started before this (epoch ms) are not looked at again. */
    since: row.since,
    lastPolledAt: row.lastPolledAt,
    lastError: row.lastError,
    reportsWatched: row.reportsWatched,
    createdAt: row.createdAt,
  };
}

export const followsRouter = {
  list: staticProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .select(columns)
      .from(reportFollows)
      .where(eq(reportFollows.staticId, ctx.staticId))
      .orderBy(desc(reportFollows.createdAt), reportFollows.id);
    return rows.map((row) => shape(row as Row));
  }),

  /** Follows a guild (name, server, region) or an FFLogs user: its reports of the last week, then every new one. */
  create: staticProcedure.input(createInput).mutation(async ({ ctx, input }) => {
    if ((await fflogsSource(ctx.db, ctx.fflogs)) === null) throw new ApiError("BAD_REQUEST", FFLOGS_NOT_SET_UP);
    const owner: FollowOwner = input.guild
      ? { kind: "guild", name: input.guild.name, server: input.guild.server, region: input.guild.region }
      : { kind: "user", userId: input.fflogsUserId ?? 0 };
    const [{ n } = { n: 0 }] = await ctx.db.select({ n: count() }).from(reportFollows).where(eq(reportFollows.staticId, ctx.staticId));
    if (n >= LIMITS.followsPerStatic.max) {
      throw new ApiError("BAD_REQUEST", `A static follows at most ${LIMITS.followsPerStatic.max} guilds or users: remove one first`);
    }
    const [row] = await mapViolations(
      ctx.db
        .insert(reportFollows)
        .values({
          staticId: ctx.staticId,
          kind: owner.kind,
          target: followTarget(owner),
          guildName: owner.kind === "guild" ? owner.name : null,
          guildServer: owner.kind === "guild" ? owner.server : null,
          guildRegion: owner.kind === "guild" ? owner.region : null,
          fflogsUserId: owner.kind === "user" ? owner.userId : null,
          onlyProgressed: input.onlyProgressed ?? false,
          since: Date.now() - FOLLOW_BACKFILL_MS,
          createdBy: ctx.user.id,
        })
        .returning(columns),
      { unique: () => conflict(`This static already follows ${describe(owner)}`) },
    );
    if (!row) throw new Error("the insert returned no row");
    return shape(row as Row);
  }),

  update: staticProcedure.input(z.strictObject({ id, onlyProgressed: z.boolean() })).mutation(async ({ ctx, input }) => {
    const [row] = await ctx.db
      .update(reportFollows)
      .set({ onlyProgressed: input.onlyProgressed })
      .where(and(eq(reportFollows.staticId, ctx.staticId), eq(reportFollows.id, input.id)))
      .returning(columns);
    if (!row) throw followNotFound();
    return shape(row as Row);
  }),

  /** Stops following; reports it already watches stay watched. */
  remove: staticProcedure.input(z.strictObject({ id })).mutation(async ({ ctx, input }) => {
    const removed = await ctx.db
      .delete(reportFollows)
      .where(and(eq(reportFollows.staticId, ctx.staticId), eq(reportFollows.id, input.id)))
      .returning({ id: reportFollows.id });
    if (removed.length === 0) throw followNotFound();
    return { removed: true as const };
  }),
} satisfies TRPCRouterRecord;
