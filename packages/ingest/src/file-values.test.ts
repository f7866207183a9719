// The files people actually have (issue 11): saved GraphQL responses, reports without a title, a
// v1 response, and values the database cannot hold. Every refusal names the user's file and the
// field, in words; every acceptance reads the real values as they are.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReportFile } from "./file";
import { isPull } from "./normalize";
import { FIGHTS_FIXTURE_PATH, readSavageTierFixture } from "./testing";
import { IngestError } from "./types";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "progboard-file-values-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Fixture = ReturnType<typeof readSavageTierFixture>;
type Report = Fixture["data"]["reportData"]["report"];

async function write(name: string, json: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
}

/** The fixture with `change` applied to its report. */
function variant(change: (report: Report) => void): Fixture {
  const fixture = readSavageTierFixture();
  change(fixture.data.reportData.report);
  return fixture;
}

/** Opens the file as the import does (the upload's own path, the user's name) and reads it all. */
async function readAll(path: string, name?: string) {
  const file = await openReportFile(path, { name });
  const report = await file.fetchReport(file.code);
  let events = 0;
  for (const fight of report.fights) for await (const page of file.fightEvents(report, fight)) events += page.events.length;
  return { file, report, events };
}

async function refusal(path: string, name?: string): Promise<string> {
  const error = await readAll(path, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  expect((error as IngestError).retryable).toBe(false);
  const message = (error as IngestError).message;
  // Words, never a dump of zod issues.
  expect(message).not.toMatch(/^\s*[[{]|"code":|"path":/);
  return message;
}

describe("a saved FFLogs GraphQL response of a savage tier", () => {
  it("imports as it comes: the envelope, no title, kill null on trash, events naming their fight", async () => {
    const { report, events } = await readAll(await write("savage.json", readSavageTierFixture()));
    expect(report.code).toBe("sAvAgEtIeR2026x1");
    expect(report.title).toBe("");
    const pulls = report.fights.filter(isPull);
    expect(pulls).toHaveLength(7);
    expect(pulls.filter((f) => f.kill).map((f) => f.fightPercentage)).toEqual([0.01, 0.96]);
    const quick = pulls.find((f) => f.endTime - f.startTime === 76_000);
    expect(quick).toMatchObject({ kill: false, fightPercentage: 90.4, lastPhase: 1 });
    expect(pulls.some((f) => f.fightPercentage === 3.27)).toBe(true);
    expect(report.fights.filter((f) => !isPull(f)).every((f) => f.kill === null)).toBe(true);
    expect(report.actors.filter((a) => a.isPlayer).map((a) => a.name)).toHaveLength(8);
    expect(report.actors.filter((a) => a.type === "Player" && !a.isPlayer).map((a) => a.name)).toEqual(["Limit Break", "Multiple Players"]);
    expect(events).toBe(readSavageTierFixture().data.reportData.report.events.data.length);
  });

  it("reads the same from JSON Lines: the envelope on line 1, saved events responses after it", async () => {
    const fixture = readSavageTierFixture();
    const { events: all, ...report } = fixture.data.reportData.report;
    const lines = [JSON.stringify({ data: { reportData: { report } } })];
    for (const fight of report.fights) {
      const data = all.data.filter((e) => e.fight === fight.id);
      if (data.length) lines.push(JSON.stringify({ data: { reportData: { report: { events: { data, nextPageTimestamp: null } } } } }));
    }
    const { file, events } = await readAll(await write("savage.jsonl", `${lines.join("\n")}\n`));
    expect(file.format).toBe("jsonl");
    expect(events).toBe(all.data.length);
  });

  it("a fights-only response is refused in words (no report start to place its pulls)", async () => {
    const path = join(dir, "fights.json");
    await writeFile(path, await import("node:fs/promises").then((fs) => fs.readFile(FIGHTS_FIXTURE_PATH)));
    expect(await refusal(path, "fights.json")).toMatch(
      /^fights\.json is not a report export: data\.reportData\.report\.startTime: expected number, .*a fights-only response: save the report with its code, startTime/,
    );
  });
});

describe("what is refused, in words, with the user's file name and the field (case 9)", () => {
  it("names the user's file, not the upload's stored name", async () => {
    const path = await write(
      "0b7c2e9a-upload.upload",
      variant((r) => (r.events.data[3] = { ...r.events.data[3], amount: 2 ** 31 })),
    );
    const message = await refusal(path, "Tuesday night.json");
    expect(message).toContain("Tuesday night.json");
    expect(message).not.toContain(".upload");
  });

  it("a v1 response is recognised", async () => {
    const v1 = {
      fights: [{ id: 1, boss: 93, start_time: 0, end_time: 76_000, fightPercentage: 9040, kill: false }],
      friendlies: [],
      enemies: [],
      lang: "en",
      start: 1,
      end: 2,
    };
    expect(await refusal(await write("v1.json", v1), "v1.json")).toMatch(/^v1\.json is an FFLogs v1 response .*progboard reads v2/);
  });

  it("a GraphQL answer without the report says why", async () => {
    const missing = { data: { reportData: { report: null } } };
    expect(await refusal(await write("private.json", missing), "private.json")).toMatch(/reportData\.report is null: a private or missing report/);
    const errors = { errors: [{ message: "You do not have permission to view this report." }], data: null };
    expect(await refusal(await write("errors.json", errors), "errors.json")).toMatch(/GraphQL response with errors.*permission to view/);
  });

  it("an anonymised code with a colon is refused in words", async () => {
    const message = await refusal(
      await write(
        "anon.json",
        variant((r) => (r.code = "a:8Hx2kPq9Zz")),
      ),
      "anon.json",
    );
    expect(message).toMatch(/^anon\.json: report\.code "a:8Hx2kPq9Zz" is not a report code progboard can store/);
  });
});

describe("values the database cannot hold are refused before anything is stored (cases 1 and 5)", () => {
  const cases: [string, (r: Report) => void, RegExp][] = [
    [
      "an amount above 2^31",
      (r) => (r.events.data[5] = { ...r.events.data[5], amount: 2 ** 31 }),
      /data\.reportData\.report\.events\.data\[5\]\.amount: 2147483648 is outside what progboard stores here/,
    ],
    ["a float amount", (r) => (r.events.data[5] = { ...r.events.data[5], amount: 1234.5 }), /amount: expected a whole number/],
    [
      "an event at 1e15",
      (r) => (r.events.data[5] = { ...r.events.data[5], timestamp: 1e15 }),
      /timestamp: 1000000000000000 is outside the report \(0 to \d+ ms from its start\)/,
    ],
    ["a negative event time", (r) => (r.events.data[5] = { ...r.events.data[5], timestamp: -5 }), /timestamp: -5 is outside the report/],
    [
      "a v1-style percentage (hundredths)",
      (r) => (r.fights[1] = { ...r.fights[1], fightPercentage: 9040 }),
      /data\.reportData\.report\.fights\[1\]\.fightPercentage: 9040 is not a percentage from 0 to 100/,
    ],
    [
      "a negative percentage",
      (r) => (r.fights[2] = { ...r.fights[2], bossPercentage: -3.27 }),
      /fights\[2\]\.bossPercentage: -3\.27 is not a percentage from 0 to 100/,
    ],
    [
      "a fight id beyond int4",
      (r) => (r.fights[0] = { ...r.fights[0], id: 2 ** 40 }),
      /fights\[0\]\.id: 1099511627776 is outside what progboard stores here/,
    ],
    [
      "a fight after the report's end",
      (r) => (r.fights[3] = { ...r.fights[3], endTime: 9e12 }),
      /fights\[3\]\.endTime: 9000000000000 is outside the report/,
    ],
    ["a float time", (r) => (r.fights[3] = { ...r.fights[3], startTime: 1.5 }), /fights\[3\]\.startTime: expected a whole number/],
  ];
  it.each(cases)("%s", async (_, change, expected) => {
    const name = "night.json";
    const message = await refusal(await write(`${name}-${Math.random()}`, variant(change)), name);
    expect(message.startsWith(name)).toBe(true);
    expect(message).toMatch(expected);
  });

  it("the same checks hold in JSON Lines", async () => {
    const fixture = variant((r) => (r.events.data[5] = { ...r.events.data[5], amount: 2 ** 31 }));
    const { events: all, ...report } = fixture.data.reportData.report;
    const lines = [
      JSON.stringify({ report }),
      ...report.fights.map((f) => JSON.stringify({ fightId: f.id, data: all.data.filter((e) => e.fight === f.id) })),
    ];
    const message = await refusal(await write("bad.jsonl", `${lines.join("\n")}\n`), "bad.jsonl");
    expect(message).toMatch(/^bad\.jsonl line \d+ is not an events page: data\[\d+\]\.amount: 2147483648 is outside/);
  });
});
