// Sessions: a report (default), or a night in the static's time zone. A night starts at
// `nightStartHour` local time (06:00 by default) so a raid that runs past midnight is one night.
// Time zone math uses Intl.DateTimeFormat, so no dependency and DST handled by the runtime.
import { reportCodeForDisplay } from "@progboard/domain";
import type { Pull } from "./types";

export interface Session {
  /** `report:<code>` or `night:<YYYY-MM-DD>`. */
  key: string;
  /** The report code, or the night's local date. */
  label: string;
}

export interface SessionRule {
  by: "report" | "night";
  timeZone: string;
  nightStartHour: number;
}

/** The session a pull belongs to under the given rule. */
export function sessionOf(pull: Pick<Pull, "reportCode" | "reportStartTime" | "startTime">, rule: SessionRule): Session {
  if (rule.by === "report") return { key: `report:${pull.reportCode}`, label: reportCodeForDisplay(pull.reportCode) };
  const night = nightOf(pull.reportStartTime + pull.startTime, rule.timeZone, rule.nightStartHour);
  return { key: `night:${night}`, label: night };
}

/** The local date ("YYYY-MM-DD") of the night an instant belongs to: before the start hour is the previous night. */
export function nightOf(epochMs: number, timeZone: string, nightStartHour = 6): string {
  const { year, month, day, hour } = localParts(epochMs, timeZone);
  // Calendar arithmetic on the local date (not epoch − 6 h), so a DST change cannot shift the night.
  const date = new Date(Date.UTC(year, month - 1, hour < nightStartHour ? day - 1 : day));
  return date.toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" };
    try {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      // An unknown zone (bad config) would otherwise fail every view: fall back to UTC.
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(epochMs: number, timeZone: string): { year: number; month: number; day: number; hour: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(epochMs)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, hour: (parts.hour ?? 0) % 24 };
}
