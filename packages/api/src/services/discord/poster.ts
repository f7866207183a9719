// Posting a night's recap to a static's Discord webhook, exactly once per session (issue 16).
// Two steps, both on the application's own database like the ingestion worker:
// - ended sessions: reports a static with a webhook watches whose ingestion finished (a live one
//   once it has had no new pull for DISCORD_SESSION_IDLE_MINUTES) give the sessions they belong to
//   a pending row in discord_posts; the row's key (static, encounter, session) makes it once;
// - due posts: a pending row is claimed with a lease (a second process or poller skips it), the
//   recap built in the static's bound transaction, posted outside any transaction, and the outcome
//   recorded: sent (Discord's message id), pending again (429/5xx/network, with backoff honouring
//   retry_after) or failed in words, after a bounded number of attempts.
// Only ids cross the tenant boundary (app.discord_ended_reports, app.discord_due_posts, as the
// ingestion role); everything else is read under RLS, bound to a member of the static.
import type { DbHandle, TenantDb } from "@progboard/db";
import { discordPosts, discordWebhooks, queryRows, watchedReports } from "@progboard/db";
import { LIMITS } from "@progboard/domain";
import { and, eq, sql } from "drizzle-orm";
import { view, views } from "../../router/analysis";
import type { AnalysisCache } from "../analysis/cache";
import { listAnalysedEncounters } from "../analysis/load";
import { renderProgCurve } from "./curve";
import { buildRecapPayload } from "./recap";
import { executeWebhook, parseWebhookUrl, type WebhookOutcome } from "./webhook";

export const CURVE_FILE_NAME = "prog-curve.png";

