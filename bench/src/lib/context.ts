// What every benchmark shares: where results and the docs page live, machine facts.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type BenchmarkRun = () => Promise<void>;

export const RESULTS_DIR = fileURLToPath(new URL("../../results/", import.meta.url));
export const DOCS_PAGE = fileURLToPath(new URL("../../../docs/benchmarks.md", import.meta.url));

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** The machine block of a report: the host, the PostgreSQL server, the load before and after measuring. */
export function benchMachine(
  pg: { server_version: string; version: string } | undefined,
  loadAverage: { atStart: number[]; afterMeasuring: number[] },
) {
  return { ...machineInfo(), postgres: pg?.server_version ?? "unknown", postgresVersion: pg?.version ?? "unknown", loadAverage };
}

/**
 * Writes a benchmark's report to bench/results/<name>.json, refreshes its section of
 * docs/benchmarks.md (`writeDocs`) and prints its table; returns the results file's path.
 */
export function publishResults<R>(name: string, report: R, writeDocs: (report: R) => string, table: string, log: (message: string) => void): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const resultsFile = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  const docsFile = writeDocs(report);
  log(`wrote ${path.relative(process.cwd(), resultsFile)} and ${path.relative(process.cwd(), docsFile)}`);
  console.info(`\n${table}\n`);
  return resultsFile;
}
