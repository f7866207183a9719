// The ingestion engine on a real database: rows written, idempotent replays, resuming after a crash
// midway, one fetch per report however many statics watch it, and one worker per report.
import { createStaticAs, type DbHandle, events, fights, ingestionLedger, queryRows, users, watchedReports } from "@progboard/db";
import { createTestDb, credentialOf, testDatabaseUrl } from "@progboard/db/testing";
import { fileReportCode } from "@progboard/domain";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestReport } from "./ingest";
import { ABANDONED_IMPORT, claimNext, claimReport, enqueue, queueLiveReports } from "./ledger";
import { NOT_CONFIGURED, runClaimedReport, stalledMessage } from "./run";
import { startIngestionRunner } from "./runner";
import { type EventPage, IngestError, type NormalizedFight, type NormalizedReport, type ReportSource } from "./types";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

/** A small report: trash, then `pulls` pulls of 3 pages × 4 events each; the last pull is a kill. */
function makeReport(code: string, pulls: number, revision = 1): NormalizedReport {
  const fightList: NormalizedFight[] = [
    {
      id: 1,
      encounterId: 0,
      name: "Trash",
      difficulty: null,
      startTime: 0,
      endTime: 5_000,
      kill: null,
      fightPercentage: null,
      bossPercentage: null,
      lastPhase: null,
      lastPhaseAbsoluteIndex: null,
      lastPhaseIsIntermission: null,
      phaseTransitions: null,
      friendlyPlayers: [1, 2],
    },
  ];
  for (let i = 0; i < pulls; i++) {
    const start = 10_000 + i * 100_000;
    fightList.push({
      id: i + 2,
      encounterId: 1077,
      name: "The Omega Protocol",
      difficulty: 100,
      startTime: start,
      endTime: start + 60_000 + i * 1_000,
      kill: i === pulls - 1,
      fightPercentage: i === pulls - 1 ? 0 : 80 - i,
      bossPercentage: 50,
      lastPhase: 2,
      lastPhaseAbsoluteIndex: 3,
      lastPhaseIsIntermission: false,
      phaseTransitions: [{ id: 1, startTime: start }],
      friendlyPlayers: [1, 2],
    });
  }
  return {
    code,
    title: "Prog night",
    owner: "Aoi",
    zoneId: 59,
    zoneName: "Omega",
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_900_000,
    revision,
    fights: fightList,
    actors: [
      { id: 1, name: "Aoi Tsuki", type: "Player", subType: "Warrior", server: "Tonberry", petOwner: null, gameId: null, isPlayer: true },
      { id: 2, name: "Ren Kaze", type: "Player", subType: "WhiteMage", server: "Tonberry", petOwner: null, gameId: null, isPlayer: true },
      { id: 3, name: "Limit Break", type: "Player", subType: "LimitBreak", server: null, petOwner: null, gameId: null, isPlayer: false },
    ],
    abilities: [{ gameId: 31_500, name: "Wave Cannon", icon: "wave.png", type: 1024 }],
  };
}

class MemorySource implements ReportSource {
  readonly resumable = true;
  readonly fetched: string[] = [];
  pagesServed = 0;
  constructor(
    private readonly report: NormalizedReport,
    private readonly failAfterPages = Infinity,
  ) {}
  fetchReport(code: string): Promise<NormalizedReport> {
    this.fetched.push(code);
    if (code !== this.report.code) return Promise.reject(new IngestError(`Report ${code} was not found or is private`, false));
    return Promise.resolve(this.report);
  }
  async *fightEvents(_report: NormalizedReport, fight: NormalizedFight): AsyncIterable<EventPage> {
    for (let page = 0; page < 3; page++) {
      if (this.pagesServed >= this.failAfterPages) throw new IngestError("FFLogs answered 503 Service Unavailable five times; will retry", true);
      this.pagesServed++;
      await Promise.resolve();
      yield {
        fightId: fight.id,
        stream: "damage-taken",
        events: Array.from({ length: 4 }, (_, i) => ({
          timestamp: fight.startTime + page * 1_000 + i * 10,
          type: i === 3 ? "death" : "damage",
          sourceId: 100,
          targetId: 1 + (i % 2),
          abilityGameId: 31_500,
          amount: i === 3 ? null : 50_000 + i,
          data: { timestamp: fight.startTime + page * 1_000 + i * 10, type: i === 3 ? "death" : "damage", note: 'quote " and \\ backslash' },
        })),
      };
    }
  }
}

