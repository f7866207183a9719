import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { normalizeEvents, normalizeReport } from "../normalize";
import { type FakeFflogs, fixtureReport, generateReport, startFakeFflogs } from "../testing";
import { type EventPage, IngestError, type NormalizedReport } from "../types";
import { createFflogsClient, type FflogsClientOptions } from "./client";
import { rawReportSchema } from "./schemas";
import { EVENT_STREAMS, friendlyActorIds, splitStreams } from "./streams";

const generated = generateReport({ seed: 42, code: "SynthProgReport1", pulls: 10, eventsPerPull: 300 });
const fixture = fixtureReport();

let fake: FakeFflogs;
const sleeps: number[] = [];

beforeAll(async () => {
  fake = await startFakeFflogs({ reports: [generated, { report: fixture }], pageSize: 40 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.setFaults({});
  sleeps.length = 0;
});

function client(overrides: Partial<FflogsClientOptions> = {}) {
  return createFflogsClient({
    apiUrl: fake.apiUrl,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...overrides,
  });
}

async function collect(pages: AsyncIterable<EventPage>): Promise<EventPage[]> {
  const out: EventPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

function counts() {
  return { ...fake.requests };
}

describe("token", () => {
  it("is fetched once and cached across requests, sent as HTTP Basic, and the default token URL is the API's origin", async () => {
    const before = counts();
    const source = client(); // no tokenUrl: derived from apiUrl
    await source.fetchReport(generated.report.code);
    await source.fetchReport(generated.report.code);
    expect(fake.requests.token - before.token).toBe(1);
    expect(fake.requests.report - before.report).toBe(2);
  });

  it("is fetched again once it is about to expire", async () => {
    let now = 1_000_000;
    const source = client({ now: () => now });
    const before = counts();
    await source.fetchReport(generated.report.code);
    now += 3_000_000; // 3,000 s of a 3,600 s token: still good
    await source.fetchReport(generated.report.code);
    expect(fake.requests.token - before.token).toBe(1);
    now += 570_000; // within the renewal margin before expiry
    await source.fetchReport(generated.report.code);
    expect(fake.requests.token - before.token).toBe(2);
  });

  it("is refreshed once after a 401 from the API, and the request then succeeds", async () => {
    const source = client();
    await source.fetchReport(generated.report.code);
    const before = counts();
    fake.revokeTokens();
    const report = await source.fetchReport(generated.report.code);
    expect(report.code).toBe(generated.report.code);
    expect(fake.requests.token - before.token).toBe(1);
    expect(fake.requests.unauthorized - before.unauthorized).toBe(1);
  });

  it("gives up with a credentials error when even a fresh token is refused", async () => {
    const source = client();
    fake.setFaults({ unauthorized: { times: 2 } });
    const error = await failure(source.fetchReport(generated.report.code));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/FFLOGS_CLIENT_ID.*FFLOGS_CLIENT_SECRET/);
  });

  it("wrong credentials: a clear, non-retryable error naming the settings, never the secret", async () => {
    const secret = "s3cret-value-that-must-not-leak";
    const source = client({ clientSecret: secret, tokenUrl: fake.tokenUrl });
    const error = await failure(source.fetchReport(generated.report.code));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("FFLOGS_CLIENT_ID");
    expect(error.message).toContain("FFLOGS_CLIENT_SECRET");
    expect(JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause) })).not.toContain(secret);
    expect(sleeps).toEqual([]);
  });

  it("missing credentials fail before any request", async () => {
    const before = counts();
    const error = await failure(client({ clientId: "", clientSecret: "" }).fetchReport("x"));
    expect(error.message).toMatch(/not configured.*FFLOGS_CLIENT_ID/);
    expect(fake.requests.token).toBe(before.token);
  });
});

