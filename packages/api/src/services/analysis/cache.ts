// The analysis caches, in process, as one value made where the API's dependencies are assembled
// (the server, the test harness, the benchmark) and reached through the request context: whoever
// made it can count its hits and clear it. Each is keyed by everything its value depends on (see
// load.ts), so nothing is ever invalidated, only not asked for again:
// - per report: the pulls' digests (the only part that reads events);
// - per question: the prepared analysis of the static's encounter, and each view computed from it.
import type { Analysis, PullDigest } from "@progboard/analysis";

/** Least recently used first: the first key is the one to evict. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  clear(): void {
    this.map.clear();
  }
}

export interface AnalysisCacheSizes {
  /** Prepared analyses (one per static, encounter and config). */
  analyses: number;
  /** Reports' digests (one entry per static and report). */
  reports: number;
  /** Views kept per prepared analysis. */
  viewsPerAnalysis: number;
}

// A digest is a few deaths and hits: thousands of pulls' worth are a few MB.
const DEFAULT_SIZES: AnalysisCacheSizes = { analyses: 16, reports: 256, viewsPerAnalysis: 64 };

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
  /** The views computed from this analysis so far (memoView), by question. */
  viewsOf(analysis: Analysis): Map<string, unknown>;
  readonly viewsPerAnalysis: number;
  /** Forgets every analysis, digest and view (the counters go on). */
  clear(): void;
}

export function createAnalysisCache(sizes: Partial<AnalysisCacheSizes> = {}): AnalysisCache {
  const { analyses: analysesSize, reports, viewsPerAnalysis } = { ...DEFAULT_SIZES, ...sizes };
  const analyses = new Lru<Analysis>(analysesSize);
  const reportDigests = new Lru<ReadonlyMap<string, PullDigest>>(reports);
  // Views live as long as their analysis does: a WeakMap, so no LRU of its own.
  let views = new WeakMap<Analysis, Map<string, unknown>>();
  return {
    hits: 0,
    misses: 0,
    reportHits: 0,
    reportMisses: 0,
    analyses,
    reportDigests,
    viewsOf(analysis) {
      let memo = views.get(analysis);
      if (!memo) views.set(analysis, (memo = new Map<string, unknown>()));
      return memo;
    },
    viewsPerAnalysis,
    clear() {
      analyses.clear();
      reportDigests.clear();
      views = new WeakMap();
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
  return value;
}
