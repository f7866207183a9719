// Minimal structured logging: one JSON line per event on stderr/stdout. Secrets are never passed here.
// An error is written as what explains it: its name and message, the database's code and message
// (down the cause chain), the failed statement's text without its parameter values, and a few stack
// frames; a line never exceeds MAX_LINE characters, whatever the error carried.
export const MAX_LINE = 4096;
const MAX_TEXT = 500;
const STACK_FRAMES = 6;

function write(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}) {
  const line = bounded({ time: new Date().toISOString(), level, message, ...serialize(fields) });
  if (level === "info") console.info(line);
  else console.error(line);
}

function serialize(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? describeError(value) : value]));
}

const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

interface DescribedError {
  name: string;
  message: string;
  /** SQLSTATE, or the driver's code (CONNECTION_CLOSED, ECONNREFUSED). */
  code?: string;
  severity?: string;
  /** The failed statement's text: parameter values are never logged. */
  query?: string;
  table?: string;
  constraint?: string;
  stack?: string;
  cause?: DescribedError;
}

/** An error and its causes (at most 4 deep), without parameter values, each text clipped. */
export function describeError(error: Error, depth = 0): DescribedError {
  const e = error as Error & {
    code?: unknown;
    severity?: unknown;
    query?: unknown;
    params?: unknown;
    table_name?: unknown;
    constraint_name?: unknown;
  };
  // drizzle's DrizzleQueryError puts the parameters in its message: keep the statement only.
  const failedQuery = typeof e.query === "string" && e.message.startsWith("Failed query:");
  const described: DescribedError = {
    name: e.name,
    message: clip(failedQuery ? "Failed query" : e.message),
  };
  if (typeof e.code === "string" || typeof e.code === "number") described.code = String(e.code);
  if (typeof e.severity === "string") described.severity = e.severity;
  if (failedQuery) described.query = clip(String(e.query));
  if (typeof e.table_name === "string") described.table = e.table_name;
  if (typeof e.constraint_name === "string") described.constraint = e.constraint_name;
  // Frames only: the first lines of a stack repeat the message (and with it drizzle's parameters).
  if (depth === 0 && e.stack) {
    const frames = e.stack
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("at "));
    described.stack = frames.slice(0, STACK_FRAMES).join(" | ");
  }
  if (e.cause instanceof Error && depth < 4) described.cause = describeError(e.cause, depth + 1);
  else if (e.cause !== undefined && depth < 4) described.cause = { name: typeof e.cause, message: clip(stringify(e.cause)) };
  return described;
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** JSON of `entry`, at most MAX_LINE characters: long fields are clipped first, then dropped. */
function bounded(entry: Record<string, unknown>): string {
  const line = JSON.stringify(entry);
  if (line.length <= MAX_LINE) return line;
  const clipped = JSON.stringify(entry, (_key, value: unknown) => (typeof value === "string" ? clip(value, 200) : value));
  if (clipped.length <= MAX_LINE) return clipped;
  return JSON.stringify({ time: entry.time, level: entry.level, message: entry.message, truncated: clip(clipped, MAX_LINE - 200) });
}

export const log = {
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
