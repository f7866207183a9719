import { describe, expect, it } from "vitest";
import type { Ingestion } from "./api";
import { describeIngestion, pollInterval } from "./ingestion";

const now = new Date("2025-06-10T12:00:00");

const base: Ingestion = {
  status: "queued",
  fightsDone: 0,
  fightsTotal: null,
  error: null,
  retryAt: null,
  finishedAt: null,
  pulls: 0,
  pullsWithEvents: 0,
};
/** Every pull with its events unless told otherwise. */
const ing = (patch: Partial<Ingestion>): Ingestion => ({ ...base, pullsWithEvents: patch.pulls ?? 0, ...patch });

describe("describeIngestion", () => {
  it("says a new report is queued", () => {
    expect(describeIngestion(base, now)).toMatchObject({ tone: "queued", chip: "Queued", action: null, error: null });
  });

  it("shows progress in fights while fetching", () => {
    expect(describeIngestion(ing({ status: "running", fightsDone: 12, fightsTotal: 46 }), now)).toMatchObject({
      tone: "running",
      chip: "Fetching",
      progress: { done: 12, total: 46 },
      detail: "12 of 46 fights",
    });
    // Before the fight list is known there is nothing to measure against.
    expect(describeIngestion(ing({ status: "running" }), now)).toMatchObject({ progress: null, detail: "Reading the fight list…" });
  });

  it("counts pulls when done, and offers to fetch again", () => {
    expect(describeIngestion(ing({ status: "done", pulls: 38, fightsDone: 46, fightsTotal: 46 }), now)).toMatchObject({
      tone: "done",
      chip: "Done",
      detail: "38 pulls",
      action: "Fetch again",
    });
    expect(describeIngestion(ing({ status: "done", pulls: 1 }), now).detail).toBe("1 pull");
  });

  it("gives the reason and a retry when failed", () => {
    expect(describeIngestion(ing({ status: "failed", error: "FFLogs API credentials are not configured" }), now)).toMatchObject({
      tone: "failed",
      chip: "Failed",
      error: "FFLogs API credentials are not configured",
      action: "Retry",
    });
  });

  it("shows a partial report as partial: how many pulls have their events, and where the import failed (case 3)", () => {
    const failed = describeIngestion(
      ing({
        status: "failed",
        pulls: 10,
        pullsWithEvents: 7,
        error: "night.jsonl line 40 is not an events page. Nothing more is read from this file: import the file again after fixing it",
      }),
      now,
    );
    expect(failed).toMatchObject({ tone: "failed", chip: "Failed" });
    expect(failed.error).toBe(
      "7 of 10 pulls have their events; the import failed at pull 8: night.jsonl line 40 is not an events page. Nothing more is read from this file: import the file again after fixing it",
    );
    const done = describeIngestion(ing({ status: "done", pulls: 7, pullsWithEvents: 0 }), now);
    expect(done).toMatchObject({ tone: "partial", chip: "Partial", detail: '0 of 7 pulls have their events; the others read "unknown"' });
  });

  it("shows why a complete report was not fetched again, and keeps it done (case 6)", () => {
    const view = describeIngestion(
      ing({ status: "done", pulls: 7, error: "Not fetched again: FFLogs API credentials are not configured on this server." }),
      now,
    );
    expect(view).toMatchObject({
      tone: "done",
      chip: "Done",
      detail: "7 pulls",
      error: "Not fetched again: FFLogs API credentials are not configured on this server.",
    });
  });

  it("says when a report waiting after an error will be tried again", () => {
    const view = describeIngestion(ing({ error: "FFLogs is rate limiting", retryAt: "2025-06-10T14:05:00" }), now);
    expect(view).toMatchObject({ tone: "retrying", error: "FFLogs is rate limiting", action: null });
    expect(view.chip).toMatch(/^Retrying at .*(14|2):05/);
    expect(describeIngestion(ing({ error: "x", retryAt: "2025-06-12T09:00:00" }), now).chip).toMatch(/^Retrying on /);
    expect(describeIngestion(ing({ error: "x", retryAt: "2025-06-10T11:00:00" }), now).chip).toBe("Retrying soon");
  });
});

describe("pollInterval", () => {
  const report = (ingestion: Ingestion, live = false) => ({ live, ingestion });

  it("polls every 2 s while anything is queued or being fetched", () => {
    expect(pollInterval([report(ing({ status: "done" })), report(base)], now)).toBe(2000);
    expect(pollInterval([report(ing({ status: "running" }))], now)).toBe(2000);
  });

  it("stops once everything is done or failed", () => {
    expect(pollInterval([report(ing({ status: "done" })), report(ing({ status: "failed", error: "x" }))], now)).toBe(false);
    expect(pollInterval([], now)).toBe(false);
  });

  it("checks a report waiting to retry around its retry time", () => {
    expect(pollInterval([report(ing({ error: "x", retryAt: "2025-06-10T12:00:10" }))], now)).toBe(10_000);
    expect(pollInterval([report(ing({ error: "x", retryAt: "2025-06-10T13:00:00" }))], now)).toBe(30_000);
    expect(pollInterval([report(ing({ error: "x", retryAt: "2025-06-10T11:00:00" }))], now)).toBe(2000);
  });

  it("keeps an eye on live reports for new pulls", () => {
    expect(pollInterval([report(ing({ status: "done" }), true)], now)).toBe(30_000);
  });
});
