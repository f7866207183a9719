import { mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFflogsClient } from "./fflogs/client";
import { rawReportSchema } from "./fflogs/schemas";
import { friendlyActorIds, pagesOf, STREAM_QUERIES, splitStreams } from "./fflogs/streams";
import { openReportFile, type ReportFile } from "./file";
import { normalizeEvents, normalizeReport } from "./normalize";
import { fixtureReport, type GenerateReportOptions, generateReport, mulberry32, startFakeFflogs, writeReportData, writeReportFile } from "./testing";
import { type EventPage, IngestError, type ReportSource } from "./types";

const options: GenerateReportOptions = { seed: 77, code: "FileRoundTrip001", pulls: 14, eventsPerPull: 600 };
const PAGE_SIZE = 150;
const generated = generateReport(options);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "progboard-ingest-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pagesFrom(source: ReportSource, code: string): Promise<EventPage[]> {
  const report = await source.fetchReport(code);
  const pages: EventPage[] = [];
  for (const fight of report.fights) for await (const page of source.fightEvents(report, fight)) pages.push(page);
  return pages;
}

/** What any source must yield for the generated report: each stream paged like FFLogs, normalized. */
function expectedPages(): EventPage[] {
  const friendly = friendlyActorIds(generated.report);
  return generated.report.fights.flatMap((fight) => {
    const streams = splitStreams(generated.events(fight.id), friendly);
    return STREAM_QUERIES.flatMap(({ stream }) =>
      [...pagesOf(streams[stream], fight, PAGE_SIZE)].map((page) => ({ fightId: fight.id, stream, events: normalizeEvents(page.data) })),
    );
  });
}

async function openError(path: string): Promise<IngestError> {
  const error = await openReportFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  expect((error as IngestError).retryable).toBe(false);
  return error as IngestError;
}

describe("round trip: generator → writeReportFile → openReportFile", () => {
  it.each(["report.json", "report.jsonl"])("%s gives the same normalized report and pages", async (name) => {
    const path = join(dir, name);
    await writeReportFile(path, { ...options, pageSize: PAGE_SIZE });
    const file = await openReportFile(path);
    expect(file.code).toBe("FileRoundTrip001");
    expect(file.format).toBe(name.endsWith(".jsonl") ? "jsonl" : "json");
    expect(await file.fetchReport(file.code)).toEqual(normalizeReport(rawReportSchema.parse(generated.report)));
    const pages = await pagesFrom(file, file.code);
    expect(pages).toEqual(expectedPages());
    expect(pages.flatMap((p) => p.events).some((e) => e.type === "calculateddamage")).toBe(false);
    expect([...(file.pageCounts?.values() ?? [])].reduce((a, b) => a + b, 0)).toBe(pages.length);
  });

  it("yields exactly what the FFLogs client yields from the fake server for the same report", async () => {
    const fake = await startFakeFflogs({ reports: [generated] });
    try {
      const client = createFflogsClient({ apiUrl: fake.apiUrl, clientId: fake.clientId, clientSecret: fake.clientSecret, pageSize: PAGE_SIZE });
      const path = join(dir, "same.jsonl");
      await writeReportFile(path, { ...options, pageSize: PAGE_SIZE });
      const file = await openReportFile(path);
      expect(await pagesFrom(file, file.code)).toEqual(await pagesFrom(client, generated.report.code));
      expect(await file.fetchReport(file.code)).toEqual(await client.fetchReport(generated.report.code));
    } finally {
      await fake.close();
    }
  });

  it("detects JSON Lines from the first line whatever the name, and reads it unverified too", async () => {
    const path = join(dir, "lines-named.json");
    await writeReportFile(path, { ...options, format: "jsonl", pageSize: PAGE_SIZE });
    const file = await openReportFile(path, { verify: false });
    expect(file.format).toBe("jsonl");
    expect(file.pageCounts).toBeNull();
    expect(await pagesFrom(file, file.code)).toEqual(expectedPages());
  });

  it("JSON Lines: fights can be read in any order, repeatedly", async () => {
    const path = join(dir, "any-order.jsonl");
    await writeReportFile(path, { ...options, pageSize: PAGE_SIZE });
    for (const verify of [true, false]) {
      const file = await openReportFile(path, { verify });
      const report = await file.fetchReport(file.code);
      const read = async (index: number) => {
        const fight = report.fights[index];
        if (!fight) throw new Error("no fight");
        const pages: EventPage[] = [];
        for await (const page of file.fightEvents(report, fight)) pages.push(page);
        return pages;
      };
      const late = await read(12);
      const early = await read(2);
      expect(early[0]?.fightId).toBe(3);
      expect(await read(12)).toEqual(late);
      expect(early).toEqual(expectedPages().filter((p) => p.fightId === 3));
    }
  });

  it("a file of one report asked for another code is refused", async () => {
    const path = join(dir, "code.json");
    await writeReportFile(path, { ...options, pulls: 10 });
    const file = await openReportFile(path);
    await expect(file.fetchReport("SomethingElse000")).rejects.toThrow("code.json holds report FileRoundTrip001, not SomethingElse000");
  });

  it("pages without a stream count as damage-taken; fights without pages yield nothing", async () => {
    const path = join(dir, "no-stream.json");
    const report = fixtureReport();
    const event = { timestamp: 200_000, type: "damage", sourceID: 30, targetID: 4, abilityGameID: 1, amount: 5, fight: 3 };
    await writeFile(path, JSON.stringify({ report, events: [{ fightId: 3, data: [event] }] }));
    const file = await openReportFile(path);
    const normalized = await file.fetchReport(report.code);
    const pages = await pagesFrom(file, report.code);
    expect(pages).toEqual([{ fightId: 3, stream: "damage-taken", events: normalizeEvents([event]) }]);
    expect(normalized.fights).toHaveLength(46);
  });
});

