import { describe, expect, it } from "vitest";
import { percentile, Samples, summarize } from "./stats";

describe("percentile", () => {
  it("interpolates between closest ranks", () => {
    const sorted = [1, 2, 3, 4];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 50)).toBe(2.5);
    expect(percentile(sorted, 100)).toBe(4);
    expect(percentile([10], 99)).toBe(10);
  });

  it("gives p99 of 1..100 as 99.01", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 99)).toBeCloseTo(99.01, 10);
  });

  it("refuses no samples and out-of-range percentiles", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("sorts, averages and computes throughput from wall time", () => {
    const summary = summarize([3, 1, 2, 4], 2);
    expect(summary).toMatchObject({ samples: 4, p50Ms: 2.5, meanMs: 2.5, minMs: 1, maxMs: 4, rps: 2000 });
  });

  it("pools interleaved rounds", () => {
    const samples = new Samples();
    samples.add(Float64Array.from([1, 2]), 10);
    samples.add(Float64Array.from([3, 4]), 10);
    expect(samples.summary()).toMatchObject({ samples: 4, p50Ms: 2.5, rps: 200 });
  });
});
