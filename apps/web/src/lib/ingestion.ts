// What the Reports tab says about a watched report's ingestion (SPEC.md E: progress is visible,
// failures are recorded in words and retried with backoff), and how often it asks again.
import type { Ingestion } from "./api";
import { formatDateTime } from "./dates";

export type IngestionTone = "queued" | "running" | "retrying" | "done" | "failed";

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

/** "Retrying at 14:05" today, "Retrying on 11 Jun 2025, 09:00" later, "Retrying soon" once due. */
export function describeRetry(retryAt: string | null, now: Date): string {
  if (retryAt === null) return "Retrying soon";
  const at = new Date(retryAt);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) return "Retrying soon";
  return sameDay(at, now) ? `Retrying at ${time.format(at)}` : `Retrying on ${formatDateTime(retryAt)}`;
}

export function describeIngestion(ingestion: Ingestion, now: Date = new Date()): IngestionView {
  const { status, fightsDone, fightsTotal, error, retryAt, pulls } = ingestion;
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
      return { tone: "done", chip: "Done", progress: null, detail: plural(pulls, "pull"), error: null, action: "Fetch again" };
    case "failed":
      return {
        tone: "failed",
        chip: "Failed",
        progress: null,
        detail: null,
        error: error ?? "The fetch failed without saying why.",
        action: "Retry",
      };
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
