// Latency statistics: percentiles by linear interpolation between closest ranks (numpy's default).

export interface Summary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  /** Completed requests per second of wall time spent on them. */
  rps: number;
}

/** The p-th percentile (0–100) of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of no samples");
  if (!(p >= 0 && p <= 100)) throw new RangeError("percentile must be within 0–100");
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}

/** Summarizes latencies (ms) measured over `wallMs` milliseconds of wall time. */
export function summarize(latenciesMs: ArrayLike<number>, wallMs: number): Summary {
  const sorted = Float64Array.from(latenciesMs).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: total / sorted.length,
    minMs: sorted[0] as number,
    maxMs: sorted[sorted.length - 1] as number,
    rps: sorted.length / (wallMs / 1000),
  };
}

/** Latencies and wall time gathered over several interleaved rounds of one variant. */
export class Samples {
  private readonly batches: Float64Array[] = [];
  private wall = 0;

  add(latenciesMs: Float64Array, wallMs: number): void {
    this.batches.push(latenciesMs);
    this.wall += wallMs;
  }

  summary(): Summary {
    const all = new Float64Array(this.batches.reduce((n, b) => n + b.length, 0));
    let offset = 0;
    for (const batch of this.batches) {
      all.set(batch, offset);
      offset += batch.length;
    }
    return summarize(all, this.wall);
  }
}

/** Rounds for reports: 3 significant decimals for milliseconds, whole requests per second. */
export function roundSummary(summary: Summary): Summary {
  const ms = (value: number) => Math.round(value * 1000) / 1000;
  return {
    samples: summary.samples,
    p50Ms: ms(summary.p50Ms),
    p99Ms: ms(summary.p99Ms),
    meanMs: ms(summary.meanMs),
    minMs: ms(summary.minMs),
    maxMs: ms(summary.maxMs),
    rps: Math.round(summary.rps),
  };
}
