// Numbers a raid leader can trust (issue 11), through the server: a file the database could not
// hold is refused whole, in words, naming the user's file and the field; a failure says what will
// happen next; the shared status is about the data. The real-data fixture is a savage tier's saved
// GraphQL response (packages/ingest/fixtures/README.md).
import { events, fights, ingestionLedger, reports } from "@progboard/db";
import { readSavageTierFixture } from "@progboard/ingest/testing";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createTestApp, type TestApp, testCalls } from "./testing";

let t: TestApp;
const { createStatic, listReports, settled, upload } = testCalls(() => t);
beforeAll(async () => {
  // No FFLogs credentials: reports come from files, as on most instances.
  t = await createTestApp({ AUTH_MODE: "dev" }, { ingestion: true });
});
afterAll(async () => {
  await t.close();
});

async function tableCounts() {
  return {
    reports: (await t.db.db.select({ n: count() }).from(reports))[0]?.n,
    fights: (await t.db.db.select({ n: count() }).from(fights))[0]?.n,
    events: (await t.db.db.select({ n: count() }).from(events))[0]?.n,
    ledger: (await t.db.db.select({ n: count() }).from(ingestionLedger))[0]?.n,
  };
}

type Report = ReturnType<typeof readSavageTierFixture>["data"]["reportData"]["report"];
function savageTier(change: (report: Report) => void = () => undefined): string {
  const fixture = readSavageTierFixture();
  change(fixture.data.reportData.report);
  return JSON.stringify(fixture);
}

