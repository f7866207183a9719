// The event queries' rows (events-sql.ts) as each pull's events: the flat comma-separated lists
// of deaths, hits and debuff applications, and the JSON tuples of the few others, each kind read
// as its rows arrive (PullEvents), merged per pull at the end.
import { type AnalysisEvent, pullKey, sortInPlace } from "@progboard/analysis";
import type { EventSink, FewRow, FlatRow } from "./events-sql";

/** An event with its position in the fight's stream (the digests ignore the extra field). */
type SeqEvent = AnalysisEvent & { seq: number };

// The two raw fields the digests read; events without them share one empty object.
const NO_DATA: Record<string, unknown> = Object.freeze({});
const TICK: Record<string, unknown> = Object.freeze({ tick: true });

const event = (
  seq: number,
  timestamp: number,
  type: string,
  sourceId: number | null,
  targetId: number | null,
  abilityGameId: number | null,
  tick: boolean,
  killing: number | null,
): SeqEvent => ({
  seq,
  timestamp,
  type,
  sourceId,
  targetId,
  abilityGameId,
  amount: null,
  data: tick ? TICK : killing === null ? NO_DATA : { killingAbilityGameID: killing },
});

const bySeq = (x: SeqEvent, y: SeqEvent) => x.seq - y.seq;

/** The kinds of rows, in the order a pull's events are merged (of two rows of one event, the first kind's is kept). */
const DEATHS = 0;
const HITS = 1;
const DEBUFFS = 2;
const FEW = 3;
const KINDS = 4;

/**
 * Each pull's events, gathered from the event queries' rows as each query's arrive (so Node reads
 * one while PostgreSQL works on the next): the rows of each kind apart, merged by `perPull`.
 */
export class PullEvents implements EventSink {
  // Per report, per fight, per kind: the events with their position in the stream, to order them by.
  private readonly byReport = new Map<string, Map<number, SeqEvent[][]>>();

  private listOf(code: string, fightId: number, kind: number): SeqEvent[] {
    let fights = this.byReport.get(code);
    if (!fights) this.byReport.set(code, (fights = new Map<number, SeqEvent[][]>()));
    let lists = fights.get(fightId);
    if (!lists) fights.set(fightId, (lists = Array.from({ length: KINDS }, () => [])));
    return lists[kind] as SeqEvent[];
  }

  addDeaths(rows: readonly FlatRow[]): void {
    for (const { report_code: code, flat } of rows) {
      const n = JSON.parse(`[${flat}]`) as (number | null)[];
      for (let i = 0; i + 5 < n.length; i += 6)
        this.listOf(code, n[i] as number, DEATHS).push(
          event(n[i + 1] as number, n[i + 2] as number, "death", null, n[i + 3] ?? null, n[i + 4] ?? null, false, n[i + 5] ?? null),
        );
    }
  }

  addHits(rows: readonly FlatRow[]): void {
    for (const { report_code: code, flat } of rows) {
      const n = JSON.parse(`[${flat}]`) as (number | null)[];
      for (let i = 0; i + 4 < n.length; i += 5)
        this.listOf(code, n[i] as number, HITS).push(
          event(n[i + 1] as number, n[i + 2] as number, "damage", null, n[i + 3] ?? null, n[i + 4] ?? null, false, null),
        );
    }
  }

  addDebuffs(rows: readonly FlatRow[]): void {
    for (const { report_code: code, flat } of rows) {
      const n = JSON.parse(`[${flat}]`) as (number | null)[];
      for (let i = 0; i + 5 < n.length; i += 6)
        this.listOf(code, n[i] as number, DEBUFFS).push(
          event(
            n[i + 1] as number,
            n[i + 2] as number,
            n[i + 5] === 1 ? "applydebuffstack" : "applydebuff",
            null,
            n[i + 3] ?? null,
            n[i + 4] ?? null,
            false,
            null,
          ),
        );
    }
  }

  /** The few other events, JSON tuples with their type (added in the order of their queries). */
  addFew(rows: readonly FewRow[]): void {
    for (const { report_code: code, events } of rows) {
      for (const [fightId, seq, timestamp, type, sourceId, targetId, abilityGameId, tick, killing] of events ?? []) {
        this.listOf(code, fightId, FEW).push(event(seq, timestamp, type, sourceId, targetId, abilityGameId, tick, killing));
      }
    }
  }

  /** Every pull's events (keyed by pullKey), in stream order, each once. */
  perPull(): Map<string, AnalysisEvent[]> {
    const out = new Map<string, AnalysisEvent[]>();
    for (const [code, fights] of this.byReport) {
      for (const [fightId, lists] of fights) {
        const list = lists.flat();
        sortInPlace(list, bySeq);
        // Several kinds can hold one event (a death that is also a watched ability's first): once, by seq.
        let twice = false;
        for (let i = 1; i < list.length && !twice; i++) twice = list[i]?.seq === list[i - 1]?.seq;
        out.set(pullKey(code, fightId), twice ? list.filter((e, i) => i === 0 || e.seq !== list[i - 1]?.seq) : list);
      }
    }
    return out;
  }
}
