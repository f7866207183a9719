// SPEC.md D: what a static owns, procedure by procedure, as its members see it.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createHarness, type Harness } from "../testing";
import { describeInvalidInput } from "../trpc";

let h: Harness;
let staticId: number;
type Caller = Awaited<ReturnType<Harness["as"]>>;
let kiri: Caller;

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    // The message as the client reads it (the error formatter words zod errors this way).
    if (error instanceof TRPCError)
      return { code: error.code, message: error.cause instanceof ZodError ? describeInvalidInput(error.cause) : error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  staticId = (await (await h.as("kiri")).statics.create({ name: "Kiri's static" })).id;
  kiri = await h.as("kiri", { staticId });
});
afterAll(() => h.close());

describe("watchedReports", () => {
  it("watches a report by pasted URL, lists it with who added it, updates and removes it", async () => {
    const added = await kiri.watchedReports.add({ report: "https://www.fflogs.com/reports/pJTWtB8Yj4F1rc9Q?fight=5", label: "Tuesday" });
    expect(added).toMatchObject({ code: "pJTWtB8Yj4F1rc9Q", label: "Tuesday", live: false, addedBy: "kiri" });
    await kiri.watchedReports.update({ code: "pJTWtB8Yj4F1rc9Q", live: true });
    expect(await kiri.watchedReports.list()).toEqual([
      expect.objectContaining({ code: "pJTWtB8Yj4F1rc9Q", label: "Tuesday", live: true, addedBy: "kiri" }),
    ]);
    await kiri.watchedReports.update({ code: "pJTWtB8Yj4F1rc9Q", label: null });
    expect((await kiri.watchedReports.list())[0]?.label).toBeNull();
    expect(await kiri.watchedReports.remove({ code: "pJTWtB8Yj4F1rc9Q" })).toEqual({ removed: true });
    expect(await kiri.watchedReports.list()).toEqual([]);
  });

  it("queues the report for ingestion when it is watched, and lets a member ask for it again", async () => {
    await kiri.watchedReports.add({ report: "queueMe001" });
    const listed = (await kiri.watchedReports.list()).find((r) => r.code === "queueMe001");
    expect(listed?.ingestion).toEqual({
      status: "queued",
      fightsDone: 0,
      fightsTotal: null,
      error: null,
      retryAt: null,
      finishedAt: null,
      pulls: 0,
      pullsWithEvents: 0,
    });
    expect(await kiri.watchedReports.retry({ code: "queueMe001" })).toEqual({ queued: true });
    expect(await failure(kiri.watchedReports.retry({ code: "neverSeen1" }))).toEqual({
      code: "NOT_FOUND",
      message: "This static does not watch that report",
    });
    await kiri.watchedReports.remove({ code: "queueMe001" });
  });

  it("refuses what is not a report, a second watch of the same report, and unknown codes", async () => {
    expect(await failure(kiri.watchedReports.add({ report: "https://example.com/reports/abcdef123" }))).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input: report: Not a report code or an FFLogs report URL (https://www.fflogs.com/reports/…)",
    });
    await kiri.watchedReports.add({ report: "dupeCode1" });
    expect(await failure(kiri.watchedReports.add({ report: "dupeCode1" }))).toEqual({
      code: "CONFLICT",
      message: "This static already watches report dupeCode1",
    });
    expect(await failure(kiri.watchedReports.remove({ code: "neverSeen1" }))).toEqual({
      code: "NOT_FOUND",
      message: "This static does not watch that report",
    });
    expect(await failure(kiri.watchedReports.update({ code: "dupeCode1" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Invalid input: Nothing to update",
    });
    expect(await failure(kiri.watchedReports.add({ report: "okCode01", label: "x".repeat(101) }))).toMatchObject({ code: "BAD_REQUEST" });
    expect((await kiri.watchedReports.list()).map((r) => r.code)).toEqual(["dupeCode1"]);
  });
});

describe("roster", () => {
  it("creates members with the role their job implies, updates, and refuses a second member of the same name", async () => {
    const war = await kiri.roster.create({ name: "Aoi", job: "war" });
    expect(war).toMatchObject({ name: "Aoi", job: "WAR", role: "tank", userId: null });
    if (!war) throw new Error("no member");
    expect(await kiri.roster.update({ id: war.id, job: "WHM", role: "healer", notes: "Shield healer on off nights" })).toMatchObject({
      job: "WHM",
      role: "healer",
    });
    expect(await failure(kiri.roster.create({ name: "AOI" }))).toEqual({ code: "CONFLICT", message: "The roster already has a member named AOI" });
    expect(await failure(kiri.roster.create({ name: "Bad", job: "XYZ" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Unknown job") as unknown,
    });
    expect(await failure(kiri.roster.update({ id: 999_999, name: "Ghost" }))).toEqual({ code: "NOT_FOUND", message: "Roster member not found" });
  });

  it("lets a user claim one member as themself, moving the claim, and refuses someone else's", async () => {
    const [one, two] = [await kiri.roster.create({ name: "Claim One" }), await kiri.roster.create({ name: "Claim Two" })];
    if (!one || !two) throw new Error("no members");
    await kiri.roster.claim({ id: one.id });
    await kiri.roster.claim({ id: two.id });
    const roster = await kiri.roster.list();
    expect(roster.find((m) => m.id === one.id)).toMatchObject({ claimedBy: null, isMe: false });
    expect(roster.find((m) => m.id === two.id)).toMatchObject({ claimedBy: { username: "kiri" }, isMe: true });

    await kiri.members.add({ staticId, username: "kiri" });
    const mika = await h.as("mika");
    await kiri.members.add({ staticId, username: "mika" });
    const mikaHere = await h.as("mika", { staticId });
    expect(await failure(mikaHere.roster.claim({ id: two.id }))).toEqual({
      code: "CONFLICT",
      message: "Someone else has already claimed this member",
    });
    expect(await failure(mikaHere.roster.unclaim({ id: two.id }))).toEqual({ code: "NOT_FOUND", message: "Roster member not found" });
    await kiri.roster.unclaim({ id: two.id });
    expect(await mikaHere.roster.claim({ id: two.id })).toMatchObject({ userId: (await mika.me.get()).user.id });
  });

  it("keeps aliases with their member: add, refuse duplicates and unknown members, remove, and drop them with the member", async () => {
    const member = await kiri.roster.create({ name: "Alias Owner", job: "SAM" });
    if (!member) throw new Error("no member");
    await kiri.roster.addAlias({ memberId: member.id, characterName: "Kiri Kaze", server: "Tonberry" });
    await kiri.roster.addAlias({ memberId: member.id, characterName: "Kiri Alt", server: "Ragnarok" });
    expect(await failure(kiri.roster.addAlias({ memberId: member.id, characterName: "Kiri Kaze", server: "Tonberry" }))).toEqual({
      code: "CONFLICT",
      message: "Kiri Kaze (Tonberry) is already an alias of a roster member",
    });
    expect(await failure(kiri.roster.addAlias({ memberId: 999_999, characterName: "Nobody", server: "Tonberry" }))).toEqual({
      code: "NOT_FOUND",
      message: "Roster member not found",
    });
    expect((await kiri.roster.list()).find((m) => m.id === member.id)?.aliases).toEqual([
      { characterName: "Kiri Alt", server: "Ragnarok" },
      { characterName: "Kiri Kaze", server: "Tonberry" },
    ]);
    await kiri.roster.removeAlias({ memberId: member.id, characterName: "Kiri Alt", server: "Ragnarok" });
    expect(await failure(kiri.roster.removeAlias({ memberId: member.id, characterName: "Kiri Alt", server: "Ragnarok" }))).toEqual({
      code: "NOT_FOUND",
      message: "Alias not found",
    });
    await kiri.roster.remove({ id: member.id });
    // The alias went with its member, so the character can be someone else's now.
    const other = await kiri.roster.create({ name: "New Owner" });
    if (!other) throw new Error("no member");
    expect(await kiri.roster.addAlias({ memberId: other.id, characterName: "Kiri Kaze", server: "Tonberry" })).toMatchObject({ memberId: other.id });
  });
});

describe("strats", () => {
  it("assigns mechanics to a role or a member, lists them per encounter, and keeps the role when the member goes", async () => {
    const tank = await kiri.roster.create({ name: "Strat Tank", job: "GNB" });
    if (!tank) throw new Error("no member");
    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Tankbuster", role: "tank", memberId: tank.id, notes: "Invuln" });
    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "40120", role: "healer" });
    await kiri.strats.upsert({ encounterId: 1080, mechanicRef: "40120", role: "dps" });
    expect(await kiri.strats.list({ encounterId: 1079 })).toEqual([
      expect.objectContaining({ mechanicRef: "40120", role: "healer", memberId: null, memberName: null }),
      expect.objectContaining({ mechanicRef: "Tankbuster", role: "tank", memberId: tank.id, memberName: "Strat Tank", notes: "Invuln" }),
    ]);
    // Upsert replaces the assignment.
    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "40120", role: "tank" });
    expect((await kiri.strats.list({ encounterId: 1079 }))[0]).toMatchObject({ mechanicRef: "40120", role: "tank" });
    expect((await kiri.strats.encounters()).map((e) => e.encounterId)).toEqual([1079, 1080]);

    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Towers", memberId: tank.id });
    await kiri.roster.remove({ id: tank.id });
    // The role-assigned strat stays (member cleared); the one only the member had goes with them.
    expect(await kiri.strats.list({ encounterId: 1079 })).toEqual([
      expect.objectContaining({ mechanicRef: "40120" }),
      expect.objectContaining({ mechanicRef: "Tankbuster", role: "tank", memberId: null, memberName: null }),
    ]);
  });

  it("says what a mistake with a mechanic is: only its role, nobody, exactly N players, or a failure debuff", async () => {
    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Damage Down", rule: "debuff" });
    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "40200", rule: "none" });
    await kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Pair Stack", rule: "exactly", expectedHits: 2 });
    const list = await kiri.strats.list({ encounterId: 1079 });
    expect(list.filter((s) => s.rule !== null).map((s) => [s.mechanicRef, s.rule, s.expectedHits])).toEqual([
      ["40200", "none", null],
      ["Damage Down", "debuff", null],
      ["Pair Stack", "exactly", 2],
    ]);
    expect(await failure(kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Pair Stack", rule: "exactly" }))).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input: expectedHits: Say how many players it should hit",
    });
    expect(await failure(kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Odd", rule: "none", expectedHits: 3 }))).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input: expectedHits: A number of players goes only with “should hit exactly N players”",
    });
    expect(await failure(kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Odd", rule: "exactly", expectedHits: 9 }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    for (const ref of ["Damage Down", "40200", "Pair Stack"]) await kiri.strats.remove({ encounterId: 1079, mechanicRef: ref });
  });

  it("needs a role or a member, refuses another static's member, and removes", async () => {
    expect(await failure(kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Nobody" }))).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input: role: Choose a role or a roster member",
    });
    expect(await failure(kiri.strats.upsert({ encounterId: 1079, mechanicRef: "Ghost", memberId: 999_999 }))).toEqual({
      code: "NOT_FOUND",
      message: "Roster member not found",
    });
    await kiri.strats.remove({ encounterId: 1080, mechanicRef: "40120" });
    expect(await failure(kiri.strats.remove({ encounterId: 1080, mechanicRef: "40120" }))).toEqual({
      code: "NOT_FOUND",
      message: "No strat for that mechanic",
    });
  });
});