export interface DiscordPosterOptions {
  analysisCache: AnalysisCache;
  /** Discord's API (tests: the fake's address). */
  apiBase?: string;
  fetch?: typeof fetch;
  /** A live report's session ends this long after its last pull. */
  idleMinutes: number;
  /** How long a claim holds before another poster may take the post over. */
  leaseMs?: number;
  /** Attempts before a post is failed for good. */
  maxAttempts?: number;
  /** The first backoff after a 5xx or a network error; doubled each attempt, at most maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
  /** Reports and posts looked at per round. */
  batch?: number;
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

export const DISCORD_DEFAULTS = {
  apiBase: "https://discord.com",
  leaseMs: 2 * 60_000,
  maxAttempts: 6,
  backoffMs: 30_000,
  maxBackoffMs: 30 * 60_000,
  timeoutMs: 15_000,
  batch: 20,
} as const;

type Handle = Pick<DbHandle, "withWorkerTenant" | "withIngestion">;

/**
 * What the static calls a session: a report session by the label it gave the report ("Tuesday"),
 * else the analysis's label (a date, a report code). At most a session key's length.
 */
export async function sessionName(db: TenantDb, staticId: number, sessionKey: string, fallback: string): Promise<string> {
  let name = fallback;
  if (sessionKey.startsWith("report:")) {
    const [watched] = await db
      .select({ label: watchedReports.label })
      .from(watchedReports)
      .where(and(eq(watchedReports.staticId, staticId), eq(watchedReports.code, sessionKey.slice("report:".length))));
    if (watched?.label) name = watched.label;
  }
  return name.slice(0, LIMITS.sessionKey.maxLength);
}

/** The Night page's session of a static in words, as the post's title. */
function titleOf(encounterName: string | null, sessionLabel: string): string {
  return `${encounterName ?? "Prog"} – ${sessionLabel}`;
}

/**
 * Looks at reports whose ingestion finished since each static's watermark (a live report once it
 * went quiet) and gives each session they hold a pending post, unless it has one already. Returns
 * the posts it queued.
 */
export async function queueEndedSessions(
  handle: Handle,
  options: DiscordPosterOptions,
): Promise<{ staticId: number; encounterId: number; sessionKey: string }[]> {
  const idleSeconds = Math.max(0, Math.round(options.idleMinutes * 60));
  const ended = await handle.withIngestion((tx) =>
    queryRows<{ static_id: number; user_id: number | null; time_zone: string; report_code: string; finished_at: Date | string }>(
      tx,
      sql`select static_id, user_id, time_zone, report_code, finished_at from app.discord_ended_reports(${idleSeconds}, ${options.batch ?? DISCORD_DEFAULTS.batch})`,
    ),
  );
  const byStatic = new Map<number, { userId: number; timeZone: string; reports: { code: string; finishedAt: Date }[] }>();
  for (const row of ended) {
    if (row.user_id === null) continue;
    const entry = byStatic.get(row.static_id) ?? { userId: row.user_id, timeZone: row.time_zone, reports: [] };
    entry.reports.push({ code: row.report_code, finishedAt: new Date(row.finished_at) });
    byStatic.set(row.static_id, entry);
  }
  const queued: { staticId: number; encounterId: number; sessionKey: string }[] = [];
  for (const [staticId, { userId, timeZone, reports }] of byStatic) {
    try {
      await handle.withWorkerTenant({ userId, staticId }, async (db) => {
        for (const { code } of reports) {
          for (const { encounterId } of await listAnalysedEncounters(db, staticId, code)) {
            const scope = { encounterId, code };
            const ctx = { db, analysisCache: options.analysisCache, staticId, timeZone, viewer: "owner" };
            const sessions = await view(ctx, "sessions", scope, (a) => views.sessions(a, scope));
            for (const s of sessions) {
              if (s.sessionKey.length > LIMITS.sessionKey.maxLength) continue;
              const rows = await db
                .insert(discordPosts)
                .values({
                  staticId,
                  encounterId,
                  sessionKey: s.sessionKey,
                  sessionLabel: (await sessionName(db, staticId, s.sessionKey, s.sessionLabel)) || null,
                  trigger: "auto",
                })
                .onConflictDoNothing()
                .returning({ sessionKey: discordPosts.sessionKey });
              if (rows.length > 0) queued.push({ staticId, encounterId, sessionKey: s.sessionKey });
            }
          }
        }
        const through = new Date(Math.max(...reports.map((r) => r.finishedAt.getTime())));
        await db
          .update(discordWebhooks)
          .set({ checkedThrough: sql`greatest(${discordWebhooks.checkedThrough}, ${through.toISOString()}::timestamptz)` })
          .where(eq(discordWebhooks.staticId, staticId));
      });
    } catch (error) {
      // The static went away, its member left between the lookup and the bind: the next round sees.
      options.log?.("warn", "discord: could not look at a static's ended sessions", { staticId, error });
    }
  }
  if (queued.length > 0) options.log?.("info", "discord: sessions ended, recaps queued", { posts: queued.length });
  return queued;
}

interface Claimed {
  staticId: number;
  userId: number;
  encounterId: number;
  sessionKey: string;
  attempts: number;
}

/** The backoff after the `attempts`-th attempt failed with a retryable error. */
export function backoffMs(attempts: number, options: Pick<DiscordPosterOptions, "backoffMs" | "maxBackoffMs">): number {
  const base = options.backoffMs ?? DISCORD_DEFAULTS.backoffMs;
  const max = options.maxBackoffMs ?? DISCORD_DEFAULTS.maxBackoffMs;
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

const keyOf = (c: Pick<Claimed, "staticId" | "encounterId" | "sessionKey">) =>
  and(eq(discordPosts.staticId, c.staticId), eq(discordPosts.encounterId, c.encounterId), eq(discordPosts.sessionKey, c.sessionKey));

async function record(db: TenantDb, claim: Claimed, outcome: WebhookOutcome, options: DiscordPosterOptions): Promise<string> {
  const maxAttempts = options.maxAttempts ?? DISCORD_DEFAULTS.maxAttempts;
  // Only the claim that is still ours: a poster whose lease ran out and was taken over records nothing.
  const ours = and(keyOf(claim), eq(discordPosts.attempts, claim.attempts), eq(discordPosts.status, "pending"));
  if (outcome.kind === "sent") {
    await db
      .update(discordPosts)
      .set({ status: "sent", messageId: outcome.messageId, lastError: null, leaseUntil: null, sentAt: sql`now()`, updatedAt: sql`now()` })
      .where(ours);
    return "sent";
  }
  const reason = outcome.reason.slice(0, LIMITS.discordPostError.maxLength);
  if (outcome.kind === "retry" && claim.attempts < maxAttempts) {
    const wait = outcome.afterMs ?? backoffMs(claim.attempts, options);
    await db
      .update(discordPosts)
      .set({
        lastError: reason,
        leaseUntil: null,
        nextAttemptAt: sql`now() + ${wait} * interval '1 millisecond'`,
        updatedAt: sql`now()`,
      })
      .where(ours);
    return "pending";
  }
  const final =
    outcome.kind === "retry"
      ? `${reason} (gave up after ${claim.attempts} ${claim.attempts === 1 ? "attempt" : "attempts"})`.slice(0, LIMITS.discordPostError.maxLength)
      : reason;
  await db.update(discordPosts).set({ status: "failed", lastError: final, leaseUntil: null, updatedAt: sql`now()` }).where(ours);
  return "failed";
}

/**
 * Claims the posts that are due and posts them, one by one. Returns what became of each
 * ("sent", "pending" again, "failed"); posts another poster claimed first are not in it.
 */
export async function postDue(
  handle: Handle,
  options: DiscordPosterOptions,
): Promise<{ staticId: number; encounterId: number; sessionKey: string; status: string }[]> {
  const leaseMs = options.leaseMs ?? DISCORD_DEFAULTS.leaseMs;
  const due = await handle.withIngestion((tx) =>
    queryRows<{ static_id: number; user_id: number | null; time_zone: string; encounter_id: number; session_key: string }>(
      tx,
      sql`select static_id, user_id, time_zone, encounter_id, session_key from app.discord_due_posts(${options.batch ?? DISCORD_DEFAULTS.batch})`,
    ),
  );
  const done: { staticId: number; encounterId: number; sessionKey: string; status: string }[] = [];
  for (const row of due) {
    if (row.user_id === null) continue;
    const tenant = { userId: row.user_id, staticId: row.static_id };
    const key = { staticId: row.static_id, encounterId: row.encounter_id, sessionKey: row.session_key };
    try {
      // 1. Claim (lease, one more attempt) and build the recap, in one bound transaction.
      const prepared = await handle.withWorkerTenant(tenant, async (db) => {
        const [claimed] = await db
          .update(discordPosts)
          .set({ leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`, attempts: sql`${discordPosts.attempts} + 1`, updatedAt: sql`now()` })
          .where(
            and(
              keyOf(key),
              eq(discordPosts.status, "pending"),
              sql`${discordPosts.nextAttemptAt} <= now()`,
              sql`(${discordPosts.leaseUntil} is null or ${discordPosts.leaseUntil} < now())`,
            ),
          )
          .returning({ attempts: discordPosts.attempts });
        if (!claimed) return null;
        const claim: Claimed = { ...key, userId: row.user_id as number, attempts: claimed.attempts };
        const [hook] = await queryRows<{ url: string | null }>(db, sql`select app.discord_webhook_url() as url`);
        const address = hook?.url ? parseWebhookUrl(hook.url) : null;
        if (!address) {
          await record(
            db,
            claim,
            { kind: "failed", reason: "No Discord webhook is set: an owner sets one on the Night tab, under Discord" },
            options,
          );
          return null;
        }
        let night: ReturnType<typeof views.night>;
        try {
          const scope = { encounterId: key.encounterId, session: key.sessionKey };
          const ctx = { db, analysisCache: options.analysisCache, staticId: key.staticId, timeZone: row.time_zone, viewer: "owner" };
          night = await view(ctx, "night", scope, (a) => views.night(a, scope));
        } catch {
          await record(db, claim, { kind: "failed", reason: "This night has no pulls any more (its reports were removed)" }, options);
          return null;
        }
        const encounterName = night.session.pulls[0]?.name ?? null;
        const name = await sessionName(db, key.staticId, key.sessionKey, night.sessionLabel);
        const payload = buildRecapPayload(night, { title: titleOf(encounterName, name), imageName: CURVE_FILE_NAME });
        return { claim, address, payload, png: renderProgCurve(night) };
      });
      if (!prepared) continue;
      // 2. Post, outside any transaction.
      const outcome = await executeWebhook(
        prepared.address,
        prepared.payload,
        { name: CURVE_FILE_NAME, bytes: prepared.png },
        { apiBase: options.apiBase ?? DISCORD_DEFAULTS.apiBase, fetch: options.fetch, timeoutMs: options.timeoutMs ?? DISCORD_DEFAULTS.timeoutMs },
      );
      // 3. Record what became of it.
      const status = await handle.withWorkerTenant(tenant, (db) => record(db, prepared.claim, outcome, options));
      // Never the token: the webhook's id and the outcome in words.
      options.log?.(status === "sent" ? "info" : "warn", `discord: recap ${status}`, {
        staticId: key.staticId,
        webhookId: prepared.address.id,
        session: key.sessionKey,
        attempt: prepared.claim.attempts,
        ...(outcome.kind === "sent" ? {} : { reason: outcome.reason }),
      });
      done.push({ ...key, status });
    } catch (error) {
      // The database went away mid-way: the lease runs out and the post is taken up again.
      options.log?.("error", "discord: a post could not be made or recorded", { staticId: key.staticId, session: key.sessionKey, error });
    }
  }
  return done;
}

export interface DiscordPoster {
  /** Look at ended sessions and due posts now (after Post now). */
  wake(): void;
  /** One round, for tests and the CLI: ended sessions, then due posts. */
  round(): Promise<void>;
  stop(): Promise<void>;
}

/** The poster's loop: a round every `intervalMs`, or at once when woken. */
export function startDiscordPoster(handle: Handle, options: DiscordPosterOptions & { intervalMs: number }, { autostart = true } = {}): DiscordPoster {
  const controller = new AbortController();
  let wake: (() => void) | null = null;
  let woken = false;
  const round = async () => {
    await queueEndedSessions(handle, options);
    await postDue(handle, options);
  };
  const loop = async () => {
    while (!controller.signal.aborted) {
      try {
        await round();
      } catch (error) {
        options.log?.("error", "discord poster error", { error });
      }
      if (woken) {
        woken = false;
        continue;
      }
      // Asked to stop during the round: no wait (an abort listener added now would never fire).
      if (controller.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          controller.signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, options.intervalMs);
        wake = done;
        controller.signal.addEventListener("abort", done, { once: true });
      });
      wake = null;
    }
  };
  const running = autostart ? loop() : Promise.resolve();
  return {
    wake() {
      woken = true;
      wake?.();
    },
    round,
    async stop() {
      controller.abort();
      wake?.();
      await running;
    },
  };
}
