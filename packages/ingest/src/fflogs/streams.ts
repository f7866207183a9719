// The four event streams progboard fetches per fight, how FFLogs selects them, and how FFLogs
// pages them. The client sends these queries; the fake server and the report-file writer answer
// with the same selection and the same page cuts, so every source yields identical pages.
import type { EventStream } from "../types";
import type { RawEvent, RawReport } from "./schemas";

export interface StreamQuery {
  stream: EventStream;
  dataType: "Deaths" | "DamageTaken" | "Casts" | "Debuffs";
  hostilityType: "Friendlies" | "Enemies";
}

/** Fixed order: replays of the same report write the same rows in the same order. */
export const STREAM_QUERIES: readonly StreamQuery[] = [
  { stream: "deaths", dataType: "Deaths", hostilityType: "Friendlies" },
  { stream: "damage-taken", dataType: "DamageTaken", hostilityType: "Friendlies" },
  { stream: "enemy-casts", dataType: "Casts", hostilityType: "Enemies" },
  { stream: "debuffs", dataType: "Debuffs", hostilityType: "Friendlies" },
];

export const EVENT_STREAMS: readonly EventStream[] = STREAM_QUERIES.map((q) => q.stream);

export function isEventStream(value: unknown): value is EventStream {
  return typeof value === "string" && (EVENT_STREAMS as readonly string[]).includes(value);
}

export function streamQueryFor(dataType: unknown, hostilityType: unknown): StreamQuery | undefined {
  return STREAM_QUERIES.find((q) => q.dataType === dataType && q.hostilityType === hostilityType);
}

/** Friendly = the raid: players (including the limit-break pseudo-actor) and their pets. */
export function friendlyActorIds(report: Pick<RawReport, "masterData">): Set<number> {
  const ids = new Set<number>();
  for (const actor of report.masterData?.actors ?? []) {
    if (actor.type === "Player" || actor.type === "Pet") ids.add(actor.id);
  }
  return ids;
}

const DEBUFF_TYPES = new Set(["applydebuff", "applydebuffstack", "removedebuff", "removedebuffstack", "refreshdebuff"]);

/** Which stream FFLogs would return this event in, or null when none of ours selects it. */
export function streamOf(event: RawEvent, friendly: ReadonlySet<number>): EventStream | null {
  const target = event.targetID ?? -1;
  const source = event.sourceID ?? -1;
  switch (event.type) {
    case "death":
      return friendly.has(target) ? "deaths" : null;
    case "damage":
    case "calculateddamage":
    case "absorbed":
      return friendly.has(target) ? "damage-taken" : null;
    case "begincast":
    case "cast":
      return source >= 0 && !friendly.has(source) ? "enemy-casts" : null;
    default:
      return DEBUFF_TYPES.has(event.type) && friendly.has(target) ? "debuffs" : null;
  }
}

/** A fight's events split by stream, each in time order. Events no stream selects are dropped. */
export function splitStreams(events: Iterable<RawEvent>, friendly: ReadonlySet<number>): Record<EventStream, RawEvent[]> {
  const out: Record<EventStream, RawEvent[]> = { deaths: [], "damage-taken": [], "enemy-casts": [], debuffs: [] };
  for (const event of events) {
    const stream = streamOf(event, friendly);
    if (stream) out[stream].push(event);
  }
  return out;
}

export interface RawEventsPage {
  data: RawEvent[];
  nextPageTimestamp: number | null;
}

/**
 * One page of a time-ordered stream from `startTime` (inclusive) to `endTime` (inclusive), at most
 * `limit` events, cut at a timestamp boundary so that `startTime = nextPageTimestamp` neither
 * repeats nor skips events (a single timestamp with more than `limit` events stays whole).
 */
export function paginate(events: readonly RawEvent[], startTime: number, endTime: number, limit: number): RawEventsPage {
  const first = lowerBound(events, startTime);
  let to = first;
  while (to < events.length && to - first < limit && (events[to]?.timestamp ?? Infinity) <= endTime) to++;
  const next = events[to];
  if (next && next.timestamp <= endTime && to > first) {
    const last = events[to - 1];
    if (last && last.timestamp === next.timestamp) {
      let cut = to - 1;
      while (cut > first && events[cut - 1]?.timestamp === next.timestamp) cut--;
      if (cut > first) to = cut;
      else while (to < events.length && events[to]?.timestamp === next.timestamp) to++;
    }
  }
  const following = events[to];
  return {
    data: events.slice(first, to),
    nextPageTimestamp: following && following.timestamp <= endTime ? following.timestamp : null,
  };
}

function lowerBound(events: readonly RawEvent[], timestamp: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid]?.timestamp ?? Infinity) < timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every page of one stream for a fight, exactly as the client would walk them. */
export function* pagesOf(events: readonly RawEvent[], fight: { startTime: number; endTime: number }, limit: number): Generator<RawEventsPage> {
  let startTime = fight.startTime;
  for (;;) {
    const page = paginate(events, startTime, fight.endTime, limit);
    yield page;
    if (page.nextPageTimestamp === null) return;
    startTime = page.nextPageTimestamp;
  }
}
