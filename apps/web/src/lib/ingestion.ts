// What the Reports tab says about a watched report's ingestion (SPEC.md E: progress is visible,
// failures are recorded in words and retried with backoff), and how often it asks again.
import type { Ingestion } from "./api";
import { formatDateTime } from "./dates";

export type IngestionTone = "queued" | "running" | "retrying" | "done" | "partial" | "failed";

export interface IngestionView {
  tone: IngestionTone;
  /** The chip: "Queued", "Fetching", "Done", "Failed", "Retrying at 14:05". */
  chip: string;
  /** Fights fetched so far, while running with a known total. */
  progress: { done: number; total: number } | null;
  /** A short line beside the chip: "12 of 46 fights", "38 pulls". */
  detail: string | null;
  /** Why the last attempt failed, in words. */
  error: string | null;
  /** The button that fetches the report again, when there is one. */
  action: "Retry" | "Fetch again" | null;
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * What the pulls table and the Analysis tab say when some pulls lack their events: how many have
 * them, and what that means for the figures. Null when every pull has them.
 */
export function describeMissingEvents(pulls: readonly { eventsComplete: boolean }[]): string | null {
  const missing = pulls.filter((p) => !p.eventsComplete).length;
  if (missing === 0) return null;
  return `${pulls.length - missing} of ${plural(pulls.length, "pull")} have their events. The other ${missing} read "unknown" (deaths, first death, how the pull ended) and are left out of death and fault figures.`;
}

/** "Retrying at 14:05" today, "Retrying on 11 Jun 2025, 09:00" later, "Retrying soon" once due. */
export function describeRetry(retryAt: string | null, now: Date): string {
  if (retryAt === null) return "Retrying soon";
  const at = new Date(retryAt);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) return "Retrying soon";
  return sameDay(at, now) ? `Retrying at ${time.format(at)}` : `Retrying on ${formatDateTime(retryAt)}`;
}

export function describeIngestion(ingestion: Ingestion, now: Date = new Date()): IngestionView {
  const { status, fightsDone, fightsTotal, error, retryAt, pulls, pullsWithEvents } = ingestion;
  const partial = pullsWithEvents < pulls ? `${pullsWithEvents} of ${plural(pulls, "pull")} have their events` : null;
  switch (status) {
    case "queued":
      // A queued report that has an error is waiting to try again after it.
      if (error !== null) {
        return { tone: "retrying", chip: describeRetry(retryAt, now), progress: null, detail: null, error, action: null };
      }
      return { tone: "queued", chip: "Queued", progress: null, detail: null, error: null, action: null };
    case "running": {
      if (fightsTotal === null) {
        return { tone: "running", chip: "Fetching", progress: null, detail: "Reading the fight list…", error: null, action: null };
      }
      const done = Math.min(fightsDone, fightsTotal);
      return {
        tone: "running",
        chip: "Fetching",
        progress: { done, total: fightsTotal },
        detail: `${done} of ${plural(fightsTotal, "fight")}`,
        error: null,
        action: null,
      };
    }
    case "done":
      // Whole, or visibly not: a report whose pulls lack events says so (they read "unknown"), and a
      // note (why it was not fetched again) is shown as one.
      return {
        tone: partial ? "partial" : "done",
        chip: partial ? "Partial" : "Done",
        progress: null,
        detail: partial ? `${partial}; the others read "unknown"` : plural(pulls, "pull"),
        error,
        action: "Fetch again",
      };
    case "failed": {
      const reason = error ?? "The fetch failed without saying why.";
      return {
        tone: "failed",
        chip: "Failed",
        progress: null,
        detail: null,
        error: partial && pulls > 0 ? `${partial}; the import failed at pull ${pullsWithEvents + 1}: ${reason}` : reason,
        action: "Retry",
      };
    }
  }
}

export const POLL_ACTIVE_MS = 2_000;
export const POLL_LIVE_MS = 30_000;
const POLL_RETRY_MAX_MS = 30_000;

/**
 * How soon to ask for the list again (react-query's refetchInterval): every 2 s while a report is
 * queued or being fetched; a report waiting to retry is checked around its retry time; live
 * reports every 30 s for new pulls; otherwise not at all.
 */
export function pollInterval(reports: readonly { live: boolean; ingestion: Ingestion }[], now: Date = new Date()): number | false {
  let interval: number | false = false;
  const sooner = (ms: number) => {
    interval = interval === false ? ms : Math.min(interval, ms);
  };
  for (const { live, ingestion } of reports) {
    const { status, error, retryAt } = ingestion;
    if (status === "running" || (status === "queued" && error === null)) {
      sooner(POLL_ACTIVE_MS);
    } else if (status === "queued") {
      const wait = retryAt === null ? 0 : new Date(retryAt).getTime() - now.getTime();
      sooner(Number.isNaN(wait) ? POLL_ACTIVE_MS : Math.min(Math.max(wait, POLL_ACTIVE_MS), POLL_RETRY_MAX_MS));
    } else if (live) {
      sooner(POLL_LIVE_MS);
    }
  }
  return interval;
}
