// Posting the night's recap to Discord (issue 16): the static's webhook (owners set and clear it;
// its token is written, never read back: clients see the webhook's id only), the posts' statuses,
// and "Post now". Posting itself is the poster's (services/discord/poster.ts): Post now queues the
// session's post and wakes it; a session is posted once, whoever asks.
import { discordPosts, discordWebhooks, users } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { ApiError, conflict } from "../errors";
import { recordAudit } from "../services/audit";
import { sessionName } from "../services/discord/poster";
import { parseWebhookUrl } from "../services/discord/webhook";
import { ownerProcedure, staticProcedure } from "../trpc";
import { loadNight, sessionKey } from "./analysis";
import { encounterId } from "./inputs";

export const NOT_A_WEBHOOK =
  "That is not a Discord webhook address: in Discord, open the channel's settings → Integrations → Webhooks → Copy Webhook URL (it looks like https://discord.com/api/webhooks/<id>/<token>)";
export const NO_WEBHOOK = "No Discord webhook is set: an owner sets one on the Night tab, under Discord";

const postColumns = {
  encounterId: discordPosts.encounterId,
  sessionKey: discordPosts.sessionKey,
  sessionLabel: discordPosts.sessionLabel,
  status: discordPosts.status,
  trigger: discordPosts.trigger,
  attempts: discordPosts.attempts,
  lastError: discordPosts.lastError,
  nextAttemptAt: discordPosts.nextAttemptAt,
  sentAt: discordPosts.sentAt,
  updatedAt: discordPosts.updatedAt,
};

const sessionRef = z.strictObject({ encounterId, session: sessionKey });

export const discordRouter = {
  /**
   * Whether a webhook is set (its id, who set it and when; never its token), the latest posts and,
   * when a session is named, that session's post. The demo has none.
   */
  get: staticProcedure
    .input(z.strictObject({ encounterId: encounterId.optional(), session: sessionKey.optional() }))
    .query(async ({ ctx, input }) => {
      // The demo reader may not read a static's Discord settings at all (migrations/0018).
      if (ctx.demo) return { webhook: null, posts: [], session: null, canManage: false, demo: true };
      const [webhook] = await ctx.db
        .select({ webhookId: discordWebhooks.webhookId, setAt: discordWebhooks.setAt, setBy: users.username })
        .from(discordWebhooks)
        .leftJoin(users, eq(users.id, discordWebhooks.setBy))
        .where(eq(discordWebhooks.staticId, ctx.staticId));
      const posts = await ctx.db
        .select(postColumns)
        .from(discordPosts)
        .where(eq(discordPosts.staticId, ctx.staticId))
        .orderBy(desc(discordPosts.updatedAt), desc(discordPosts.sessionKey))
        .limit(10);
      let session = null;
      if (input.encounterId !== undefined && input.session !== undefined) {
        const [row] = await ctx.db
          .select(postColumns)
          .from(discordPosts)
          .where(
            and(eq(discordPosts.staticId, ctx.staticId), eq(discordPosts.encounterId, input.encounterId), eq(discordPosts.sessionKey, input.session)),
          );
        session = row ?? null;
      }
      return { webhook: webhook ?? null, posts, session, canManage: ctx.role === "owner", demo: false };
    }),

  /** Sets (or replaces) the webhook: owners only; anything but a Discord webhook address is refused in words. */
  setWebhook: ownerProcedure
    .meta({ ownerAction: "set the Discord webhook" })
    .input(z.strictObject({ url: z.string().trim().min(1, NOT_A_WEBHOOK).max(LIMITS.discordWebhookUrl.maxLength, NOT_A_WEBHOOK) }))
    .mutation(async ({ ctx, input }) => {
      const address = parseWebhookUrl(input.url);
      if (!address) throw new ApiError("BAD_REQUEST", NOT_A_WEBHOOK);
      // A new webhook looks only at what ends from now on: the nights before it are not posted.
      const values = { webhookId: address.id, url: input.url, setBy: ctx.user.id, setAt: sql`now()`, checkedThrough: sql`now()` };
      await ctx.db
        .insert(discordWebhooks)
        .values({ staticId: ctx.staticId, ...values })
        .onConflictDoUpdate({ target: discordWebhooks.staticId, set: values });
      await recordAudit(ctx.db, { staticId: ctx.staticId, action: "discord.webhook_set", subject: `webhook ${address.id}` });
      return { webhookId: address.id };
    }),

  /** Removes the webhook: owners only. Posts not made yet fail in words when their time comes. */
  clearWebhook: ownerProcedure.meta({ ownerAction: "remove the Discord webhook" }).mutation(async ({ ctx }) => {
    const removed = await ctx.db
      .delete(discordWebhooks)
      .where(eq(discordWebhooks.staticId, ctx.staticId))
      .returning({ webhookId: discordWebhooks.webhookId });
    if (removed.length > 0) await recordAudit(ctx.db, { staticId: ctx.staticId, action: "discord.webhook_cleared" });
    return { removed: removed.length > 0 };
  }),

  /**
   * "Post now": queues the session's recap for the poster, any member (a session is posted once,
   * so asking twice posts nothing more). A post that failed is tried again from its first attempt;
   * one already sent is not sent again (CONFLICT, in words).
   */
  postNow: staticProcedure.input(sessionRef).mutation(async ({ ctx, input }) => {
    // The session must exist (NOT_FOUND in words otherwise), then the webhook.
    const night = await loadNight(ctx, input);
    const [webhook] = await ctx.db
      .select({ webhookId: discordWebhooks.webhookId })
      .from(discordWebhooks)
      .where(eq(discordWebhooks.staticId, ctx.staticId));
    if (!webhook) throw new ApiError("BAD_REQUEST", NO_WEBHOOK);
    const fresh = {
      status: "pending" as const,
      trigger: "manual" as const,
      sessionLabel: (await sessionName(ctx.db, ctx.staticId, input.session, night.sessionLabel)) || null,
      requestedBy: ctx.user.id,
      attempts: 0,
      lastError: null,
    };
    const [queued] = await ctx.db
      .insert(discordPosts)
      .values({ staticId: ctx.staticId, encounterId: input.encounterId, sessionKey: input.session, ...fresh })
      .onConflictDoUpdate({
        target: [discordPosts.staticId, discordPosts.encounterId, discordPosts.sessionKey],
        set: { ...fresh, nextAttemptAt: sql`now()`, leaseUntil: null, updatedAt: sql`now()` },
        setWhere: eq(discordPosts.status, "failed"),
      })
      .returning(postColumns);
    if (queued) {
      ctx.discord?.wake();
      return queued;
    }
    const [existing] = await ctx.db
      .select(postColumns)
      .from(discordPosts)
      .where(
        and(eq(discordPosts.staticId, ctx.staticId), eq(discordPosts.encounterId, input.encounterId), eq(discordPosts.sessionKey, input.session)),
      );
    if (existing?.status === "sent")
      throw conflict(
        `This night was already posted to Discord${existing.sentAt ? ` (${existing.sentAt.toISOString().slice(0, 16).replace("T", " ")} UTC)` : ""}`,
      );
    ctx.discord?.wake();
    // Pending already: it goes out with the poster's next round.
    if (!existing) throw conflict("This night's post changed while queuing it: try again");
    return existing;
  }),
} satisfies TRPCRouterRecord;