describe("a report file the database could not hold (cases 1, 5 and 9)", () => {
  it.each([
    [
      "an amount above 2^31 in fight 5",
      (r: Report) => (r.events.data[16] = { ...r.events.data[16], amount: 2 ** 31 }),
      /events\.data\[16\]\.amount: 2147483648/,
    ],
    [
      "a float amount",
      (r: Report) => (r.events.data[16] = { ...r.events.data[16], amount: 41233.5 }),
      /events\.data\[16\]\.amount: expected a whole number/,
    ],
    [
      "a timestamp of 1e15",
      (r: Report) => (r.events.data[16] = { ...r.events.data[16], timestamp: 1e15 }),
      /timestamp: 1000000000000000 is outside the report/,
    ],
    [
      "boss % in hundredths (9040)",
      (r: Report) => (r.fights[1] = { ...r.fights[1], fightPercentage: 9040 }),
      /fights\[1\]\.fightPercentage: 9040 is not a percentage from 0 to 100/,
    ],
  ])("%s: 400 in words naming the user's file and the field, nothing stored", async (_, change, field) => {
    const staticId = await createStatic("amara", "Amara static");
    const before = await tableCounts();
    const response = await upload(savageTier(change), as("amara", staticId), "?name=Tuesday%20night.json");
    expect(response.status).toBe(400);
    const { message } = ((await response.json()) as { error: { message: string } }).error;
    expect(message).toMatch(/^Tuesday night\.json/);
    expect(message).toMatch(field);
    expect(message).not.toMatch(/\.upload|[[{]"/);
    expect(await tableCounts()).toEqual(before);
    expect(await listReports("amara", staticId)).toEqual([]);
  });

  it("a saved GraphQL response without a title imports whole, with its pulls", async () => {
    const staticId = await createStatic("bela", "Bela static");
    const response = await upload(savageTier(), as("bela", staticId), "?name=savage.json");
    expect(response.status).toBe(202);
    // Stored under the file's own key (issue 12), the code inside kept as its label.
    const imported = (await response.json()) as { code: string; reportCode: string };
    expect(imported.code).toMatch(/^file:[0-9a-f]{64}$/);
    expect(imported).toMatchObject({ reportCode: "sAvAgEtIeR2026x1", fights: 9, pulls: 7 });
    expect((await settled("bela", staticId, imported.code)).ingestion).toMatchObject({
      status: "done",
      fightsDone: 9,
      fightsTotal: 9,
      pulls: 7,
      error: null,
    });
  });

  it("a v1 response and an anonymised code are refused in words", async () => {
    const staticId = await createStatic("cato", "Cato static");
    const v1 = await upload(
      JSON.stringify({ fights: [{ id: 1, boss: 93, start_time: 0, end_time: 1 }], friendlies: [], enemies: [], lang: "en" }),
      as("cato", staticId),
      "?name=v1.json",
    );
    expect(v1.status).toBe(400);
    expect(((await v1.json()) as { error: { message: string } }).error.message).toMatch(/^v1\.json is an FFLogs v1 response .*progboard reads v2/);
    const anonymised = await upload(
      savageTier((r) => (r.code = "a:Xy7pQ2mW9kLt")),
      as("cato", staticId),
      "?name=anon.json",
    );
    expect(anonymised.status).toBe(400);
    expect(((await anonymised.json()) as { error: { message: string } }).error.message).toMatch(
      /^anon\.json: report\.code "a:Xy7pQ2mW9kLt" is not a report code/,
    );
  });
});

describe("shared status is about the data (case 6)", () => {
  it("another static watching the code of a report imported from a file is told, in words, why it cannot be fetched; the import stays done", async () => {
    const [a, b] = [await createStatic("dara", "Dara static"), await createStatic("eiko", "Eiko static")];
    const code = "sAvAgEtIeR2026x2";
    const response = await upload(
      savageTier((r) => (r.code = code)),
      as("dara", a),
      "?name=savage.json",
    );
    expect(response.status).toBe(202);
    const fileKey = ((await response.json()) as { code: string }).code;
    expect((await settled("dara", a, fileKey)).ingestion).toMatchObject({ status: "done", pulls: 7 });

    // The code itself is FFLogs' to serve: this server has no credentials, and B is told so at once
    // (issue 15: not accepted, then failed later).
    const refused = await t.post("/api/trpc/watchedReports.add", { report: code }, as("eiko", b));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^FFLogs access is not set up on this server/);
    expect(await listReports("eiko", b)).toEqual([]);
    // A's import is untouched by B's request.
    expect((await settled("dara", a, fileKey)).ingestion).toMatchObject({ status: "done", fightsDone: 9, fightsTotal: 9, pulls: 7, error: null });
  });
});

interface PullRowSeen {
  fightId: number;
  kill: boolean;
  fightPercentage: number | null;
  phase: string | null;
  eventsComplete: boolean;
  deaths: number | null;
  firstDeath: unknown;
  wipeType: string;
  wipeReason: string;
}
async function query<T>(user: string, staticId: number, path: string, input: unknown): Promise<T> {
  const response = await t.app.request(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: as(user, staticId) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}
async function uploaded(user: string, staticId: number, body: string): Promise<string> {
  const response = await upload(body, as(user, staticId), "?name=night.json");
  expect(response.status).toBe(202);
  const { code } = (await response.json()) as { code: string };
  expect((await settled(user, staticId, code)).ingestion.status).toBe("done");
  return code;
}
async function imported(user: string, name: string, body: string): Promise<number> {
  const staticId = await createStatic(user, name);
  await uploaded(user, staticId, body);
  return staticId;
}

describe("unknown is a value (cases 3 and 4)", () => {
  it("pulls without events say unknown: no first death, no death count, wipe type unknown; never 'no deaths'", async () => {
    const code = "sAvAgEtIeR2026x3";
    // Events for fights 2 and 3 only, as a file cut short (or a fights-only export) has.
    const staticId = await imported(
      "fumi",
      "Fumi static",
      savageTier((r) => {
        r.code = code;
        r.events.data = r.events.data.filter((e) => e.fight === 2 || e.fight === 3);
      }),
    );
    const rows = await query<PullRowSeen[]>("fumi", staticId, "analysis.pulls", { encounterId: 93 });
    expect(rows.map((r) => [r.fightId, r.eventsComplete])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [5, false],
      [6, false],
    ]);
    const withEvents = rows.find((r) => r.fightId === 3);
    expect(withEvents).toMatchObject({
      deaths: 1,
      wipeType: "other",
      firstDeath: { player: "Eko Rune (unknown player)", abilityName: "Bitter Chill" },
    });
    for (const row of rows.filter((r) => !r.eventsComplete && !r.kill)) {
      expect(row).toMatchObject({ deaths: null, firstDeath: null, wipeType: "unknown" });
      expect(row.wipeReason).toMatch(/events were not imported, so its deaths are unknown/);
      expect(row.wipeReason).not.toMatch(/no deaths/);
    }
    // The kill stays a kill without its events.
    expect(rows.find((r) => r.fightId === 6)).toMatchObject({ kill: true, wipeType: "kill", deaths: null });

    const faults = await query<{ excluded: { noEvents: number; message: string | null } }>("fumi", staticId, "analysis.faultAggregate", {
      encounterId: 93,
    });
    expect(faults.excluded).toMatchObject({ noEvents: 2, message: "2 pulls left out: 2 without their events (deaths unknown)." });
  });

  it("a fight % or phase FFLogs did not log is null, never 100 % or P1, and the prog curve says how it ranked", async () => {
    const code = "sAvAgEtIeR2026x4";
    const staticId = await imported(
      "gino",
      "Gino static",
      savageTier((r) => {
        r.code = code;
        // Fight 5 (the 3.27 % wipe) still in progress when logged: FFLogs leaves these null.
        r.fights[4] = { ...r.fights[4], fightPercentage: null, bossPercentage: null, lastPhase: null, lastPhaseAsAbsoluteIndex: null };
      }),
    );
    const rows = await query<PullRowSeen[]>("gino", staticId, "analysis.pulls", { encounterId: 93 });
    const unknown = rows.find((r) => r.fightId === 5);
    expect(unknown).toMatchObject({ fightPercentage: null, phase: null });
    expect(unknown?.wipeType).not.toBe("reset");
    expect(rows.find((r) => r.fightId === 2)).toMatchObject({ fightPercentage: 90.4, phase: "P1" });

    const curve = await query<{ rankingNote: string | null; unrankedPulls: number; summary: string | null }>("gino", staticId, "analysis.progCurve", {
      encounterId: 93,
    });
    expect(curve.unrankedPulls).toBe(1);
    expect(curve.rankingNote).toMatch(/^1 pull without a logged phase or fight %: ranked by what is known \(kill, then phase, then boss %\)/);
  });
});

describe("names that tell people apart (case 8)", () => {
  it("two characters of one name on different worlds show as Name@World, everywhere the analysis names them", async () => {
    const code = "sAvAgEtIeR2026x5";
    const staticId = await imported(
      "hana",
      "Hana static",
      savageTier((r) => {
        r.code = code;
        const actors = (r.masterData as { actors: Record<string, unknown>[] }).actors;
        actors[4] = { ...actors[4], name: "王离", server: "红玉海" };
        actors[5] = { ...actors[5], name: "王离", server: "太阳海岸" };
        // In fight 3 the other 王离 dies.
        r.events.data = r.events.data.map((e) => (e.fight === 3 && e.targetID === 5 ? { ...e, targetID: 6 } : e));
      }),
    );
    const rows = await query<{ fightId: number; firstDeath: { player: string } | null }[]>("hana", staticId, "analysis.pulls", { encounterId: 93 });
    expect(rows.filter((r) => r.fightId <= 3).map((r) => r.firstDeath?.player)).toEqual([
      "王离@红玉海 (unknown player)",
      "王离@太阳海岸 (unknown player)",
    ]);
    const consistency = await query<{ players: { player: string; deaths: number }[] }>("hana", staticId, "analysis.consistency", { encounterId: 93 });
    const named = consistency.players.filter((p) => p.player.startsWith("王离")).map((p) => p.player);
    expect(named.sort()).toEqual(["王离@太阳海岸 (unknown player)", "王离@红玉海 (unknown player)"]);
  });
});

describe("one pull, one count (case 7)", () => {
  it("the same night logged by two members counts each pull once, from the fuller log, naming the other report", async () => {
    const staticId = await createStatic("iris", "Iris static");
    // Logger A has every event; logger B joined the log 2 s later and has events for two pulls only.
    const a = savageTier((r) => (r.code = "TwoLoggersA0001"));
    const b = savageTier((r) => {
      r.code = "TwoLoggersB0001";
      r.startTime = (r.startTime as number) + 2_000;
      r.endTime = (r.endTime as number) + 2_000;
      r.events.data = r.events.data.filter((e) => e.fight === 2 || e.fight === 3);
    });
    const codeA = await uploaded("iris", staticId, a);
    const codeB = await uploaded("iris", staticId, b);
    const rows = await query<{ pullNumber: number; reportCode: string; alsoIn: string[]; eventsComplete: boolean }[]>(
      "iris",
      staticId,
      "analysis.pulls",
      {
        encounterId: 93,
      },
    );
    expect(rows.map((r) => r.pullNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((r) => r.reportCode === codeA && r.eventsComplete)).toBe(true);
    expect(rows.every((r) => r.alsoIn.join() === codeB)).toBe(true);
    // Every per-pull figure counts each pull once.
    const consistency = await query<{ players: { player: string; deaths: number; eligiblePulls: number }[] }>(
      "iris",
      staticId,
      "analysis.consistency",
      {
        encounterId: 93,
      },
    );
    expect(consistency.players.find((p) => p.player.startsWith("Eko Rune"))).toMatchObject({ deaths: 4, eligiblePulls: 5 });
  });
});
