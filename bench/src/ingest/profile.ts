// Categories of the ingestion's time (ingestReport, sampled by V8's profiler in the worker).
import { type CallFrame, nearestModule, specialNode } from "../lib/profile";

export const INGEST_CATEGORIES = {
  waiting: "waiting for PostgreSQL (COPY, commits) or the file",
  read: "reading the file: lines, JSON.parse (file.ts)",
  validate: "validating pages (isRawEvent; zod for a refused page)",
  normalize: "normalizing events (normalize.ts)",
  engine: "engine: sort, COPY rows, JSON.stringify (ingest.ts, events.ts)",
  driver: "driver and drizzle: sending statements",
  gc: "garbage collection",
  other: "other (Node internals, V8)",
} as const;

export type IngestCategory = keyof typeof INGEST_CATEGORIES;

const COPY_TEXT_BUILDERS = new Set(["copyField", "copyJsonField"]);

export function classifyIngestion(stack: readonly CallFrame[]): IngestCategory {
  const special = specialNode(stack);
  if (special === "(idle)") return "waiting";
  if (special === "(garbage collector)") return "gc";
  if (special !== null) return "other";
  const module = nearestModule(stack);
  // Building COPY text (packages/db's COPY format helpers) is the engine's work, not the driver's.
  const nearest = stack.find((frame) => frame.url !== "" && !frame.url.startsWith("node:"));
  if (module === "packages/db/src/copy.ts" && COPY_TEXT_BUILDERS.has(nearest?.functionName ?? "")) return "engine";
  if (module === "packages/ingest/src/file.ts") return "read";
  if (module === "zod" || module === "packages/ingest/src/fflogs/schemas.ts") return "validate";
  if (module === "packages/ingest/src/normalize.ts") return "normalize";
  if (module === "packages/ingest/src/ingest.ts" || module === "packages/ingest/src/events.ts" || module === "packages/ingest/src/ledger.ts")
    return "engine";
  if (module === "postgres" || module === "drizzle-orm" || module.startsWith("packages/db/")) return "driver";
  return "other";
}