const countsFor = async (code: string) => {
  const [row] = await queryRows<{ fights: number; complete: number; events: number; actors: number; abilities: number }>(
    handle.db,
    sql`select (select count(*)::int from fights where report_code = ${code}) as fights,
               (select count(*)::int from fights where report_code = ${code} and events_complete) as complete,
               (select count(*)::int from events where report_code = ${code}) as events,
               (select count(*)::int from actors where report_code = ${code}) as actors,
               (select count(*)::int from abilities where report_code = ${code}) as abilities`,
  );
  return row;
};
const eventRows = (code: string) =>
  queryRows<Record<string, unknown>>(
    handle.db,
    sql`select fight_id, seq, timestamp, type, source_id, target_id, ability_game_id, amount, data from events where report_code = ${code} order by fight_id, seq`,
  );
const ledgerOf = async (code: string) => (await handle.db.select().from(ingestionLedger).where(eq(ingestionLedger.reportCode, code)))[0];

describe("ingestReport", () => {
  it("writes the report, its fights, master data and pull events; trash has no events", async () => {
    await enqueue(handle, "ingestOne01");
    const summary = await ingestReport(handle, new MemorySource(makeReport("ingestOne01", 3)), "ingestOne01");
    expect(summary).toMatchObject({ fights: 4, pulls: 3, fightsWritten: 4, events: 36, pages: 9, complete: true });
    expect(await countsFor("ingestOne01")).toEqual({ fights: 4, complete: 4, events: 36, actors: 3, abilities: 1 });
    const [trash] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from events where report_code = 'ingestOne01' and fight_id = 1`,
    );
    expect(trash?.n).toBe(0);
    // Raw event JSON survives, quotes and backslashes included.
    const [first] = await eventRows("ingestOne01");
    expect(first).toMatchObject({
      fight_id: 2,
      seq: 0,
      type: "damage",
      data: expect.objectContaining({ note: 'quote " and \\ backslash' }) as unknown,
    });
    expect(await ledgerOf("ingestOne01")).toMatchObject({ fightsDone: 4, fightsTotal: 4, pagesDone: 9, revision: 1 });
  });

  it("is idempotent: ingesting again changes no row and fetches no events", async () => {
    const before = await eventRows("ingestOne01");
    const source = new MemorySource(makeReport("ingestOne01", 3));
    const again = await ingestReport(handle, source, "ingestOne01");
    expect(again).toMatchObject({ fightsWritten: 0, events: 0 });
    expect(source.pagesServed).toBe(0);
    expect(await eventRows("ingestOne01")).toEqual(before);
  });

  it("resumes after a crash midway with exactly the rows of an uninterrupted run", async () => {
    await enqueue(handle, "straight01");
    await ingestReport(handle, new MemorySource(makeReport("straight01", 4)), "straight01");

    await enqueue(handle, "crashing01");
    const crashing = new MemorySource(makeReport("crashing01", 4), 7);
    await expect(ingestReport(handle, crashing, "crashing01")).rejects.toThrow(IngestError);
    expect(await countsFor("crashing01")).toMatchObject({ fights: 5, complete: 3, events: 24 });
    const resumed = new MemorySource(makeReport("crashing01", 4));
    await ingestReport(handle, resumed, "crashing01");
    expect(resumed.pagesServed).toBe(6);
    expect(await eventRows("crashing01")).toEqual(await eventRows("straight01"));
  });

  it("fetches a fight again when a new revision changed it, and keeps the others", async () => {
    const grown = makeReport("ingestOne01", 3, 2);
    const last = grown.fights[3];
    if (!last) throw new Error("no fight");
    grown.fights[3] = { ...last, endTime: last.endTime + 5_000 };
    const source = new MemorySource(grown);
    const summary = await ingestReport(handle, source, "ingestOne01");
    expect(summary).toMatchObject({ fightsWritten: 1, revision: 2 });
    expect(await countsFor("ingestOne01")).toMatchObject({ fights: 4, complete: 4, events: 36 });
  });
});

describe("the ledger and the runner", () => {
  it("queues a report once however often it is asked, and fetches it once", async () => {
    await enqueue(handle, "sharedRep01");
    await enqueue(handle, "sharedRep01");
    const source = new MemorySource(makeReport("sharedRep01", 2));
    const runner = startIngestionRunner({ db: handle, source, pollIntervalMs: 60_000 }, { autostart: false });
    const done = await runner.drain();
    // (Reports earlier tests left queued are drained too; this one is run once.)
    expect(done.filter((s) => s.code === "sharedRep01")).toHaveLength(1);
    expect(source.fetched.filter((code) => code === "sharedRep01")).toHaveLength(1);
    expect(await ledgerOf("sharedRep01")).toMatchObject({ status: "done", attempts: 1, fightsDone: 3, lastError: null });
    await runner.stop();
  });

  it("never lets two workers claim the same report, and lets a claim whose lease ran out be resumed", async () => {
    await enqueue(handle, "claimMe001");
    const [first, second] = await Promise.all([claimNext(handle, 60_000, "claimMe001"), claimNext(handle, 60_000, "claimMe001")]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await claimNext(handle, 60_000, "claimMe001")).toBeNull();
    // Its worker dies: the lease runs out (set in the past, so a busy machine cannot make it flaky).
    await handle.withIngestion((tx) =>
      tx.execute(sql`update ingestion_ledger set lease_until = now() - interval '1 second' where report_code = 'claimMe001'`),
    );
    expect(await claimNext(handle, 60_000, "claimMe001")).toEqual({ code: "claimMe001", attempts: 2 });
  });

  it("a run stopped by a shutdown hands its claim back: due at once, resumed by the next worker, not counted as a try", async () => {
    await enqueue(handle, "stopMe0001");
    const claim = await claimNext(handle, 5 * 60_000, "stopMe0001");
    if (!claim) throw new Error("not claimed");
    const stop = new AbortController();
    const outcome = await runClaimedReport(handle, claim, new MemorySource(makeReport("stopMe0001", 4)), {
      leaseMs: 5 * 60_000,
      maxAttempts: 5,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(outcome.status).toBe("stopped");
    expect(await ledgerOf("stopMe0001")).toMatchObject({ status: "queued", attempts: 0, leaseUntil: null });
    // Another worker takes it at once (no 5-minute lease to wait out) and finishes it.
    const resumed = await claimNext(handle, 60_000, "stopMe0001");
    expect(resumed).toEqual({ code: "stopMe0001", attempts: 1 });
    await runClaimedReport(handle, claim, new MemorySource(makeReport("stopMe0001", 4)), { leaseMs: 60_000, maxAttempts: 5 });
    expect(await ledgerOf("stopMe0001")).toMatchObject({ status: "done", fightsDone: 5 });
  });

  it("a file import whose process died is failed with 'import the file again', never fetched elsewhere, and a new import is not refused", async () => {
    // A file import's claim (its key says so) whose lease ran out: the process that had the file is gone.
    const [FILE_DEAD_1, FILE_DEAD_2] = [fileReportCode("d1".repeat(32)), fileReportCode("d2".repeat(32))];
    await claimReport(handle, FILE_DEAD_1, 30);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const source = new MemorySource(makeReport(FILE_DEAD_1, 2));
    const runner = startIngestionRunner({ db: handle, source, pollIntervalMs: 60_000 }, { autostart: false });
    await runner.drain();
    await runner.stop();
    expect(source.fetched).not.toContain(FILE_DEAD_1);
    expect(await ledgerOf(FILE_DEAD_1)).toMatchObject({ status: "failed", lastError: ABANDONED_IMPORT, leaseUntil: null });
    // Importing the file again works at once.
    expect(await claimReport(handle, FILE_DEAD_1, 60_000)).toMatchObject({ code: FILE_DEAD_1 });

    // A new import of a report whose earlier import died takes the dead claim over, before any worker looked.
    await claimReport(handle, FILE_DEAD_2, 30);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await claimReport(handle, FILE_DEAD_2, 60_000)).toMatchObject({ code: FILE_DEAD_2, attempts: 2 });
  });

  it("a stalled run is stopped and retried with the true reason; a stalled file import says to import the file again", async () => {
    class HangingSource extends MemorySource {
      override async *fightEvents(report: NormalizedReport, fight: NormalizedFight): AsyncIterable<EventPage> {
        if (fight.id > 2) await new Promise(() => undefined);
        yield* super.fightEvents(report, fight);
      }
    }
    for (const [code, resumable] of [
      ["stalled001", true],
      [fileReportCode("5a".repeat(32)), false],
    ] as const) {
      const claim = await claimReport(handle, code, 60_000);
      const source = new HangingSource(makeReport(code, 3));
      Object.defineProperty(source, "resumable", { value: resumable });
      const outcome = await runClaimedReport(handle, claim, source, { leaseMs: 60_000, maxAttempts: 5, heartbeatMs: 20, stallMs: 200 });
      // The retry is said once, with when (describeFailure); the file import's failure is final.
      const said = resumable ? `${stalledMessage(200, true)}; it will be retried in 30 s (attempt 2 of 5)` : stalledMessage(200, false);
      expect(outcome).toEqual({ status: resumable ? "retrying" : "failed", error: said });
      expect(await ledgerOf(code)).toMatchObject({
        status: resumable ? "queued" : "failed",
        lastError: said,
        fightsDone: 2,
      });
    }
  });

  it("a run's heartbeat keeps its claim past the lease while it is alive", async () => {
    class SlowSource extends MemorySource {
      override async *fightEvents(report: NormalizedReport, fight: NormalizedFight): AsyncIterable<EventPage> {
        await new Promise((resolve) => setTimeout(resolve, 800));
        yield* super.fightEvents(report, fight);
      }
    }
    await enqueue(handle, "beating001");
    const claim = await claimNext(handle, 300, "beating001");
    if (!claim) throw new Error("not claimed");
    const run = runClaimedReport(handle, claim, new SlowSource(makeReport("beating001", 2)), { leaseMs: 300, maxAttempts: 5, heartbeatMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Past the first lease, before the first fight is done: another worker finds the claim alive.
    expect(await claimNext(handle, 60_000, "beating001")).toBeNull();
    expect((await run).status).toBe("done");
  });

  it("records failures in words: retryable ones wait and go back in the queue, the rest fail", async () => {
    await enqueue(handle, "flaky00001");
    const runner = startIngestionRunner(
      { db: handle, source: new MemorySource(makeReport("flaky00001", 2), 1), pollIntervalMs: 60_000 },
      { autostart: false },
    );
    await runner.drain();
    expect(await ledgerOf("flaky00001")).toMatchObject({
      status: "queued",
      lastError: "FFLogs answered 503 Service Unavailable five times; it will be retried in 30 s (attempt 2 of 5)",
    });
    expect((await ledgerOf("flaky00001"))?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);

    await enqueue(handle, "noSource01");
    const unconfigured = startIngestionRunner({ db: handle, source: null, pollIntervalMs: 60_000 }, { autostart: false });
    await unconfigured.drain();
    expect(await ledgerOf("noSource01")).toMatchObject({ status: "failed", lastError: NOT_CONFIGURED });
    await Promise.all([runner.stop(), unconfigured.stop()]);
  });

  it("queues live reports again once their last ingestion is older than the poll interval", async () => {
    const [user] = await handle.authDb
      .insert(users)
      .values({ username: "poller", displayName: "Poller", email: "poller@test.invalid", emailCanonical: "poller@test.invalid" })
      .returning();
    if (!user) throw new Error("seed failed");
    const group = { id: await createStaticAs(handle.db, await credentialOf(handle, user.id), "Live static") };
    await handle.withWorkerTenant({ userId: user.id, staticId: group.id }, (tx) =>
      tx.insert(watchedReports).values({ staticId: group.id, code: "sharedRep01", live: true }),
    );
    expect(await queueLiveReports(handle, 60_000)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await queueLiveReports(handle, 10)).toEqual(["sharedRep01"]);
    expect(await ledgerOf("sharedRep01")).toMatchObject({ status: "queued" });
  });

  it("leaves no event of a fight half-written: each fight is one transaction", async () => {
    const rows = await handle.db.select({ id: fights.id, complete: fights.eventsComplete }).from(fights).where(eq(fights.reportCode, "crashing01"));
    for (const fight of rows) {
      const [n] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from ${events} where report_code = 'crashing01' and fight_id = ${fight.id}`,
      );
      expect(n?.n).toBe(fight.id === 1 ? 0 : 12);
    }
  });
});