describe("bad files: a clear IngestError, never a crash", () => {
  it("missing file and empty file", async () => {
    expect((await openError(join(dir, "nope.json"))).message).toBe("Cannot read nope.json: ENOENT");
    await writeFile(join(dir, "empty.json"), "");
    expect((await openError(join(dir, "empty.json"))).message).toMatch(/^empty\.json is empty/);
    await writeFile(join(dir, "blank.json"), "\n  \n");
    expect((await openError(join(dir, "blank.json"))).message).toMatch(/^blank\.json is empty/);
  });

  it("not JSON", async () => {
    await writeFile(join(dir, "text.json"), "hello, this is not a report\n");
    expect((await openError(join(dir, "text.json"))).message).toBe(
      'text.json is not a report export: expected a JSON object starting with "{", found "hello, this is n"',
    );
    await writeFile(join(dir, "broken.json"), '{\n  "report": {\n    "code": "x",\n  }\n}\n');
    expect((await openError(join(dir, "broken.json"))).message).toMatch(/^broken\.json is not valid JSON: .* at line 4, column 3$/);
  });

  it("JSON of the wrong shape names what is wrong", async () => {
    await writeFile(join(dir, "shape.json"), JSON.stringify({ report: { ...fixtureReport(), fights: [{ id: 1, encounterID: "boss" }] } }));
    expect((await openError(join(dir, "shape.json"))).message).toMatch(
      /^shape\.json is not a report export: report\.fights\[0\]\.encounterID: expected number/,
    );
    await writeFile(join(dir, "array.json"), JSON.stringify({ hello: [1, 2, 3] }));
    expect((await openError(join(dir, "array.json"))).message).toMatch(/^array\.json is not a report export: report: expected object/);
    const events = [{ fightId: 999, data: [] }];
    await writeFile(join(dir, "fight.json"), JSON.stringify({ report: fixtureReport(), events }));
    expect((await openError(join(dir, "fight.json"))).message).toMatch(/events\[0\] is for fight 999, which the report does not have/);
  });

  it("50 MB of garbage", async () => {
    const random = mulberry32(50);
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
    const garbage = Buffer.concat(Array.from({ length: 50 }, () => block));
    await writeFile(join(dir, "garbage.json"), garbage);
    expect((await openError(join(dir, "garbage.json"))).message).toMatch(/^garbage\.json is not a report export: expected a JSON object/);

    // Garbage that starts like a report: past the size caps, refused before it is parsed…
    garbage.write('{"report": ', 0, "utf8");
    garbage.fill(0x41, 11); // no newline anywhere: one 50 MB "line"
    await writeFile(join(dir, "garbage-big.json"), garbage);
    expect((await openError(join(dir, "garbage-big.json"))).message).toMatch(
      /^garbage-big\.json is 50 MB: a single JSON document is limited to 16 MB/,
    );
    await writeFile(join(dir, "garbage-big.jsonl"), garbage);
    expect((await openError(join(dir, "garbage-big.jsonl"))).message).toBe("garbage-big.jsonl line 1 is longer than 16 MB: not a report export");
    // …and under them read, parsed, refused with a position (and no 8 MB message).
    const smaller = garbage.subarray(0, 8 * 1024 * 1024);
    await writeFile(join(dir, "garbage2.json"), smaller);
    const error = await openError(join(dir, "garbage2.json"));
    expect(error.message).toBe("garbage2.json is not valid JSON: Unexpected token 'A'");
    expect(error.message.length).toBeLessThan(300);
    await writeFile(join(dir, "garbage.jsonl"), smaller);
    expect((await openError(join(dir, "garbage.jsonl"))).message).toMatch(/^garbage\.jsonl line 1 is not valid JSON \(the file looks truncated\)/);
  });

  it("truncated JSON document", async () => {
    const path = join(dir, "truncated.json");
    await writeReportFile(path, { ...options, pulls: 10 });
    await truncate(path, Math.floor((await stat(path)).size / 2));
    expect((await openError(path)).message).toMatch(/^truncated\.json is not valid JSON: .*unexpected end of input \(is the file truncated\?\)$/);
  });

  it("truncated JSON Lines: found when opening, before anything is yielded", async () => {
    const path = join(dir, "truncated.jsonl");
    await writeReportFile(path, { ...options, pulls: 10 });
    const size = (await stat(path)).size;
    await truncate(path, size - 100);
    const lines = (await readFile(path, "utf8")).split("\n").length;
    expect((await openError(path)).message).toMatch(new RegExp(`^truncated\\.jsonl line ${lines} is not valid JSON \\(the file looks truncated\\)`));

    // Unverified: the header is still checked first, the broken page when reached.
    const file: ReportFile = await openReportFile(path, { verify: false });
    const report = await file.fetchReport(file.code);
    const last = report.fights.at(-1);
    if (!last) throw new Error("no fight");
    const consume = async () => {
      for await (const _page of file.fightEvents(report, last)) void _page;
    };
    await expect(consume()).rejects.toThrow(/line \d+ is not valid JSON \(the file looks truncated\)/);
  });

  it("JSON Lines with a bad header, a bad page, unknown fights or pages out of order", async () => {
    const header = JSON.stringify({ report: generated.report });
    const page = (fightId: number) => JSON.stringify({ fightId, stream: "deaths", data: [] });
    const cases: [string, string, RegExp][] = [
      ["header.jsonl", `{"report": {"code": 1}}\n${page(1)}\n`, /^header\.jsonl line 1 is not a report header: report\.code: expected string/],
      [
        "page.jsonl",
        `${header}\n${page(1)}\n{"fightId": 2, "data": [{"type": "damage"}]}\n`,
        /^page\.jsonl line 3 is not an events page: data\[0\]\.timestamp: expected number/,
      ],
      ["stream.jsonl", `${header}\n{"fightId": 2, "stream": "heals", "data": []}\n`, /^stream\.jsonl line 2 is not an events page: stream:/],
      ["unknown.jsonl", `${header}\n${page(1)}\n${page(99)}\n`, /^unknown\.jsonl line 3: fight 99 is not in the report/],
      ["order.jsonl", `${header}\n${page(2)}\n${page(1)}\n`, /^order\.jsonl line 3: pages must follow the report's fight order/],
      ["json.jsonl", `${header}\n${page(1)}\nnot json\n`, /^json\.jsonl line 3 is not valid JSON: /],
    ];
    for (const [name, content, message] of cases) {
      await writeFile(join(dir, name), content);
      expect((await openError(join(dir, name))).message).toMatch(message);
    }
  });

  it("a report past any dimension's limit is refused in words before anything is stored", async () => {
    const base = generated.report;
    const header = (report: unknown) => `${JSON.stringify({ report })}\n`;
    const trivialFights = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: i + 1, encounterID: 0, name: "x", startTime: i, endTime: i + 1 }));
    const cases: [string, string, RegExp][] = [
      ["fights.jsonl", header({ ...base, fights: trivialFights(5_001) }), /^fights\.jsonl has 5,001 fights: a report may have at most 5,000/],
      [
        "actors.jsonl",
        header({
          ...base,
          masterData: { ...base.masterData, actors: Array.from({ length: 20_001 }, (_, i) => ({ id: i + 1, name: "a", type: "NPC" })) },
        }),
        /^actors\.jsonl has 20,001 actors: a report may have at most 20,000/,
      ],
      [
        "abilities.jsonl",
        header({ ...base, masterData: { ...base.masterData, abilities: Array.from({ length: 20_001 }, (_, i) => ({ gameID: i + 1, name: "a" })) } }),
        /^abilities\.jsonl has 20,001 abilities: a report may have at most 20,000/,
      ],
      ["title.jsonl", header({ ...base, title: "t".repeat(1_001) }), /^title\.jsonl line 1: a text is longer than 1,000 characters/],
      [
        "deep.jsonl",
        header({ ...base, extra: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) as unknown }),
        /^deep\.jsonl line 1: nested more than 32 levels deep/,
      ],
      [
        "deep-page.jsonl",
        `${header(base)}{"fightId":${base.fights[0]?.id},"data":[{"timestamp":1,"type":"death","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}]}\n`,
        /^deep-page\.jsonl line 2: nested more than 32 levels deep/,
      ],
      [
        "events.jsonl",
        `${header(base)}${`{"fightId":${base.fights[0]?.id},"data":[${Array.from({ length: 50_001 }, () => '{"timestamp":1,"type":"death"}').join(",")}]}\n`.repeat(4)}`,
        /^events\.jsonl: fight \d+ has more than 200,000 events/,
      ],
      ["fights.json", JSON.stringify({ report: { ...base, fights: trivialFights(5_001) }, events: [] }), /^fights\.json has 5,001 fights/],
    ];
    for (const [name, content, message] of cases) {
      await writeFile(join(dir, name), content);
      expect((await openError(join(dir, name))).message).toMatch(message);
    }
  });

  it("a million-fight file is refused in words, without holding it", async () => {
    const path = join(dir, "million.jsonl");
    const fights = Array.from(
      { length: 1_000_000 },
      (_, i) => `{"id":${i + 1},"encounterID":1,"name":"x","startTime":${i},"endTime":${i + 1},"kill":true}`,
    );
    await writeFile(path, `{"report":{"code":"Million000001","title":"m","startTime":0,"endTime":1,"fights":[${fights.join(",")}]}}\n`);
    expect((await stat(path)).size).toBeGreaterThan(64 * 1024 * 1024);
    expect((await openError(path)).message).toBe("million.jsonl line 1 is longer than 16 MB: not a report export");
    // As a JSON document: refused by its size, before it is read.
    await writeFile(join(dir, "million.json"), await readFile(path));
    expect((await openError(join(dir, "million.json"))).message).toMatch(/^million\.json is \d+ MB: a single JSON document is limited to 16 MB/);
  });

  it("a JSON document over the size cap is refused before it is read", async () => {
    const path = join(dir, "huge.json");
    await writeFile(path, "{");
    await truncate(path, 201 * 1024 * 1024); // sparse: no disk used
    expect((await openError(path)).message).toMatch(/^huge\.json is 201 MB: a single JSON document is limited to 16 MB; export it as JSON Lines/);
  });

  it("writeReportData writes any FFLogs-shaped data, e.g. the fights fixture with no events", async () => {
    const path = join(dir, "fixture.jsonl");
    await writeReportData(path, { report: fixtureReport(), events: () => [] });
    const file = await openReportFile(path);
    const pages = await pagesFrom(file, file.code);
    expect(pages).toHaveLength(46 * 4);
    expect(pages.every((p) => p.events.length === 0)).toBe(true);
  });
});
