// Issue 15 through the router: what a static's own reports give it — a readable report list, the
// roster's "Add from reports" and the strat mechanic picker — and never another static's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing";

let h: Harness;
const CODE = "FromReports0001";
const encounterId = GENERATED_ENCOUNTER.id;
type Caller = Awaited<ReturnType<Harness["as"]>>;
let a: Caller;
let b: Caller;

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-from-reports-")), "report.jsonl");
  await writeReportFile(file, { seed: 5, code: CODE, pulls: 30, eventsPerPull: 150, format: "jsonl" });
  await enqueue(h.handle, CODE);
  await ingestReport(h.handle, await openReportFile(file), CODE);
  const staticA = (await (await h.as("ana")).statics.create({ name: "Ana's static" })).id;
  const staticB = (await (await h.as("ben")).statics.create({ name: "Ben's static" })).id;
  a = await h.as("ana", { staticId: staticA });
  b = await h.as("ben", { staticId: staticB });
  await a.watchedReports.add({ report: CODE });
});
afterAll(() => h.close());

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("the reports list", () => {
  it("says what each report is: title, date, zone, encounters, pulls, kills, best pull, duration, source", async () => {
    const [report] = await a.watchedReports.list();
    expect(report).toMatchObject({ code: CODE, source: "fflogs" });
    const summary = report?.summary;
    expect(summary).not.toBeNull();
    expect(summary?.startTime).toBeGreaterThan(0);
    expect(summary?.durationMs).toBeGreaterThan(0);
    expect(summary?.encounters).toEqual([expect.objectContaining({ id: encounterId, pulls: report?.ingestion.pulls })]);
    expect(summary?.kills).toBe(summary?.encounters[0]?.kills);
    const best = summary?.bestPull;
    expect(best).not.toBeNull();
    // The best pull is a kill when there is one, else a phase label like "P3" (never "#5").
    if (best?.kill) expect(summary?.kills).toBeGreaterThan(0);
    else expect(best?.phase).toMatch(/^[PI]\d+$/);
  });

  it("has no summary for a report whose fights are not in yet (unknown, not zero)", async () => {
    await a.watchedReports.add({ report: "NotFetchedYet01" });
    const pending = (await a.watchedReports.list()).find((r) => r.code === "NotFetchedYet01");
    expect(pending?.summary).toBeNull();
    await a.watchedReports.remove({ code: "NotFetchedYet01" });
  });
});

describe("roster from the reports", () => {
  it("lists the characters of the static's reports with their job and pulls, not the limit break", async () => {
    const seen = await a.roster.seenInReports();
    expect(seen).toHaveLength(8);
    expect(seen.map((c) => c.characterName)).not.toContain("Limit Break");
    const [pulls] = new Set(seen.map((c) => c.pulls));
    expect(pulls).toBe((await a.watchedReports.list())[0]?.ingestion.pulls);
    expect(seen).toContainEqual({ characterName: "Sela Moonbrook", server: "Omega", job: "WHM", pulls, member: null });
  });

  it("adds the picked characters with aliases, links a same-named member, skips a known alias", async () => {
    await a.roster.create({ name: "Kaito Ren", job: "SAM" });
    const result = await a.roster.addFromReports({
      characters: [
        { characterName: "Sela Moonbrook", server: "Omega", job: "WHM" },
        { characterName: "Kaito Ren", server: "Ragnarok", job: "SAM" },
      ],
    });
    expect(result.added.map((x) => [x.name, x.linked])).toEqual([
      ["Sela Moonbrook", false],
      ["Kaito Ren", true],
    ]);
    const roster = await a.roster.list();
    expect(roster.find((m) => m.name === "Sela Moonbrook")).toMatchObject({
      job: "WHM",
      role: "healer",
      aliases: [{ characterName: "Sela Moonbrook", server: "Omega" }],
    });
    expect(roster.filter((m) => m.name === "Kaito Ren")).toHaveLength(1);
    const again = await a.roster.addFromReports({ characters: [{ characterName: "sela moonbrook", server: "OMEGA" }] });
    expect(again).toEqual({
      added: [],
      skipped: [{ characterName: "sela moonbrook", server: "OMEGA", reason: "already an alias of Sela Moonbrook" }],
    });
    expect((await a.roster.seenInReports()).find((c) => c.characterName === "Sela Moonbrook")?.member).toMatchObject({
      memberName: "Sela Moonbrook",
    });
  });

  it("refuses an empty pick in words, and shows another static nothing", async () => {
    expect(await failure(a.roster.addFromReports({ characters: [] }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await b.roster.seenInReports()).toEqual([]);
  });
});

describe("strats from the fight", () => {
  it("lists the encounter's enemy abilities by the phase first met, with hits and deaths", async () => {
    const abilities = await a.strats.abilities({ encounterId });
    expect(abilities.length).toBeGreaterThan(3);
    // No player skills (the limit break is a Player actor): only what the boss does.
    expect(abilities.map((x) => x.name)).toContain("Cinder Crown");
    for (const x of abilities) expect(x.phase === null || /^[PI]\d+$/.test(x.phase)).toBe(true);
    const phases = abilities.map((x) => x.phaseIndex ?? Number.POSITIVE_INFINITY);
    expect(phases).toEqual([...phases].sort((p, q) => p - q));
    expect(abilities.reduce((n, x) => n + x.hits, 0)).toBeGreaterThan(0);
    expect(abilities.reduce((n, x) => n + x.deaths, 0)).toBeGreaterThan(0);
    expect(abilities.find((x) => x.name === "Cinder Crown")).toMatchObject({ id: 32001, phase: "P1" });
    expect(await b.strats.abilities({ encounterId })).toEqual([]);
  });

  it("shows an assigned id with its name, and refuses a name that matches nothing", async () => {
    await a.strats.upsert({ encounterId, mechanicRef: "32002", role: "tank" });
    await a.strats.upsert({ encounterId, mechanicRef: "kindling towers", role: "healer" });
    const list = await a.strats.list({ encounterId });
    expect(list.find((s) => s.mechanicRef === "32002")?.mechanicName).toBe("Searing Cleave");
    const refusal = await failure(a.strats.upsert({ encounterId, mechanicRef: "Tankbustr", role: "tank" }));
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.message).toMatch(/No ability named "Tankbustr"/);
    // A static with no report of the encounter has nothing to check a name against.
    await b.strats.upsert({ encounterId, mechanicRef: "Tankbustr", role: "tank" });
  });
});

describe("adding a member", () => {
  it("says whether someone was added, or already was a member", async () => {
    const staticId = (await a.statics.list()).find((s) => s.name === "Ana's static")?.id ?? 0;
    await h.as("cleo");
    expect(await a.members.add({ staticId, username: "Cleo" })).toMatchObject({ username: "cleo", wasAdded: true });
    expect(await a.members.add({ staticId, username: "cleo" })).toMatchObject({ username: "cleo", wasAdded: false });
  });
});
