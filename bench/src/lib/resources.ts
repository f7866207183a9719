// What a run costs besides time: this process's memory (sampled, and the kernel's high-water mark)
// and CPU, and the CPU the local PostgreSQL server spent for one database (read from /proc).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const MiB = 1024 * 1024;
const round1 = (value: number) => Math.round(value * 10) / 10;

export interface MemoryPeaks {
  /** RSS when sampling started (the process's floor: runtime, modules, pools). */
  startRssMiB: number;
  /** Highest sampled RSS, heap in use and memory outside the V8 heap (Buffers…). */
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  peakExternalMiB: number;
  /** The kernel's high-water mark of the process's RSS (getrusage), over its whole life. */
  maxRssMiB: number;
  samples: number;
}

/**
 * Samples process.memoryUsage() every `intervalMs` until stopped. A sample cannot run while
 * synchronous work blocks the event loop, so sampled peaks can miss a spike; maxRssMiB cannot.
 */
export function sampleMemory(intervalMs = 50): () => MemoryPeaks {
  const first = process.memoryUsage();
  let rss = first.rss;
  let heap = first.heapUsed;
  let external = first.external;
  let samples = 1;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    heap = Math.max(heap, now.heapUsed);
    external = Math.max(external, now.external);
    samples++;
  };
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    return {
      startRssMiB: round1(first.rss / MiB),
      peakRssMiB: round1(rss / MiB),
      peakHeapUsedMiB: round1(heap / MiB),
      peakExternalMiB: round1(external / MiB),
      maxRssMiB: round1((process.resourceUsage().maxRSS * 1024) / MiB),
      samples,
    };
  };
}

/** CPU time of this process since `since` (process.cpuUsage()), in ms. */
export function cpuSince(since: NodeJS.CpuUsage): { userMs: number; systemMs: number } {
  const used = process.cpuUsage(since);
  return { userMs: Math.round(used.user / 1000), systemMs: Math.round(used.system / 1000) };
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** PostgreSQL's auxiliary processes that work for every database (WAL, checkpoints, dirty buffers). */
const SHARED_PROCESSES = ["walwriter", "checkpointer", "background writer"];

/**
 * CPU time (user + system, ms) of the local PostgreSQL processes that serve `database`: its
 * backends, plus the WAL writer, checkpointer and background writer, which also work for other
 * databases. Null when the server is not local or /proc is not readable. Backends that exit
 * between two readings drop out of the sum, so read it while the connections are open.
 */
export function postgresCpuMs(database: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (!cmdline.startsWith("postgres: ")) continue;
      const ours = cmdline.includes(` ${database} `) || SHARED_PROCESSES.some((name) => cmdline.includes(`: ${name}`));
      if (!ours) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command (which may hold spaces) start after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return found ? Math.round((ticks / ticksPerSecond()) * 1000) : null;
}
