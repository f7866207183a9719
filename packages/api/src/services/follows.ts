// Following a static's FFLogs guild or user (issue 15): on the poll interval, the poller lists each
// due follow's new reports and watches them through the one watch path (watchReport), live while
// they are still being logged. Bounded: follows per poll, pages per follow, reports per follow.
import {
  type DbHandle,
  fights,
  progPoints,
  queryRows,
  reportFollows,
  stratConfig,
  TenantBindError,
  type TenantDb,
  watchedReports,
} from "@progboard/db";
import { type FollowOwner, isFflogsReportCode } from "@progboard/domain";
import { and, eq, inArray, sql } from "drizzle-orm";
import { watchReport } from "./watched-reports";

export interface FollowListing {
  code: string;
  startTime: number;
  endTime: number;
  /** The encounters of its fights (trash left out). */
  encounterIds: number[];
}

/** One page of an owner's reports from FFLogs, newest first (the FFLogs client's listReports). */
export type ListReports = (
  owner: FollowOwner,
  options: { startTime: number; page: number; limit: number },
) => Promise<{ reports: FollowListing[]; hasMorePages: boolean; skipped?: string[] }>;

export interface PollFollowsOptions {
  /** The FFLogs client's listReports; null while FFLogs is not set up (nothing is polled). */
  list: ListReports | null;
  /** A follow is looked at again once this long has passed. */
  intervalMs: number;
  now?: () => number;
  /** Follows looked at in one poll (the rest wait for the next). Default 20. */
  followsPerPoll?: number;
  /** Pages of an owner's list read in one look. Default 4. */
  pagesPerPoll?: number;
  /** Reports a page holds. Default 25. */
  pageSize?: number;
  /** New reports one look watches (oldest first; the rest at the next look). Default 10. */
  reportsPerPoll?: number;
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
  /** Shutting down: once aborted, no further follow is looked at (the one under way finishes); the rest wait for the next start. */
  signal?: AbortSignal;
}

export interface FollowPollResult {
  followId: number;
  staticId: number;
  watched: string[];
  error: string | null;
}

/** A report still being logged: its last event is this recent. Watched live until it is older. */
export const LIVE_WINDOW_MS = 30 * 60_000;
/** How far back a new follow looks: last week's reports are watched at once. */
export const FOLLOW_BACKFILL_MS = 7 * 24 * 3_600_000;

/** Reasons kept of what one look skipped (a follow's log line says at most this many). */
const MAX_SKIPPED_REASONS = 5;

/**
 * A listing as the poll uses it, else why not: the list function is FFLogs' word, so each item is
 * checked here too (an FFLogs code, never a `file:` key; whole non-negative times; a bounded
 * encounter list) before its code reaches a query.
 */
function checkListing(item: unknown): FollowListing | string {
  if (typeof item !== "object" || item === null) return "not a report";
  const r = item as Record<string, unknown>;
  if (!isFflogsReportCode(r.code)) return "code: not an FFLogs report code";
  const time = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!time(r.startTime)) return `${r.code}: startTime is not a time`;
  if (!time(r.endTime)) return `${r.code}: endTime is not a time`;
  const ids = Array.isArray(r.encounterIds) ? r.encounterIds.slice(0, MAX_ENCOUNTERS) : [];
  return {
    code: r.code,
    startTime: r.startTime as number,
    endTime: r.endTime as number,
    encounterIds: ids.filter((id): id is number => Number.isSafeInteger(id)),
  };
}

/** Encounters one listing may name: a report holds a handful. */
const MAX_ENCOUNTERS = 100;

/** The key a follow is unique by within its static. */
export function followTarget(owner: FollowOwner): string {
  return owner.kind === "guild" ? `guild:${owner.region}/${owner.server}/${owner.name.toLowerCase()}` : `user:${owner.userId}`;
}

/** What the follow is of, from its row. */
export function ownerOf(row: {
  kind: "guild" | "user";
  guildName: string | null;
  guildServer: string | null;
  guildRegion: string | null;
  fflogsUserId: number | null;
}): FollowOwner {
  return row.kind === "guild"
    ? { kind: "guild", name: row.guildName ?? "", server: row.guildServer ?? "", region: row.guildRegion ?? "" }
    : { kind: "user", userId: row.fflogsUserId ?? 0 };
}

