// The analysis caches stay under their byte budget however many statics ask, evicting the least
// recently used; a report's digests are one entry whoever reads them.
import type { Analysis, PullDigest } from "@progboard/analysis";
import { describe, expect, it } from "vitest";
import { approxBytes, createAnalysisCache, memoView } from "./cache";

/** Digests of `pulls` pulls with a few deaths and hits each, roughly 60 KB for 50 pulls. */
function digestsOf(seed: number, pulls = 50): Map<string, PullDigest> {
  const digests = new Map<string, PullDigest>();
  for (let p = 0; p < pulls; p++) {
    digests.set(`R${seed}:${p}`, {
      present: new Map([[1, { id: 1, name: `Player ${seed}` }]]),
      deaths: Array.from({ length: 4 }, (_, i) => ({ at: i * 1000, actorId: 1, ability: `Wave Cannon ${seed}` })),
      hits: Array.from({ length: 6 }, (_, i) => ({ at: i * 500, actorId: 1, abilityId: 31_500 + i })),
      enrageAt: null,
      enrageName: null,
      seen: new Map([[31_500, 1000]]),
      mechanics: new Map(),
    } as unknown as PullDigest);
  }
  return digests;
}

describe("approxBytes", () => {
  it("estimates a long collection from a sample, within a tenth of walking every item", () => {
    const item = (i: number) => ({ at: i, name: "x".repeat(i % 40), hits: [i, i + 1] });
    const exact = Array.from({ length: 40 }, (_, i) => approxBytes([item(i)]) - 32).reduce((a, b) => a + b, 0);
    const long = Array.from({ length: 4_000 }, (_, i) => item(i));
    expect(Math.abs(approxBytes(long) - 32 - exact * 100) / (exact * 100)).toBeLessThan(0.1);
    const asMap = new Map(long.map((v, i) => [i, v]));
    expect(approxBytes(asMap)).toBeGreaterThan(approxBytes(long));
  });
});

describe("the analysis caches under a byte budget", () => {
  it("hold hundreds of statics' digests and analyses within the budget, newest kept, oldest evicted", () => {
    const cache = createAnalysisCache({ maxBytes: 2 * 1024 * 1024 });
    const one = approxBytes(digestsOf(0));
    expect(one).toBeGreaterThan(20_000);
    for (let staticId = 1; staticId <= 300; staticId++) {
      cache.reportDigests.set(`report-${staticId}`, digestsOf(staticId));
      const pulls = [...digestsOf(staticId, 10).values()].map((digest, i) => ({ key: `${staticId}:${i}`, digest, startedAt: i }));
      const analysis = { pulls } as unknown as Analysis;
      cache.keepAnalysis(`analysis-${staticId}`, analysis);
      memoView(cache, analysis, "pulls", { staticId }, () => pulls.map((p) => ({ key: p.key, label: `pull ${p.key}`.repeat(20) })));
      expect(cache.bytes()).toBeLessThanOrEqual(cache.maxBytes);
    }
    // The latest are there, the first ones were evicted for them.
    expect(cache.reportDigests.has("report-300")).toBe(true);
    expect(cache.analyses.has("analysis-300")).toBe(true);
    expect(cache.reportDigests.has("report-1")).toBe(false);
    expect(cache.analyses.has("analysis-1")).toBe(false);
    expect(cache.reportDigests.count).toBeGreaterThan(5);
  });

  it("keeps what is used: reading an old entry saves it from eviction", () => {
    const cache = createAnalysisCache({ maxBytes: 1024 * 1024 });
    cache.reportDigests.set("hot", digestsOf(0));
    for (let i = 1; i <= 100; i++) {
      expect(cache.reportDigests.get("hot")).toBeDefined();
      cache.reportDigests.set(`cold-${i}`, digestsOf(i));
    }
    expect(cache.reportDigests.has("hot")).toBe(true);
    expect(cache.reportDigests.has("cold-1")).toBe(false);
    expect(cache.bytes()).toBeLessThanOrEqual(cache.maxBytes);
  });

  it("does not keep a value larger than the whole budget, and clear() frees everything", () => {
    const cache = createAnalysisCache({ maxBytes: 10_000 });
    cache.reportDigests.set("huge", digestsOf(1));
    expect(cache.reportDigests.has("huge")).toBe(false);
    expect(cache.bytes()).toBe(0);
    const small = createAnalysisCache({ maxBytes: 1024 * 1024 });
    small.reportDigests.set("a", digestsOf(1));
    expect(small.bytes()).toBeGreaterThan(0);
    small.clear();
    expect(small.bytes()).toBe(0);
  });

  it("counts an analysis without the digests it shares with the report entries", () => {
    const cache = createAnalysisCache();
    const digests = digestsOf(7);
    cache.reportDigests.set("report-7", digests);
    const afterDigests = cache.bytes();
    const analysis = { pulls: [...digests.entries()].map(([key, digest]) => ({ key, digest })) } as unknown as Analysis;
    cache.keepAnalysis("analysis-7", analysis);
    expect(cache.bytes() - afterDigests).toBeLessThan(afterDigests / 2);
  });
});
