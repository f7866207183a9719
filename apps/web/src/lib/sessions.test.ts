import { describe, expect, it } from "vitest";
import { nameSessions, sessionRange } from "./sessions";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sessions = [
  { sessionKey: "report:A", startedAt: Date.UTC(2025, 0, 6, 19) },
  { sessionKey: "report:B", startedAt: Date.UTC(2025, 0, 7, 19) },
  { sessionKey: "report:C", startedAt: Date.UTC(2025, 0, 7, 22) },
];

describe("nameSessions", () => {
  it("names a session by its day, numbering days with several", () => {
    expect([...nameSessions(sessions, day).values()]).toEqual(["2025-01-06", "2025-01-07 (1)", "2025-01-07 (2)"]);
  });
});

describe("sessionRange", () => {
  it("runs from a session's first pull to just before the next session", () => {
    expect(sessionRange(sessions, "report:B")).toEqual({ from: Date.UTC(2025, 0, 7, 19), to: Date.UTC(2025, 0, 7, 22) - 1 });
  });

  it("is open-ended for the last session, and null for one that is gone", () => {
    expect(sessionRange(sessions, "report:C")).toEqual({ from: Date.UTC(2025, 0, 7, 22) });
    expect(sessionRange(sessions, "report:Z")).toBeNull();
  });
});