describe.skipIf(!testDatabaseUrl())("PostgreSQL drops every connection mid-import (PostgreSQL)", () => {
  it("the run fails in words, is retried, and ends with exactly the rows of an uninterrupted run", async () => {
    // The test database, as its owner (the URL's user).
    const [{ name } = { name: "" }] = await queryRows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(testDatabaseUrl() ?? "");
    url.pathname = `/${name}`;
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await enqueue(handle, "calmRun001");
      await ingestReport(handle, new MemorySource(makeReport("calmRun001", 6)), "calmRun001");

      await enqueue(handle, "restart001");
      const claim = await claimNext(handle, 60_000, "restart001");
      if (!claim) throw new Error("not claimed");
      let terminated = false;
      const outcome = await runClaimedReport(handle, claim, new MemorySource(makeReport("restart001", 6)), {
        leaseMs: 60_000,
        maxAttempts: 5,
        onProgress: ({ fightsDone }) => {
          if (fightsDone === 3 && !terminated) {
            terminated = true;
            // As a PostgreSQL restart does: every backend of the database goes away at once.
            void admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
          }
        },
      }).catch((error: unknown) => ({ status: "unrecorded", error: String(error) }));
      expect(terminated).toBe(true);
      // Either the failure was recorded (retrying, in words) or the database was still away for that
      // too: then the claim runs out and the report is taken over. Both resume the same way.
      expect(["retrying", "unrecorded", "done"]).toContain(outcome.status);
      // Its retry is due now (rather than after the backoff).
      await admin`update ingestion_ledger set status = 'queued', next_attempt_at = now() where report_code = 'restart001'`;
      let resumed: Awaited<ReturnType<typeof runClaimedReport>> | undefined;
      for (let attempt = 0; attempt < 50 && resumed?.status !== "done"; attempt++) {
        const again = await claimNext(handle, 60_000, "restart001").catch(() => null);
        if (again)
          resumed = await runClaimedReport(handle, again, new MemorySource(makeReport("restart001", 6)), { leaseMs: 60_000, maxAttempts: 50 });
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(resumed?.status).toBe("done");
      expect(await countsFor("restart001")).toEqual(await countsFor("calmRun001"));
      expect(await eventRows("restart001")).toEqual(await eventRows("calmRun001"));
    } finally {
      await admin.end();
    }
  });
});
