// The benchmarks' knobs: the only file of bench that reads process.env.

/** A positive integer from the environment (benchmark knobs), else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return value;
}

/** A variable as set, or undefined (BENCH_DATABASE_URL, BENCH_KEEP_DATABASE, BENCH_ANALYSIS_TOP). */
export function envText(name: string): string | undefined {
  return process.env[name];
}
