// Listing a guild's or user's reports (reportData.reports), the follow's view of FFLogs, against the
// local fake FFLogs server: pages, rate limits, unknown owners, and the credentials check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeFflogs, startFakeFflogs } from "../testing";
import { IngestError } from "../types";
import { createFflogsClient, type ReportOwner } from "./client";

const guild: ReportOwner = { kind: "guild", name: "Crystal Tower", server: "tonberry", region: "JP" };
const user: ReportOwner = { kind: "user", userId: 4242 };
const HOUR = 3_600_000;
const base = Date.UTC(2026, 10, 1);

let fake: FakeFflogs;
const sleeps: number[] = [];

beforeAll(async () => {
  fake = await startFakeFflogs({
    reports: [],
    listings: [
      // 7 nights of the guild, each 4 hours, with the savage and the ultimate.
      ...Array.from({ length: 7 }, (_, night) => ({
        owner: guild,
        report: {
          code: `GuildNight${night}`,
          startTime: base + night * 24 * HOUR,
          endTime: base + night * 24 * HOUR + 4 * HOUR,
          zone: { id: 59, name: "Futures Rewritten" },
          fights: [{ encounterID: 0 }, { encounterID: 1079 }, { encounterID: 1079 }],
        },
      })),
      { owner: user, report: { code: "UserReport01", startTime: base, endTime: base + HOUR } },
    ],
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.setFaults({});
  sleeps.length = 0;
});

function client() {
  return createFflogsClient({
    apiUrl: fake.apiUrl,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  });
}

describe("listReports", () => {
  it("pages a guild's reports newest first, from startTime on, with the encounters of their fights", async () => {
    const source = client();
    const first = await source.listReports(guild, { startTime: base + 24 * HOUR, page: 1, limit: 4 });
    expect(first.reports.map((r) => r.code)).toEqual(["GuildNight6", "GuildNight5", "GuildNight4", "GuildNight3"]);
    expect(first.hasMorePages).toBe(true);
    expect(first.reports[0]).toMatchObject({ zone: { id: 59, name: "Futures Rewritten" }, encounterIds: [1079], title: "GuildNight6" });
    const second = await source.listReports(guild, { startTime: base + 24 * HOUR, page: 2, limit: 4 });
    expect(second.reports.map((r) => r.code)).toEqual(["GuildNight2", "GuildNight1"]);
    expect(second.hasMorePages).toBe(false);
    // The guild is asked for by name, server slug and region; no user id is sent.
    expect(fake.reportsRequests.at(-1)).toEqual({
      guildName: "Crystal Tower",
      guildServerSlug: "tonberry",
      guildServerRegion: "JP",
      startTime: base + 24 * HOUR,
      page: 2,
      limit: 4,
    });
  });

  it("lists a user's reports by user id", async () => {
    const page = await client().listReports(user, { startTime: 0, page: 1, limit: 10 });
    expect(page.reports.map((r) => r.code)).toEqual(["UserReport01"]);
    expect(page.reports[0]?.encounterIds).toEqual([]);
    expect(fake.reportsRequests.at(-1)).toEqual({ userID: 4242, startTime: 0, page: 1, limit: 10 });
  });

  it("429: waits for the rate limit's reset, then lists", async () => {
    fake.setFaults({ rateLimit: { times: 1, pointsResetIn: 30 } });
    const page = await client().listReports(guild, { startTime: 0, page: 1, limit: 2 });
    expect(page.reports).toHaveLength(2);
    expect(sleeps).toEqual([30_000]);
  });

  it("an unknown guild: a non-retryable error naming it, in words", async () => {
    const error = await client()
      .listReports({ kind: "guild", name: "Nobody", server: "tonberry", region: "JP" }, { startTime: 0, page: 1, limit: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).retryable).toBe(false);
    expect((error as IngestError).message).toBe("FFLogs knows no guild like the guild Nobody (tonberry, JP), or its reports are private");
  });
});

describe("checkCredentials", () => {
  it("resolves when FFLogs issues a token, and says what to check when it refuses, naming the hint given", async () => {
    await expect(client().checkCredentials()).resolves.toBeUndefined();
    const wrong = createFflogsClient({
      apiUrl: fake.apiUrl,
      clientId: fake.clientId,
      clientSecret: "not-the-secret",
      credentialsHint: "check the client id and secret on the Admin page",
    });
    await expect(wrong.checkCredentials()).rejects.toThrow(
      "FFLogs rejected the API client credentials (HTTP 401): check the client id and secret on the Admin page",
    );
  });
});
