// The analysis caches, in process, as one value made where the API's dependencies are assembled
// (the server, the test harness, the benchmark) and reached through the request context: whoever
// made it can count its hits and clear it. Each is keyed by everything its value depends on (see
// load.ts), so nothing is ever invalidated, only not asked for again:
// - per report: the pulls' digests (the only part that reads events), keyed by the report's state
//   and what the digests depend on (roster, aliases, strats, prog points, encounter), not by the
//   static: statics whose config matches share one copy, and a static only ever asks for reports
//   it watches, so what it gets is what it would have computed;
// - per question: the prepared analysis of the static's encounter, and each view computed from it.
// All of it together is bounded in (estimated) bytes: ANALYSIS_CACHE_MB, least recently used out.
import type { Analysis, PullDigest } from "@progboard/analysis";

/**
 * Roughly how many bytes `value` holds on the V8 heap (an estimate, on the high side: 8 per number,
 * 2 per string character, a few words per object, array slot and map entry). Objects reached twice
 * count once. A long array, map or set is estimated from an even sample of its items (the caches
 * hold thousands of same-shaped pulls and digests): the estimate costs a bounded walk, not one of
 * every object an analysis holds, which was most of a first call's time.
 */
export function approxBytes(value: unknown, seen = new WeakSet<object>()): number {
  switch (typeof value) {
    case "number":
      return 8;
    case "boolean":
      return 4;
    case "string":
      return 16 + 2 * value.length;
    case "bigint":
      return 16;
    case "object": {
      if (value === null) return 0;
      if (seen.has(value)) return 0;
      seen.add(value);
      if (value instanceof Date) return 48;
      let bytes = 32;
      if (value instanceof Map)
        return bytes + sampled([...(value as Map<unknown, unknown>)], ([k, v]) => 32 + approxBytes(k, seen) + approxBytes(v, seen));
      if (value instanceof Set) return bytes + sampled([...(value as Set<unknown>)], (v) => 16 + approxBytes(v, seen));
      if (Array.isArray(value)) return bytes + sampled(value as unknown[], (v) => 8 + approxBytes(v, seen));
      // Keys, not entries: no [key, value] pair made per field of thousands of objects.
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) bytes += 8 + approxBytes(k, seen) + approxBytes(record[k], seen);
      return bytes;
    }
    default:
      return 0;
  }
}

/** Items walked before a collection's size is extrapolated from them. */
const SAMPLE = 32;

/** The sum of `size` over `items`, or over an even sample of them scaled up when there are many. */
function sampled<T>(items: readonly T[], size: (item: T) => number): number {
  if (items.length <= SAMPLE * 2) {
    let bytes = 0;
    for (const item of items) bytes += size(item);
    return bytes;
  }
  const step = items.length / SAMPLE;
  let bytes = 0;
  for (let i = 0; i < SAMPLE; i++) bytes += size(items[Math.floor(i * step)] as T);
  return Math.round((bytes / SAMPLE) * items.length);
}

/** A byte budget shared by several caches: past it, the least recently used entry of any goes. */
class Budget {
  used = 0;
  tick = 0;
  readonly members: Lru<unknown>[] = [];
  constructor(readonly maxBytes: number) {}
  /** Evicts, oldest first across every member, until the budget holds. */
  enforce(): void {
    while (this.used > this.maxBytes) {
      let oldest: Lru<unknown> | undefined;
      for (const lru of this.members)
        if (lru.oldestTick() !== undefined && (oldest === undefined || (lru.oldestTick() ?? 0) < (oldest.oldestTick() ?? 0))) oldest = lru;
      if (!oldest) return;
      oldest.evictOldest();
    }
  }
}

interface Entry<V> {
  value: V;
  bytes: number;
  tick: number;
}

/** Least recently used first: the first key is the one to evict. Bounded by count and by its budget's bytes. */
export class Lru<V> {
  private readonly map = new Map<string, Entry<V>>();
  constructor(
    private readonly size: number,
    private readonly budget: Budget = new Budget(Number.POSITIVE_INFINITY),
  ) {
    budget.members.push(this);
  }
  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry !== undefined) {
      this.map.delete(key);
      entry.tick = ++this.budget.tick;
      this.map.set(key, entry);
    }
    return entry?.value;
  }
  set(key: string, value: V, bytes = approxBytes(value)): void {
    this.delete(key);
    // A value larger than the whole budget is not kept at all.
    if (bytes > this.budget.maxBytes) return;
    this.map.set(key, { value, bytes, tick: ++this.budget.tick });
    this.budget.used += bytes;
    while (this.map.size > this.size) this.evictOldest();
    this.budget.enforce();
  }
  /** Adds `bytes` to an entry's weight (something hanging off it grew). */
  charge(key: string, bytes: number): void {
    const entry = this.map.get(key);
    if (!entry) return;
    entry.bytes += bytes;
    this.budget.used += bytes;
    this.budget.enforce();
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  get count(): number {
    return this.map.size;
  }
  oldestTick(): number | undefined {
    return this.map.values().next().value?.tick;
  }
  evictOldest(): void {
    const key = this.map.keys().next().value;
    if (key !== undefined) this.delete(key);
  }
  private delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.budget.used -= entry.bytes;
  }
  clear(): void {
    for (const key of [...this.map.keys()]) this.delete(key);
  }
}

