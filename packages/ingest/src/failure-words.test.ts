// What a failed ingestion says (issue 11, cases 2 and 6): only a failure that is really retried
// says it will be, and when; a file import's failure is final and says what to do; a report
// whose data is complete stays done when a static asks for it on a server that cannot fetch it.
import { type DbHandle, ingestionLedger } from "@progboard/db";
import { createTestDb } from "@progboard/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReportFile } from "./file";
import { claimReport, enqueue } from "./ledger";
import { KEPT_WITHOUT_FFLOGS, NOT_CONFIGURED, runClaimedReport } from "./run";
import { startIngestionRunner } from "./runner";
import { SAVAGE_TIER_FIXTURE_PATH } from "./testing";
import { type EventPage, IngestError, type NormalizedFight, type NormalizedReport, type ReportSource } from "./types";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

const ledgerOf = async (code: string) => (await handle.db.select().from(ingestionLedger).where(eq(ingestionLedger.reportCode, code)))[0];

/** The savage-tier file, read as the import reads it, with fight `failAt` breaking on an error that is not ours (a database error, say). */
async function breakingSource(resumable: boolean, failAt: number, code?: string): Promise<ReportSource & { code: string }> {
  const file = await openReportFile(SAVAGE_TIER_FIXTURE_PATH, { name: "savage.json" });
  return {
    code: code ?? file.code,
    resumable,
    fetchReport: async () => ({ ...(await file.fetchReport(file.code)), code: code ?? file.code }),
    async *fightEvents(report: NormalizedReport, fight: NormalizedFight): AsyncIterable<EventPage> {
      if (fight.id === failAt) throw new Error('Failed query: insert into "events" ... params: {"amount":2147483648}');
      yield* file.fightEvents(report, fight);
    },
  };
}

describe("a failure's words", () => {
  it("a file import that fails part-way is final and says to import the file again, never that it will be retried", async () => {
    const source = await breakingSource(false, 5);
    const claim = await claimReport(handle, source.code, 60_000);
    const outcome = await runClaimedReport(handle, claim, source, { leaseMs: 60_000, maxAttempts: 5 });
    expect(outcome.status).toBe("failed");
    const ledger = await ledgerOf(source.code);
    expect(ledger?.status).toBe("failed");
    expect(ledger?.lastError).toMatch(/import the file again after fixing it$/);
    expect(ledger?.lastError).not.toMatch(/retried|insert|Failed query|2147483648/);
    expect(outcome).toMatchObject({ error: ledger?.lastError });
  });
});

describe("shared status is about the data (case 6)", () => {
  it("a complete report asked for again where FFLogs cannot be reached stays done, and says why it was not fetched", async () => {
    const file = await openReportFile(SAVAGE_TIER_FIXTURE_PATH, { name: "savage.json" });
    const code = "sAvAgEtIeR2026x1";
    const claim = await claimReport(handle, code, 60_000);
    expect((await runClaimedReport(handle, claim, file, { leaseMs: 60_000, maxAttempts: 1 })).status).toBe("done");

    // Another static watches it: the report is queued again, on a server without FFLogs credentials.
    await enqueue(handle, code);
    const unconfigured = startIngestionRunner({ db: handle, source: null, pollIntervalMs: 60_000 }, { autostart: false });
    await unconfigured.drain();
    expect(await ledgerOf(code)).toMatchObject({ status: "done", fightsDone: 9, fightsTotal: 9, lastError: KEPT_WITHOUT_FFLOGS });

    // A report with nothing yet still fails, in words.
    await enqueue(handle, "nothingYet01");
    await unconfigured.drain();
    expect(await ledgerOf("nothingYet01")).toMatchObject({ status: "failed", lastError: NOT_CONFIGURED });
    await unconfigured.stop();
  });
});

describe("shared status is about the data (issue 12: a retry by another static)", () => {
  it("a fetch again that fails on a complete report leaves it done for everyone, in words, with its pulls", async () => {
    const file = await openReportFile(SAVAGE_TIER_FIXTURE_PATH, { name: "savage.json" });
    const code = "sAvAgEtIeR2026r1";
    const first = await claimReport(handle, code, 60_000);
    const complete: ReportSource = { ...file, resumable: true, fetchReport: async () => ({ ...(await file.fetchReport(file.code)), code }) };
    expect((await runClaimedReport(handle, first, complete, { leaseMs: 60_000, maxAttempts: 1 })).status).toBe("done");

    // Another static presses retry; FFLogs answers with an error this time.
    await enqueue(handle, code);
    const failing: ReportSource = {
      ...complete,
      fetchReport: () => Promise.reject(new IngestError("FFLogs answered 503 Service Unavailable", true)),
    };
    const again = await claimReport(handle, code, 60_000);
    const outcome = await runClaimedReport(handle, again, failing, { leaseMs: 60_000, maxAttempts: 5 });
    expect(outcome.status).toBe("done");
    expect(await ledgerOf(code)).toMatchObject({
      status: "done",
      fightsDone: 9,
      fightsTotal: 9,
      lastError: "Not fetched again: FFLogs answered 503 Service Unavailable; every pull already fetched is still here",
    });
  });
});

describe("a failure that is retried", () => {
  it("gives up after the last attempt and says what to do; only a real retry says it will be retried, and when", async () => {
    const last = await breakingSource(true, 6, "RetryWords0001");
    const claim = await claimReport(handle, last.code, 60_000);
    const gaveUp = await runClaimedReport(handle, claim, last, { leaseMs: 60_000, maxAttempts: 1 });
    expect(gaveUp.status).toBe("failed");
    const failed = await ledgerOf(last.code);
    expect(failed?.lastError).toMatch(
      /^Ingestion stopped on an unexpected error \(the server log has the details\); gave up after 1 attempt: press Retry/,
    );
    expect(failed?.lastError).not.toMatch(/will be retried|Failed query/);

    const again = await breakingSource(true, 8, "RetryWords0001");
    const retried = await runClaimedReport(handle, await claimReport(handle, again.code, 60_000), again, { leaseMs: 60_000, maxAttempts: 5 });
    expect(retried).toEqual({ status: "retrying", error: "Ingestion stopped on an unexpected error; it will be retried in 30 s (attempt 2 of 5)" });
    const queued = await ledgerOf(again.code);
    expect(queued).toMatchObject({ status: "queued", lastError: retried.status === "retrying" ? retried.error : null });
    expect(queued?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
  });
});
