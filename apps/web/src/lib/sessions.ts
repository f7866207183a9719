import type { AnalysisSession } from "./api";

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });

/**
 * A short name per session for axes and pickers: its day ("Mon, Jan 6"), numbered when one day
 * has several sessions ("Mon, Jan 6 (2)"). Sessions in time order.
 */
export function nameSessions(
  sessions: readonly Pick<AnalysisSession, "sessionKey" | "startedAt">[],
  formatDay: (epochMs: number) => string = (ms) => dayFormat.format(ms),
): Map<string, string> {
  const days = sessions.map((s) => formatDay(s.startedAt));
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  sessions.forEach((s, i) => {
    const day = days[i] ?? "";
    const n = (seen.get(day) ?? 0) + 1;
    seen.set(day, n);
    const repeated = days.filter((d) => d === day).length > 1;
    names.set(s.sessionKey, repeated ? `${day} (${n})` : day);
  });
  return names;
}

/**
 * The time range that selects one session's pulls: from its first pull up to just before the next
 * session's. Pull numbers stay those of the whole history (a report-only query would renumber).
 */
export function sessionRange(
  sessions: readonly Pick<AnalysisSession, "sessionKey" | "startedAt">[],
  sessionKey: string,
): { from: number; to?: number } | null {
  const index = sessions.findIndex((s) => s.sessionKey === sessionKey);
  const session = sessions[index];
  if (!session) return null;
  const next = sessions[index + 1];
  return next ? { from: session.startedAt, to: next.startedAt - 1 } : { from: session.startedAt };
}
