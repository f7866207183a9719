// The event queries' rows (events-sql.ts) as each pull's events: the flat comma-separated lists
// of deaths, hits and debuff applications, and the JSON tuples of the few others.
import { type AnalysisEvent, pullKey } from "@progboard/analysis";
import type { EventRows } from "./events-sql";

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

/** The rows of every kind as each pull's events (keyed by pullKey), in stream order, each once. */
export function eventsPerPull({ deaths: deathRows, hits: hitRows, debuffs: debuffRows, few: fewRows }: EventRows): Map<string, AnalysisEvent[]> {
  const out = new Map<string, AnalysisEvent[]>();
  // Per report, per fight: the events with their position in the stream, to order them by.
  const byReport = new Map<string, Map<number, SeqEvent[]>>();
  const listOf = (code: string, fightId: number): SeqEvent[] => {
    let fights = byReport.get(code);
    if (!fights) byReport.set(code, (fights = new Map<number, SeqEvent[]>()));
    let list = fights.get(fightId);
    if (!list) fights.set(fightId, (list = []));
    return list;
  };
  for (const { report_code: code, flat } of deathRows) {
    const n = JSON.parse(`[${flat}]`) as (number | null)[];
    for (let i = 0; i + 5 < n.length; i += 6)
      listOf(code, n[i] as number).push(
        event(n[i + 1] as number, n[i + 2] as number, "death", null, n[i + 3] ?? null, n[i + 4] ?? null, false, n[i + 5] ?? null),
      );
  }
  for (const { report_code: code, flat } of hitRows) {
    const n = JSON.parse(`[${flat}]`) as (number | null)[];
    for (let i = 0; i + 4 < n.length; i += 5)
      listOf(code, n[i] as number).push(
        event(n[i + 1] as number, n[i + 2] as number, "damage", null, n[i + 3] ?? null, n[i + 4] ?? null, false, null),
      );
  }
  for (const { report_code: code, flat } of debuffRows) {
    const n = JSON.parse(`[${flat}]`) as (number | null)[];
    for (let i = 0; i + 5 < n.length; i += 6)
      listOf(code, n[i] as number).push(
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
  for (const rows of fewRows) {
    for (const { report_code: code, events } of rows) {
      for (const [fightId, seq, timestamp, type, sourceId, targetId, abilityGameId, tick, killing] of events ?? []) {
        listOf(code, fightId).push(event(seq, timestamp, type, sourceId, targetId, abilityGameId, tick, killing));
      }
    }
  }

  for (const [code, fights] of byReport) {
    for (const [fightId, list] of fights) {
      // Several kinds can hold one event (a death that is also a watched ability's first): once, by seq.
      list.sort((x, y) => x.seq - y.seq);
      out.set(
        pullKey(code, fightId),
        list.filter((e, i) => i === 0 || e.seq !== list[i - 1]?.seq),
      );
    }
  }
  return out;
}
