// `pnpm bench [name…]`: runs the named benchmarks, or all of them, one after another.
// Each benchmark is bench/src/<name>.ts exporting `run`; register it below.
import type { BenchmarkRun } from "./lib/context";

const BENCHMARKS: Record<string, () => Promise<{ run: BenchmarkRun }>> = {
  tenancy: () => import("./tenancy"),
  ingest: () => import("./ingest"),
  analysis: () => import("./analysis"),
  load: () => import("./load"),
  sharing: () => import("./sharing"),
};

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((arg) => arg !== "--");
  if (names.includes("--help") || names.includes("-h")) {
    console.info(`usage: pnpm bench [${Object.keys(BENCHMARKS).join(" | ")}]…  (no name: all)`);
    return 0;
  }
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(", ")} (known: ${Object.keys(BENCHMARKS).join(", ")})`);
    return 2;
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    const load = BENCHMARKS[name];
    if (!load) continue;
    const started = performance.now();
    console.info(`::: bench ${name}`);
    const { run } = await load();
    await run();
    console.info(`::: bench ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