describe("progPoints", () => {
  it("creates, lists in phase order, marks where they were reached, and removes", async () => {
    const p3 = await kiri.progPoints.create({ encounterId: 1079, label: "P3 Adds", phaseIndex: 3 });
    const p2 = await kiri.progPoints.create({ encounterId: 1079, label: "P2 Intermission", phaseIndex: 2, abilityId: 40200 });
    if (!p3 || !p2) throw new Error("no prog points");
    expect((await kiri.progPoints.list({ encounterId: 1079 })).map((p) => p.label)).toEqual(["P2 Intermission", "P3 Adds"]);
    expect(await kiri.progPoints.update({ id: p3.id, reached: { code: "dupeCode1", fightId: 14 } })).toMatchObject({
      reachedReportCode: "dupeCode1",
      reachedFightId: 14,
    });
    expect(await kiri.progPoints.update({ id: p3.id, reached: null })).toMatchObject({ reachedReportCode: null, reachedFightId: null });
    expect(await failure(kiri.progPoints.create({ encounterId: 1079, label: "p3 adds", phaseIndex: 3 }))).toEqual({
      code: "CONFLICT",
      message: "This encounter already has a prog point called p3 adds",
    });
    expect(await failure(kiri.progPoints.create({ encounterId: 1079, label: "Too far", phaseIndex: 100 }))).toMatchObject({ code: "BAD_REQUEST" });
    // A name the database cannot hold is refused in words, not stored half-way or answered with a 500.
    expect(await failure(kiri.progPoints.create({ encounterId: 1079, label: "P".repeat(65), phaseIndex: 3 }))).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input: label: At most 64 characters",
    });
    expect(await failure(kiri.progPoints.update({ id: p3.id, label: "P".repeat(65) }))).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input: label: At most 64 characters",
    });
    await kiri.progPoints.remove({ id: p2.id });
    expect(await failure(kiri.progPoints.remove({ id: p2.id }))).toEqual({ code: "NOT_FOUND", message: "Prog point not found" });
  });
});

