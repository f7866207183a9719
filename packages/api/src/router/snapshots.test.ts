// Saved nights (issue 16): a snapshot reads back exactly as saved after the raw data, the report's
// ingestion and the static's config change; a document of a newer schema version is refused in words.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { events, fights, nightSnapshots, users } from "@progboard/db";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing";

let h: Harness;
const CODE = "SnapshotRep0001";
const encounterId = GENERATED_ENCOUNTER.id;
let staticId: number;
type Caller = Awaited<ReturnType<Harness["as"]>>;
let a: Caller;
let session: string;

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-snapshots-")), "report.jsonl");
  await writeReportFile(file, { seed: 5, code: CODE, pulls: 12, eventsPerPull: 150, format: "jsonl" });
  await enqueue(h.handle, CODE);
  await ingestReport(h.handle, await openReportFile(file), CODE);
  staticId = (await (await h.as("sora")).statics.create({ name: "Sora's static" })).id;
  a = await h.as("sora", { staticId });
  await a.watchedReports.add({ report: CODE });
  const [first] = await a.analysis.sessions({ encounterId });
  if (!first) throw new Error("no session");
  session = first.sessionKey;
});
afterAll(() => h.close());

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("saved nights", () => {
  it("reads back exactly as saved after the raw data, the config and the analysis change", async () => {
    const night = await a.analysis.night({ encounterId, session });
    const saved = await a.snapshots.create({ encounterId, session });
    expect(saved.name).toBe(`${night.sessionLabel} – ${night.session.pulls[0]?.name}`);

    // The config changes (a strat), and the raw data too: a fight's outcome rewritten, a pull's events gone.
    await a.strats.upsert({ encounterId, mechanicRef: "Ashfall", role: "tank" });
    const firstPull = night.session.pulls[0];
    if (!firstPull) throw new Error("no pull");
    await h.handle.withIngestion(async (db) => {
      await db
        .update(fights)
        .set({ fightPercentage: 1.5 })
        .where(and(eq(fights.reportCode, CODE), eq(fights.id, firstPull.fightId)));
      await db.delete(events).where(and(eq(events.reportCode, CODE), eq(events.fightId, firstPull.fightId)));
    });
    h.analysisCache.clear();
    const now = await a.analysis.night({ encounterId, session });
    expect(now).not.toEqual(night);

    const read = await a.snapshots.byId({ id: saved.id });
    expect(read.readable).toBe(true);
    expect(read.document?.night).toEqual(night);
    expect(read.document).toMatchObject({ kind: "progboard.night", schemaVersion: 1, encounterId });
    expect(await a.snapshots.list({})).toEqual([expect.objectContaining({ id: saved.id, name: saved.name, schemaVersion: 1, createdBy: "sora" })]);
  });

  it("refuses, in words, a document of a newer schema version, and still hands it out for download", async () => {
    const [user] = await h.handle.db.select({ id: users.id }).from(users).where(eq(users.username, "sora"));
    if (!user) throw new Error("no user");
    const future = { kind: "progboard.night", schemaVersion: 7, night: { whatever: true } };
    const [row] = await h.handle.withWorkerTenant({ userId: user.id, staticId }, (db) =>
      db
        .insert(nightSnapshots)
        .values({ staticId, encounterId, sessionKey: session, name: "From the future", schemaVersion: 7, document: future })
        .returning({ id: nightSnapshots.id }),
    );
    if (!row) throw new Error("insert failed");
    const read = await a.snapshots.byId({ id: row.id });
    expect(read).toMatchObject({
      readable: false,
      document: null,
      raw: future,
      message:
        "This snapshot was saved by a newer progboard (schema version 7; this one reads version 1). It is kept as it is and can be downloaded, but not shown here.",
    });
  });

  it("answers NOT_FOUND for an unknown session or snapshot, and deletes", async () => {
    expect(await failure(a.snapshots.create({ encounterId, session: "report:nope" }))).toEqual({ code: "NOT_FOUND", message: "No such session" });
    expect(await failure(a.snapshots.byId({ id: 999_999 }))).toEqual({ code: "NOT_FOUND", message: "No such snapshot" });
    const saved = await a.snapshots.create({ encounterId, session, name: "  Tuesday  " });
    expect(saved.name).toBe("Tuesday");
    expect(await a.snapshots.remove({ id: saved.id })).toEqual({ removed: true });
    expect(await failure(a.snapshots.remove({ id: saved.id }))).toEqual({ code: "NOT_FOUND", message: "No such snapshot" });
  });

  it("lets only owners delete a saved night", async () => {
    const [mine] = await a.snapshots.list({});
    if (!mine) throw new Error("no snapshot");
    await h.as("umi");
    await a.members.add({ staticId, username: "umi" });
    const member = await h.as("umi", { staticId });
    expect(await member.snapshots.byId({ id: mine.id })).toMatchObject({ id: mine.id, name: mine.name });
    expect(await failure(member.snapshots.remove({ id: mine.id }))).toEqual({
      code: "FORBIDDEN",
      message: "Only an owner of Sora's static can delete saved nights",
    });
  });

  it("keeps another static's snapshots out of reach", async () => {
    const other = await h.as("tomo", { staticId: (await (await h.as("tomo")).statics.create({ name: "Tomo's" })).id });
    const [mine] = await a.snapshots.list({});
    if (!mine) throw new Error("no snapshot");
    expect(await other.snapshots.list({})).toEqual([]);
    expect(await failure(other.snapshots.byId({ id: mine.id }))).toEqual({ code: "NOT_FOUND", message: "No such snapshot" });
    expect(await failure(other.snapshots.remove({ id: mine.id }))).toEqual({ code: "NOT_FOUND", message: "No such snapshot" });
  });
});