describe("report", () => {
  it("fetches report, fights, actors and abilities in one query, normalized", async () => {
    const before = counts();
    const source = client();
    const report = await source.fetchReport(generated.report.code);
    expect(fake.requests.report - before.report).toBe(1);
    expect(report).toEqual(normalizeReport(rawReportSchema.parse(generated.report)));
    expect(report.fights).toHaveLength(10);
    expect(report.zoneName).toBe("The Cinder Throne (Ultimate)");
    const byName = new Map(report.actors.map((a) => [a.name, a]));
    expect(byName.get("Limit Break")?.isPlayer).toBe(false);
    expect(byName.get("Multiple Players")?.isPlayer).toBe(false);
    expect(byName.get("Automaton Queen")).toMatchObject({ isPlayer: false, petOwner: 7, type: "Pet" });
    expect(report.actors.filter((a) => a.isPlayer)).toHaveLength(8);
    expect(report.abilities.find((a) => a.gameId === 1_003_903)).toMatchObject({ name: "Doom", type: 0 });
    expect(source.rateLimit).toMatchObject({ limitPerHour: 3600 });
  });

  it("reads the real fights fixture served as a report: 46 fights with FFLogs' own kill flags", async () => {
    const report = await client().fetchReport(fixture.code);
    expect(report.fights).toHaveLength(46);
    expect(report.fights.filter((f) => f.kill === true)).toHaveLength(9);
    expect(report.fights.find((f) => f.id === 40)).toMatchObject({ kill: true, fightPercentage: 11.85, bossPercentage: 90.52 });
  });

  it("a missing or private report: a non-retryable error saying only public reports can be fetched", async () => {
    const error = await failure(client().fetchReport("doesNotExist0000"));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("Report doesNotExist0000 was not found or is private: only public reports can be fetched with client credentials");
  });

  it("a null report without errors is treated the same way", async () => {
    const fetchNull: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith("/api/v2/client")) return response;
      await response.text();
      return new Response(JSON.stringify({ data: { reportData: { report: null } } }), { status: 200 });
    };
    const error = await failure(client({ fetch: fetchNull }).fetchReport("AnyCode"));
    expect(error.message).toMatch(/^Report AnyCode was not found or is private/);
  });
});

describe("events", () => {
  it("pages each of the four streams in order until nextPageTimestamp is null, within the fight", async () => {
    const source = client({ pageSize: 1000 }); // the fake caps pages at 40 events
    const report = await source.fetchReport(generated.report.code);
    const fight = report.fights.at(-1);
    if (!fight) throw new Error("no fights");
    const before = counts();
    const pages = await collect(source.fightEvents(report, fight));

    // Streams come in the fixed order, each as one or more consecutive pages.
    const order = pages.map((p) => p.stream).filter((s, i, all) => all[i - 1] !== s);
    expect(order).toEqual(EVENT_STREAMS);
    expect(fake.requests.events - before.events).toBe(pages.length);
    expect(pages.filter((p) => p.stream === "damage-taken").length).toBeGreaterThan(3);

    // Every event of each stream, in time order, calculateddamage dropped.
    const streams = splitStreams(generated.events(fight.id), friendlyActorIds(generated.report));
    for (const stream of EVENT_STREAMS) {
      const got = pages.filter((p) => p.stream === stream).flatMap((p) => p.events);
      expect(got).toEqual(normalizeEvents(streams[stream]));
      expect(got.every((e, i) => i === 0 || (got[i - 1]?.timestamp ?? 0) <= e.timestamp)).toBe(true);
      expect(got.every((e) => e.timestamp >= fight.startTime && e.timestamp <= fight.endTime)).toBe(true);
    }
    expect(pages.flatMap((p) => p.events).some((e) => e.type === "calculateddamage")).toBe(false);
    expect(pages.every((p) => p.fightId === fight.id)).toBe(true);
  });

  it("asks FFLogs with startTime = nextPageTimestamp and the fight's bounds", async () => {
    const source = client({ pageSize: 25 });
    const report = await source.fetchReport(generated.report.code);
    const fight = report.fights[3];
    if (!fight) throw new Error("no fight");
    const logStart = fake.eventRequests.length;
    await collect(source.fightEvents(report, fight));
    const requests = fake.eventRequests.slice(logStart).filter((r) => r.stream === "damage-taken");
    expect(requests[0]?.startTime).toBe(fight.startTime);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r, i) => i === 0 || (requests[i - 1]?.startTime ?? Infinity) < r.startTime)).toBe(true);
  });
});

describe("an answer too large", () => {
  it("is refused in words, whether it says its length or not, and nothing past the limit is read", async () => {
    const small = client({ maxResponseBytes: 2_000 });
    const declared = await failure(small.fetchReport(generated.report.code));
    expect(declared.message).toBe("FFLogs sent an answer of more than 0.0 MB; progboard reads at most that much");
    expect(declared.retryable).toBe(false);
    // A chunked answer (no Content-Length) is cut off as it streams in.
    const chunked = client({
      maxResponseBytes: 2_000,
      fetch: async (url, init) => {
        const answer = await globalThis.fetch(url, init);
        const headers = new Headers(answer.headers);
        headers.delete("content-length");
        return new Response(answer.body, { status: answer.status, headers });
      },
    });
    expect((await failure(chunked.fetchReport(generated.report.code))).message).toMatch(/^FFLogs sent an answer of more than/);
    // The default bound lets a real report through.
    expect((await client().fetchReport(generated.report.code)).code).toBe(generated.report.code);
  });
});