describe("faultScores", () => {
  it("overrides a player's blame on a watched report, lists it, and clears it", async () => {
    await kiri.watchedReports.add({ report: "faultRep01" });
    expect(await kiri.faultScores.override({ code: "faultRep01", fightId: 4, actorId: 12, score: 75, reason: "Ate the stack alone" })).toMatchObject({
      overrideScore: 75,
      computedScore: null,
    });
    expect(await kiri.faultScores.list({ code: "faultRep01" })).toEqual([
      expect.objectContaining({ fightId: 4, actorId: 12, score: 75, overrideReason: "Ate the stack alone", overriddenBy: "kiri" }),
    ]);
    expect(await kiri.faultScores.clearOverride({ code: "faultRep01", fightId: 4, actorId: 12 })).toEqual({ cleared: true, computedScore: null });
    expect(await kiri.faultScores.list({ code: "faultRep01" })).toEqual([]);
    expect(await failure(kiri.faultScores.clearOverride({ code: "faultRep01", fightId: 4, actorId: 12 }))).toEqual({
      code: "NOT_FOUND",
      message: "No override to clear",
    });
  });

  it("refuses reports the static does not watch, and scores outside 0–100", async () => {
    const notWatched = { code: "NOT_FOUND", message: "This static does not watch that report" };
    expect(await failure(kiri.faultScores.list({ code: "unwatched1" }))).toEqual(notWatched);
    expect(await failure(kiri.faultScores.override({ code: "unwatched1", fightId: 1, actorId: 1, score: 10 }))).toEqual(notWatched);
    expect(await failure(kiri.faultScores.override({ code: "faultRep01", fightId: 1, actorId: 1, score: 101 }))).toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("drops a report's scores when the static stops watching it", async () => {
    await kiri.faultScores.override({ code: "faultRep01", fightId: 5, actorId: 3, score: 20 });
    await kiri.watchedReports.remove({ code: "faultRep01" });
    await kiri.watchedReports.add({ report: "faultRep01" });
    expect(await kiri.faultScores.list({ code: "faultRep01" })).toEqual([]);
  });
});

describe("membership, checked on every call", () => {
  it("refuses a removed member on their very next static-scoped call", async () => {
    const noor = await h.as("noor");
    await kiri.members.add({ staticId, username: "noor" });
    const noorHere = await h.as("noor", { staticId });
    expect(await noorHere.roster.list()).not.toEqual([]);
    await kiri.members.remove({ staticId, userId: (await noor.me.get()).user.id });
    expect(await failure(noorHere.roster.list())).toEqual({ code: "NOT_FOUND", message: "Static not found" });
  });

  it("answers NOT_FOUND for static-scoped calls with no static at all", async () => {
    const loner = await h.as("loner");
    expect(await failure(loner.watchedReports.list())).toEqual({ code: "NOT_FOUND", message: "Static not found" });
  });
});