export interface AnalysisCacheSizes {
  /** Prepared analyses (one per static, encounter and config). */
  analyses: number;
  /** Reports' digests (one entry per report and digest config, shared by statics whose config matches). */
  reports: number;
  /** Views kept per prepared analysis. */
  viewsPerAnalysis: number;
  /** Bytes (estimated, approxBytes) that analyses, digests and views may hold together. */
  maxBytes: number;
}

export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
const DEFAULT_SIZES: AnalysisCacheSizes = { analyses: 64, reports: 4096, viewsPerAnalysis: 64, maxBytes: DEFAULT_CACHE_BYTES };

export interface AnalysisCache {
  /** Prepared analyses answered from the cache, and prepared afresh. */
  hits: number;
  misses: number;
  /** Reports whose digests came from the cache, and reports whose events were read. */
  reportHits: number;
  reportMisses: number;
  readonly analyses: Lru<Analysis>;
  /** Per report key: its pulls' digests by pullKey. */
  readonly reportDigests: Lru<ReadonlyMap<string, PullDigest>>;
  /** Keeps a prepared analysis under `key` (its views are charged to it as they are made). */
  keepAnalysis(key: string, analysis: Analysis): void;
  /** The views computed from this analysis so far (memoView), by question. */
  viewsOf(analysis: Analysis): Map<string, unknown>;
  /** Counts a new view's bytes against its analysis. */
  chargeView(analysis: Analysis, bytes: number): void;
  readonly viewsPerAnalysis: number;
  /** Estimated bytes held now (never over maxBytes). */
  bytes(): number;
  readonly maxBytes: number;
  /** Forgets every analysis, digest and view (the counters go on). */
  clear(): void;
}

export function createAnalysisCache(sizes: Partial<AnalysisCacheSizes> = {}): AnalysisCache {
  const { analyses: analysesSize, reports, viewsPerAnalysis, maxBytes } = { ...DEFAULT_SIZES, ...sizes };
  const budget = new Budget(maxBytes);
  // Digests are shared by every analysis of their reports: counted once, in reportDigests. An
  // analysis is charged for what is its own (the pulls' other fields, the tables built on them).
  const reportDigests = new Lru<ReadonlyMap<string, PullDigest>>(reports, budget);
  const analyses = new Lru<Analysis>(analysesSize, budget);
  // Views live as long as their analysis does: a WeakMap, so no LRU of its own.
  let views = new WeakMap<Analysis, Map<string, unknown>>();
  let keys = new WeakMap<Analysis, string>();
  return {
    hits: 0,
    misses: 0,
    reportHits: 0,
    reportMisses: 0,
    analyses,
    reportDigests,
    keepAnalysis(key, analysis) {
      const seen = new WeakSet<object>();
      for (const pull of analysis.pulls) seen.add(pull.digest);
      keys.set(analysis, key);
      analyses.set(key, analysis, approxBytes(analysis, seen));
    },
    viewsOf(analysis) {
      let memo = views.get(analysis);
      if (!memo) views.set(analysis, (memo = new Map<string, unknown>()));
      return memo;
    },
    chargeView(analysis, bytes) {
      const key = keys.get(analysis);
      if (key !== undefined) analyses.charge(key, bytes);
    },
    viewsPerAnalysis,
    bytes: () => budget.used,
    maxBytes,
    clear() {
      analyses.clear();
      reportDigests.clear();
      views = new WeakMap();
      keys = new WeakMap();
    },
  };
}

/**
 * A view of a prepared analysis (a pulls table, a fault aggregate…), computed once per question:
 * `name` and `args` say which. Kept as long as the analysis is; a failure is not kept.
 */
export function memoView<T>(cache: AnalysisCache, analysis: Analysis, name: string, args: unknown, build: () => T): T {
  const memo = cache.viewsOf(analysis);
  const key = `${name}:${JSON.stringify(args)}`;
  if (memo.has(key)) return memo.get(key) as T;
  const value = build();
  if (memo.size >= cache.viewsPerAnalysis) memo.delete(memo.keys().next().value as string);
  memo.set(key, value);
  cache.chargeView(analysis, approxBytes(value));
  return value;
}