describe("failures", () => {
  let report: NormalizedReport;
  beforeAll(async () => {
    report = await client().fetchReport(generated.report.code);
  });

  it("429: waits pointsResetIn seconds (injected sleep), then succeeds", async () => {
    fake.setFaults({ rateLimit: { times: 2, pointsResetIn: 120 } });
    const before = counts();
    const got = await client().fetchReport(generated.report.code);
    expect(got.code).toBe(generated.report.code);
    expect(sleeps).toEqual([120_000, 120_000]);
    expect(fake.requests.report - before.report).toBe(3);
  });

  it("429 for too long: a retryable error saying when points reset", async () => {
    fake.setFaults({ rateLimit: { times: 10, pointsResetIn: 900 } });
    const error = await failure(client({ maxRateLimitWaits: 2 }).fetchReport(generated.report.code));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/rate limit.*900 s/);
    expect(sleeps).toEqual([900_000, 900_000]);
  });

  it("5xx: retried with exponential backoff, then success", async () => {
    fake.setFaults({ serverError: { times: 2, status: 502 } });
    const before = counts();
    await client().fetchReport(generated.report.code);
    expect(fake.requests.report - before.report).toBe(3);
    expect(sleeps).toEqual([375, 750]); // 500·2^n, half fixed + half jitter at random() = 0.5
  });

  it("5xx every time: maxRetries + 1 attempts, then a retryable IngestError", async () => {
    fake.setFaults({ serverError: { times: 1000 } });
    const before = counts();
    const error = await failure(client({ maxRetries: 3 }).fetchReport(generated.report.code));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/after 4 attempts \(HTTP 500\)/);
    expect(fake.requests.report - before.report).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[2]).toBeGreaterThan(sleeps[1] ?? Infinity);
  });

  it("the default is 5 retries, with jitter bounded by the backoff ceiling", async () => {
    fake.setFaults({ serverError: { times: 1000 } });
    const before = counts();
    const random = vi.fn(() => 0.999);
    await failure(client({ random }).fetchReport(generated.report.code));
    expect(fake.requests.report - before.report).toBe(6);
    expect(sleeps).toHaveLength(5);
    sleeps.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(250 * 2 ** n);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** n);
    });
    expect(random).toHaveBeenCalledTimes(5);
  });

  it("timeouts are retried, then reported as retryable", async () => {
    fake.setFaults({ delayMs: 400 });
    const error = await failure(client({ timeoutMs: 50, maxRetries: 1 }).fetchReport(generated.report.code));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/no answer within 50 ms/);
  });

  it("network errors are retried, then reported as retryable", async () => {
    const closed = await startFakeFflogs({ reports: [] });
    await closed.close();
    const error = await failure(client({ apiUrl: closed.apiUrl, maxRetries: 2 }).fetchReport("x"));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/token request after 3 attempts \(network error/);
  });

  it("a malformed report payload is rejected, not retried", async () => {
    fake.setFaults({ malformed: { times: 1, on: "report" } });
    const before = counts();
    const error = await failure(client().fetchReport(generated.report.code));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^FFLogs sent malformed data for the report SynthProgReport1: data\.reportData\.report\.\w+: expected/);
    expect(fake.requests.report - before.report).toBe(1);
  });

  it("a response that is not JSON is rejected", async () => {
    fake.setFaults({ malformed: { times: 1, on: "report", kind: "json" } });
    const error = await failure(client().fetchReport(generated.report.code));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/not GraphQL JSON/);
  });

  it("a malformed events page: nothing is yielded", async () => {
    const fight = report.fights[0];
    if (!fight) throw new Error("no fight");
    fake.setFaults({ malformed: { times: 1, on: "events" } });
    const yielded: EventPage[] = [];
    const error = await failure(
      (async () => {
        for await (const page of client().fightEvents(report, fight)) yielded.push(page);
      })(),
    );
    expect(yielded).toEqual([]);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/malformed data for the Deaths events of fight 1.*timestamp/);
  });

  it("waits for the reset before spending points it does not have", async () => {
    const tight = await startFakeFflogs({ reports: [generated], limitPerHour: 2 });
    try {
      const source = client({ apiUrl: tight.apiUrl });
      await source.fetchReport(generated.report.code);
      await source.fetchReport(generated.report.code);
      expect(sleeps).toEqual([]);
      expect(source.rateLimit).toMatchObject({ limitPerHour: 2, pointsSpentThisHour: 2, pointsResetIn: 1800 });
      await source.fetchReport(generated.report.code);
      expect(sleeps).toEqual([1_800_000]);
    } finally {
      await tight.close();
    }
  });

  it("errors never contain the client secret or the access token", async () => {
    fake.setFaults({ serverError: { times: 1000 } });
    const error = await failure(client({ maxRetries: 0 }).fetchReport(generated.report.code));
    expect(error.message).not.toContain(fake.clientSecret);
    expect(error.message).not.toMatch(/Bearer|Basic/);
  });
});
