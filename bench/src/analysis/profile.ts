// Categories of a first (uncached) call's time, from V8's sampling profiler in the bench process
// (the API runs in process). "SQL" is everything until the loader has its rows as objects.
import { type CallFrame, nearestModule, specialNode } from "../lib/profile";

export const ANALYSIS_CATEGORIES = {
  waiting: "SQL: waiting for PostgreSQL (Node idle)",
  driver: "SQL: receiving and decoding rows (postgres.js, Node sockets)",
  drizzle: "SQL: mapping rows to objects (drizzle)",
  loader: "TypeScript: grouping events per pull (services/analysis/)",
  prepare: "TypeScript: prepareAnalysis, the digest of every pull",
  view: "TypeScript: the endpoint's view",
  gc: "garbage collection (mostly the rows' objects)",
  other: "other: tRPC, context, V8",
} as const;

export type AnalysisCategory = keyof typeof ANALYSIS_CATEGORIES;
export const SQL_CATEGORIES: AnalysisCategory[] = ["waiting", "driver", "drizzle"];
export const TS_CATEGORIES: AnalysisCategory[] = ["loader", "prepare", "view"];

/** Samples of the inspector starting or stopping the profiler: not the call's time, left out. */
export const PROFILER_OVERHEAD = "profiler";

export function classifyAnalysis(stack: readonly CallFrame[]): AnalysisCategory | typeof PROFILER_OVERHEAD {
  if (stack[0]?.functionName === "dispatch" && stack[0].url === "") return PROFILER_OVERHEAD;
  const special = specialNode(stack);
  if (special === "(idle)") return "waiting";
  if (special === "(garbage collector)") return "gc";
  if (special !== null) return "other";
  const module = nearestModule(stack);
  if (module === "postgres" || module === "node") return "driver";
  if (module === "drizzle-orm") return "drizzle";
  if (module.startsWith("packages/api/src/services/analysis/")) return "loader";
  if (module.startsWith("packages/analysis/")) return stack.some((frame) => frame.functionName === "prepareAnalysis") ? "prepare" : "view";
  return "other";
}
