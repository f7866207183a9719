// What a failure's log line says: the request id, the database's code and message, the statement
// without its parameter values, and never more than a few KB, whatever the parameters weighed.
import { reports } from "@progboard/db";
import { createTestDb } from "@progboard/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { log, MAX_LINE } from "./log";

let handle: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

/** The lines `fn` writes to stderr. */
function captured(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe("a failure's log line", () => {
  it("has the request id, the database's code and message, the statement, no parameter value, and stays under the bound", async () => {
    const secret = `PARAM-${"x".repeat(230_000)}`;
    const row = { code: "LogTest00001", title: secret, startTime: 0, endTime: 1, revision: 1 };
    await handle.withIngestion((tx) => tx.insert(reports).values(row));
    const failure = await handle
      .withIngestion((tx) => tx.insert(reports).values(row))
      .then(
        () => null,
        (error: unknown) => error as Error,
      );
    expect(failure).toBeInstanceOf(Error);
    const lines = captured(() => log.error("request failed", { requestId: "req-123", procedure: "reports.add", error: failure }));
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line.length).toBeLessThanOrEqual(MAX_LINE);
    expect(line).not.toContain("PARAM-");
    const entry = JSON.parse(line) as { requestId: string; error: { query?: string; cause?: { code?: string; message: string } } };
    expect(entry.requestId).toBe("req-123");
    expect(entry.error.query).toMatch(/^insert into "reports"/);
    expect(entry.error.cause?.code).toBe("23505");
    expect(entry.error.cause?.message).toMatch(/duplicate key value violates unique constraint/);
  });

  it("stays under the bound for any error, however long its message", () => {
    const lines = captured(() => log.error("import failed", { error: new Error("y".repeat(300_000)), note: "z".repeat(100_000) }));
    expect(lines[0]?.length).toBeLessThanOrEqual(MAX_LINE);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ level: "error", message: "import failed" });
  });
});