/** Encounters the static progresses: in its watched reports' pulls, its strats and its prog points. */
export async function progressedEncounters(db: TenantDb, staticId: number): Promise<Set<number>> {
  const [pulled, strats, points] = await Promise.all([
    db
      .selectDistinct({ id: fights.encounterId })
      .from(fights)
      .innerJoin(watchedReports, and(eq(watchedReports.code, fights.reportCode), eq(watchedReports.staticId, staticId)))
      .where(sql`${fights.encounterId} > 0`),
    db.selectDistinct({ id: stratConfig.encounterId }).from(stratConfig).where(eq(stratConfig.staticId, staticId)),
    db.selectDistinct({ id: progPoints.encounterId }).from(progPoints).where(eq(progPoints.staticId, staticId)),
  ]);
  return new Set([...pulled, ...strats, ...points].map((row) => row.id));
}

/**
 * Looks at every due follow once: lists its owner's reports since its cursor (no transaction held
 * while FFLogs answers), then, bound to the static, watches the new ones and moves the cursor.
 * A follow's failure is recorded on it in words and does not stop the others.
 */
export async function pollFollows(
  handle: Pick<DbHandle, "withWorkerTenant" | "withIngestion">,
  options: PollFollowsOptions,
): Promise<FollowPollResult[]> {
  const list = options.list;
  if (!list) return [];
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const pagesPerPoll = options.pagesPerPoll ?? 4;
  const pageSize = options.pageSize ?? 25;
  const reportsPerPoll = options.reportsPerPoll ?? 10;
  const due = await handle.withIngestion((tx) =>
    queryRows<{ static_id: number; follow_id: number; user_id: number }>(
      tx,
      sql`select static_id, follow_id, user_id from app.due_follows(${Math.max(0, Math.floor(options.intervalMs / 1000) - 1)}, ${options.followsPerPoll ?? 20})`,
    ),
  );

  const results: FollowPollResult[] = [];
  for (const { static_id: staticId, follow_id: followId, user_id: userId } of due) {
    if (options.signal?.aborted) break;
    const tenant = { userId, staticId };
    try {
      const seen = await handle.withWorkerTenant(
        tenant,
        async (db) => {
          const [follow] = await db
            .select()
            .from(reportFollows)
            .where(and(eq(reportFollows.staticId, staticId), eq(reportFollows.id, followId)));
          if (!follow) return null;
          return { follow, progressed: follow.onlyProgressed ? await progressedEncounters(db, staticId) : null };
        },
        { readOnly: true },
      );
      if (!seen) continue;
      const { follow, progressed } = seen;
      const owner = ownerOf(follow);

      let listed: FollowListing[] = [];
      const skipped: string[] = [];
      let skippedCount = 0;
      const skip = (reason: string) => {
        skippedCount++;
        if (skipped.length < MAX_SKIPPED_REASONS) skipped.push(reason);
      };
      let error: string | null = null;
      let complete = true;
      try {
        for (let page = 1; page <= pagesPerPoll; page++) {
          const answer = await list(owner, { startTime: follow.since, page, limit: pageSize });
          // At most a page's worth, each checked: what is past it or bad is skipped, not fatal.
          const items: unknown[] = Array.isArray(answer.reports) ? answer.reports : [];
          if (items.length > pageSize) skip(`${items.length - pageSize} listings past the ${pageSize} a page holds`);
          for (const item of items.slice(0, pageSize)) {
            const checked = checkListing(item);
            if (typeof checked === "string") skip(checked);
            else listed.push(checked);
          }
          for (const reason of Array.isArray(answer.skipped) ? answer.skipped.slice(0, MAX_SKIPPED_REASONS) : []) skip(String(reason));
          complete = answer.hasMorePages !== true;
          if (complete) break;
        }
      } catch (failure) {
        error = failure instanceof Error ? failure.message : "FFLogs could not be reached";
        listed = [];
      }
      if (skippedCount > 0) log("warn", "follow listing skipped", { staticId, followId, count: skippedCount, skipped });

      const at = now();
      const isLive = (r: FollowListing) => at - r.endTime < LIVE_WINDOW_MS;
      // Only encounters the static progresses, when asked (a static with none yet takes everything).
      const wanted = (r: FollowListing) => !progressed || progressed.size === 0 || r.encounterIds.some((id) => progressed.has(id));
      const oldestFirst = [...new Map(listed.map((r) => [r.code, r])).values()].sort((a, b) => a.startTime - b.startTime);

      const watched = await handle.withWorkerTenant(tenant, async (db) => {
        const already = new Map(
          oldestFirst.length === 0
            ? []
            : (
                await db
                  .select({ code: watchedReports.code, live: watchedReports.live })
                  .from(watchedReports)
                  .where(
                    and(
                      eq(watchedReports.staticId, staticId),
                      inArray(
                        watchedReports.code,
                        oldestFirst.map((r) => r.code),
                      ),
                    ),
                  )
              ).map((row) => [row.code, row.live]),
        );
        const added: string[] = [];
        // The cursor moves past a report once it is settled: watched (or not wanted) and no longer
        // being logged. A report still being logged, or left for the next look, is listed again.
        let since = follow.since;
        let settled = true;
        for (const report of oldestFirst) {
          const live = isLive(report);
          let handled = true;
          if (already.has(report.code)) {
            // Finished logging: stop fetching it on every poll.
            if (already.get(report.code) && !live) {
              await db
                .update(watchedReports)
                .set({ live: false })
                .where(and(eq(watchedReports.staticId, staticId), eq(watchedReports.code, report.code)));
            }
          } else if (!wanted(report)) {
            // A report still being logged may reach a wanted encounter later: look again.
            handled = !live;
          } else if (added.length < reportsPerPoll) {
            const watch = await watchReport(db, { staticId, userId, code: report.code, live });
            if (watch) added.push(report.code);
          } else {
            handled = false;
          }
          settled &&= handled && !live;
          if (settled) since = Math.max(since, report.startTime + 1);
        }
        // More reports than one look reads: the older ones past the last page are skipped for good.
        if (!complete && oldestFirst[0]) since = Math.max(since, oldestFirst[0].startTime);
        await db
          .update(reportFollows)
          .set({
            // The database's clock, as due_follows reads it.
            lastPolledAt: sql`now()`,
            lastError: error,
            since,
            reportsWatched: sql`${reportFollows.reportsWatched} + ${added.length}`,
          })
          .where(and(eq(reportFollows.staticId, staticId), eq(reportFollows.id, followId)));
        return added;
      });
      if (watched.length) log("info", "follow watched new reports", { staticId, followId, codes: watched });
      if (error) log("warn", "follow could not list reports", { staticId, followId, error });
      results.push({ followId, staticId, watched, error });
    } catch (failure) {
      // The member it binds as left between the look-up and the bind: the next poll picks another.
      if (failure instanceof TenantBindError) continue;
      // Anything else is this follow's failure alone: said on it (its transaction rolled back, so
      // nothing of the look is kept) and in the log; the other follows are looked at all the same.
      const error = `This follow's last look failed: ${failure instanceof Error ? failure.message.slice(0, 300) : "unknown error"}`;
      log("error", "follow look failed", { staticId, followId, error: failure });
      await recordFollowFailure(handle, tenant, followId, error).catch((recordFailure: unknown) =>
        log("error", "follow failure could not be recorded", { staticId, followId, error: recordFailure }),
      );
      results.push({ followId, staticId, watched: [], error });
    }
  }
  return results;
}

/** Marks a follow looked at, with what went wrong, so it waits the interval like any other. */
async function recordFollowFailure(
  handle: Pick<DbHandle, "withWorkerTenant">,
  tenant: { userId: number; staticId: number },
  followId: number,
  error: string,
) {
  await handle.withWorkerTenant(tenant, (db) =>
    db
      .update(reportFollows)
      .set({ lastPolledAt: sql`now()`, lastError: error })
      .where(and(eq(reportFollows.staticId, tenant.staticId), eq(reportFollows.id, followId))),
  );
}
