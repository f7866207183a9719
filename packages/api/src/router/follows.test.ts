// Issue 15: a static follows its FFLogs guild or an FFLogs user, and the poller watches their new
// reports as they appear, against the local fake FFLogs server: pages, new reports, rate limits,
// the encounter filter and the bounds of one look.
import { ingestionLedger } from "@progboard/db";
import { createFflogsClient, type FflogsClient, type ReportOwner } from "@progboard/ingest";
import { type FakeFflogs, type FakeListing, startFakeFflogs } from "@progboard/ingest/testing";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FFLOGS_NOT_SET_UP } from "../services/fflogs";
import { type PollFollowsOptions, pollFollows } from "../services/follows";
import { createHarness, type Harness } from "../testing";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const guild: ReportOwner = { kind: "guild", name: "Crystal Tower", server: "tonberry", region: "JP" };

/** A night of the guild: `daysAgo` days back, 3 hours long, ending `endedAgo` before now when given. */
function night(code: string, daysAgo: number, options: { endedAgo?: number; encounter?: number; owner?: ReportOwner } = {}): FakeListing {
  const startTime = now - daysAgo * DAY;
  return {
    owner: options.owner ?? guild,
    report: {
      code,
      startTime,
      endTime: options.endedAgo === undefined ? startTime + 3 * HOUR : now - options.endedAgo,
      fights: [{ encounterID: 0 }, { encounterID: options.encounter ?? 1079 }],
    },
  };
}

let h: Harness;
let fake: FakeFflogs;
let client: FflogsClient;
const sleeps: number[] = [];

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  fake = await startFakeFflogs({
    reports: [],
    listings: [
      night("OldNight00001", 9), // before the follow's week: never listed
      night("GuildNight0001", 6),
      night("GuildNight0002", 4),
      night("GuildNight0003", 2),
      // Being logged right now: watched live.
      night("GuildTonight01", 0.1, { endedAgo: 60_000 }),
      night("UserNight0001", 1, { owner: { kind: "user", userId: 4242 } }),
    ],
  });
  client = createFflogsClient({
    apiUrl: fake.apiUrl,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    maxRateLimitWaits: 1,
  });
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

const poll = (options: Partial<PollFollowsOptions> = {}) =>
  pollFollows(h.handle, { list: (owner, o) => client.listReports(owner, o), intervalMs: 0, pageSize: 2, ...options });

async function newStatic(user: string, name: string) {
  const created = await (await h.as(user)).statics.create({ name });
  return h.as(user, { staticId: created.id });
}

describe("following a guild", () => {
  it("watches the guild's reports of the last week, oldest first, reading every page; the one being logged live", async () => {
    const raider = await newStatic("rina", "Rina static");
    const follow = await raider.follows.create({ guild: { name: "crystal tower", server: "Tonberry", region: "JP" } });
    expect(follow).toMatchObject({
      owner: { kind: "guild", name: "crystal tower", server: "tonberry", region: "JP" },
      reportsWatched: 0,
      lastPolledAt: null,
    });

    const before = fake.requests.reports;
    const [result] = (await poll()).filter((r) => r.followId === follow.id);
    expect(result).toMatchObject({ watched: ["GuildNight0001", "GuildNight0002", "GuildNight0003", "GuildTonight01"], error: null });
    // 4 reports, 2 a page: two pages, the second saying there are no more.
    expect(fake.requests.reports - before).toBe(2);
    expect(fake.reportsRequests.at(-1)).toMatchObject({ guildName: "crystal tower", guildServerSlug: "tonberry", guildServerRegion: "JP", page: 2 });

    const watched = await raider.watchedReports.list();
    expect(watched.map((r) => [r.code, r.live, r.addedBy]).sort()).toEqual([
      ["GuildNight0001", false, "rina"],
      ["GuildNight0002", false, "rina"],
      ["GuildNight0003", false, "rina"],
      ["GuildTonight01", true, "rina"],
    ]);
    // Queued for the worker through the one watch path.
    const ledger = await h.handle.db
      .select({ code: ingestionLedger.reportCode, status: ingestionLedger.status })
      .from(ingestionLedger)
      .where(inArray(ingestionLedger.reportCode, ["GuildNight0001", "GuildTonight01"]));
    expect(ledger.map((r) => r.status)).toEqual(["queued", "queued"]);
    const [listed] = await raider.follows.list();
    expect(listed).toMatchObject({ reportsWatched: 4, lastError: null });
    expect(listed?.lastPolledAt).toBeInstanceOf(Date);
  });

  it("watches a new report as it appears, and stops keeping tonight's live once it has ended", async () => {
    const raider = await h.as("rina", { staticId: (await (await h.as("rina")).me.get()).currentStaticId ?? 0 });
    fake.addListing(night("GuildNight0004", 0.05, { endedAgo: 30_000 }));
    const [result] = await poll({ now: () => now + 2 * HOUR });
    expect(result?.watched).toEqual(["GuildNight0004"]);
    const live = Object.fromEntries((await raider.watchedReports.list()).map((r) => [r.code, r.live]));
    // Seen two hours later: both have ended (the new one is watched as it is then, not live).
    expect(live).toMatchObject({ GuildTonight01: false, GuildNight0004: false });
    // The next look starts after what is settled: nothing new, nothing watched again.
    const [again] = await poll({ now: () => now + 2 * HOUR });
    expect(again?.watched).toEqual([]);
    expect(fake.reportsRequests.at(-1)?.startTime as number).toBeGreaterThan(now - DAY);
  });

  it("429: waits for the reset; still limited, the follow says so in words and the next look works", async () => {
    const raider = await newStatic("uma", "Uma static");
    const follow = await raider.follows.create({ fflogsUserId: 4242 });
    sleeps.length = 0;
    fake.setFaults({ rateLimit: { times: 5, pointsResetIn: 90 } });
    const [limited] = (await poll()).filter((r) => r.followId === follow.id);
    expect(limited?.watched).toEqual([]);
    expect(limited?.error).toMatch(/^FFLogs rate limit reached while fetching the reports of FFLogs user 4242 \(page 1\); points reset in 90 s$/);
    // Every follow due waited once for the reset (others were due too), then gave up until the next look.
    expect(sleeps.length).toBeGreaterThan(0);
    expect(new Set(sleeps)).toEqual(new Set([90_000]));
    expect((await raider.follows.list())[0]?.lastError).toBe(limited?.error);
    expect(await raider.watchedReports.list()).toEqual([]);

    fake.setFaults({ rateLimit: { times: 1, pointsResetIn: 5 } });
    const [recovered] = (await poll()).filter((r) => r.followId === follow.id);
    expect(recovered).toMatchObject({ watched: ["UserNight0001"], error: null });
    expect((await raider.follows.list())[0]?.lastError).toBeNull();
  });

  it("an unknown guild: the follow says so in words, and watches nothing", async () => {
    const raider = await newStatic("vic", "Vic static");
    const follow = await raider.follows.create({ guild: { name: "Nobody Here", server: "tonberry", region: "EU" } });
    const [result] = (await poll()).filter((r) => r.followId === follow.id);
    expect(result?.error).toBe("FFLogs knows no guild like the guild Nobody Here (tonberry, EU), or its reports are private");
  });

  it("only the encounters the static progresses, when asked; at most reportsPerPoll a look, the rest at the next", async () => {
    fake.addListing(night("OtherFight0001", 3, { encounter: 1070 }));
    const raider = await newStatic("wen", "Wen static");
    await raider.strats.upsert({ encounterId: 1079, mechanicRef: "Cyclonic Break", role: "dps" });
    const follow = await raider.follows.create({ guild: { name: "Crystal Tower", server: "tonberry", region: "JP" }, onlyProgressed: true });
    const first = (await poll({ reportsPerPoll: 2, now: () => now + 2 * HOUR })).find((r) => r.followId === follow.id);
    expect(first?.watched).toEqual(["GuildNight0001", "GuildNight0002"]);
    const second = (await poll({ reportsPerPoll: 2, now: () => now + 2 * HOUR })).find((r) => r.followId === follow.id);
    expect(second?.watched).toEqual(["GuildNight0003", "GuildTonight01"]);
    const third = (await poll({ reportsPerPoll: 2, now: () => now + 2 * HOUR })).find((r) => r.followId === follow.id);
    expect(third?.watched).toEqual(["GuildNight0004"]);
    expect((await raider.watchedReports.list()).map((r) => r.code)).not.toContain("OtherFight0001");
  });

  it("is not looked at again before the interval has passed", async () => {
    expect(await poll({ intervalMs: 3_600_000 })).toEqual([]);
  });
});

describe("follows as a static's own data", () => {
  it("refuses a second follow of the same guild, both a guild and a user, or neither, in words", async () => {
    const raider = await newStatic("xia", "Xia static");
    await raider.follows.create({ guild: { name: "Crystal Tower", server: "tonberry", region: "JP" } });
    await expect(raider.follows.create({ guild: { name: "CRYSTAL TOWER", server: "Tonberry", region: "JP" } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This static already follows the guild CRYSTAL TOWER (tonberry, JP)",
    });
    await expect(raider.follows.create({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(raider.follows.create({ fflogsUserId: 1, guild: { name: "A", server: "b", region: "EU" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(raider.follows.create({ guild: { name: "A", server: "b", region: "XX" as "EU" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("allows at most five per static", async () => {
    const raider = await newStatic("yui", "Yui static");
    for (let n = 1; n <= 5; n++) await raider.follows.create({ fflogsUserId: n });
    const refused = raider.follows.create({ fflogsUserId: 6 });
    await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(refused).rejects.toThrow("A static follows at most 5 guilds or users: remove one first");
  });

  it("update and remove: the static's own follows only; removing keeps the watched reports", async () => {
    const raider = await newStatic("zed", "Zed static");
    const follow = await raider.follows.create({ fflogsUserId: 4242 });
    await poll();
    expect(await raider.follows.update({ id: follow.id, onlyProgressed: true })).toMatchObject({ onlyProgressed: true });
    const stranger = await newStatic("quin", "Quin static");
    await expect(stranger.follows.remove({ id: follow.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await raider.follows.remove({ id: follow.id })).toEqual({ removed: true });
    expect((await raider.watchedReports.list()).map((r) => r.code)).toEqual(["UserNight0001"]);
  });
});

describe("without FFLogs access", () => {
  it("refuses to follow, in the words the Watch form shows", async () => {
    const bare = await createHarness({ autoJoinDefaultStatic: false, fflogs: { fromEnv: false, check: () => Promise.reject(new Error("no")) } });
    try {
      const created = await (await bare.as("nia")).statics.create({ name: "Nia static" });
      const nia = await bare.as("nia", { staticId: created.id });
      await expect(nia.follows.create({ fflogsUserId: 4242 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: FFLOGS_NOT_SET_UP });
      await expect(nia.watchedReports.add({ report: "GuildNight0001" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: FFLOGS_NOT_SET_UP });
      expect(await nia.fflogs.status()).toMatchObject({ configured: false, source: null });
    } finally {
      await bare.close();
    }
  });
});

describe("a hostile FFLogs listing", () => {
  const hostileGuild: ReportOwner = { kind: "guild", name: "Hostile Guild", server: "tonberry", region: "JP" };
  const noStartUser: ReportOwner = { kind: "user", userId: 5151 };
  const calmUser: ReportOwner = { kind: "user", userId: 6161 };

  it("skips and logs a bad listing (bad code, a file: key, no startTime); the good ones and the other follows go on", async () => {
    fake.addListing(night("HostileGood01", 2, { owner: hostileGuild }));
    fake.addListing({ owner: hostileGuild, report: { code: "bad code!!", startTime: now - DAY, endTime: now - DAY + HOUR } });
    fake.addListing({ owner: hostileGuild, report: { code: `file:${"ab".repeat(32)}`, startTime: now - DAY, endTime: now - DAY + HOUR } });
    fake.addListing({ owner: hostileGuild, report: { code: "x".repeat(5_000), startTime: now - DAY, endTime: now - DAY + HOUR } });
    fake.addListing({ owner: noStartUser, report: { code: "NoStartTime01", endTime: now - DAY } });
    fake.addListing(night("UserGood00001", 3, { owner: noStartUser }));
    fake.addListing(night("CalmNight0001", 1, { owner: calmUser }));

    const hostile = await newStatic("hana", "Hana static");
    const hostileFollow = await hostile.follows.create({ guild: { name: "Hostile Guild", server: "tonberry", region: "JP" } });
    const noStart = await newStatic("ines", "Ines static");
    const noStartFollow = await noStart.follows.create({ fflogsUserId: 5151 });
    const calm = await newStatic("jun", "Jun static");
    const calmFollow = await calm.follows.create({ fflogsUserId: 6161 });

    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const results = await poll({ pageSize: 25, log: (_level, message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }) });
    const of = (id: number) => results.find((r) => r.followId === id);
    expect(of(hostileFollow.id)).toMatchObject({ watched: ["HostileGood01"], error: null });
    expect(of(noStartFollow.id)).toMatchObject({ watched: ["UserGood00001"], error: null });
    expect(of(calmFollow.id)).toMatchObject({ watched: ["CalmNight0001"], error: null });
    expect((await hostile.watchedReports.list()).map((r) => r.code)).toEqual(["HostileGood01"]);

    const skipped = logged.filter((l) => l.message === "follow listing skipped");
    expect(skipped.map((l) => l.fields?.followId).sort()).toEqual([hostileFollow.id, noStartFollow.id].sort());
    const reasons = skipped.flatMap((l) => l.fields?.skipped as string[]);
    expect(reasons.filter((r) => /code: not an FFLogs report code/.test(r))).toHaveLength(3);
    expect(reasons.some((r) => /startTime/.test(r))).toBe(true);
    // The hostile text itself is never copied into the log.
    expect(JSON.stringify(logged)).not.toContain("x".repeat(100));
  });

  it("a page longer than asked for is read only as far as asked", async () => {
    fake.setFaults({ oversizedList: { times: 1, items: 20_000 } });
    const page = await client.listReports(calmUser, { startTime: 0, page: 1, limit: 25 });
    expect(page.reports).toHaveLength(25);
    expect(page.skipped).toEqual(["19975 listings past the 25 a page holds"]);
  });

  it("a list function that answers too much is bounded by the poll: pages, items and watches", async () => {
    const flooded = await newStatic("kai", "Kai static");
    const follow = await flooded.follows.create({ fflogsUserId: 7373 });
    let pages = 0;
    const results = await pollFollows(h.handle, {
      intervalMs: 0,
      pageSize: 10,
      pagesPerPoll: 3,
      reportsPerPoll: 4,
      list: (owner) => {
        if (owner.kind !== "user" || owner.userId !== 7373) return Promise.resolve({ reports: [], hasMorePages: false });
        pages++;
        const base = now - HOUR - pages * 100_000;
        const reports = Array.from({ length: 50_000 }, (_, i) => ({
          code: `Flood${pages}x${String(i).padStart(6, "0")}`,
          startTime: base + i,
          endTime: base + i + 1,
          encounterIds: [],
        }));
        return Promise.resolve({ reports, hasMorePages: true });
      },
    });
    expect(pages).toBe(3);
    expect(results.find((r) => r.followId === follow.id)?.watched).toHaveLength(4);
    expect(await flooded.watchedReports.list()).toHaveLength(4);
  });

  it("one follow's failure (its static's transaction fails) is said on it; the others are looked at all the same", async () => {
    const broken = await newStatic("lou", "Lou static");
    const brokenFollow = await broken.follows.create({ fflogsUserId: 6161 });
    const other = await newStatic("mae", "Mae static");
    const otherFollow = await other.follows.create({ fflogsUserId: 6161 });
    const brokenStatic = (await (await h.as("lou")).me.get()).currentStaticId;
    let failed = 0;
    const handle: Parameters<typeof pollFollows>[0] = {
      withIngestion: h.handle.withIngestion,
      withWorkerTenant: (tenant, fn, options) => {
        if (tenant.staticId === brokenStatic && !options?.readOnly && failed++ === 0) return Promise.reject(new Error("connection lost"));
        return h.handle.withWorkerTenant(tenant, fn, options);
      },
    };
    const logged: string[] = [];
    const results = await pollFollows(handle, {
      list: (owner, o) => client.listReports(owner, o),
      intervalMs: 0,
      log: (level, message) => logged.push(`${level} ${message}`),
    });
    expect(results.find((r) => r.followId === brokenFollow.id)).toMatchObject({
      watched: [],
      error: "This follow's last look failed: connection lost",
    });
    expect(results.find((r) => r.followId === otherFollow.id)).toMatchObject({ watched: ["CalmNight0001"], error: null });
    expect(logged).toContain("error follow look failed");
    const [said] = await broken.follows.list();
    expect(said).toMatchObject({ lastError: "This follow's last look failed: connection lost" });
    expect(said?.lastPolledAt).toBeInstanceOf(Date);
    expect(await broken.watchedReports.list()).toEqual([]);
  });

  it("stops between follows once shutting down: the one under way finishes, the rest wait", async () => {
    for (const name of ["nao", "oto"]) {
      const raider = await newStatic(name, `${name} static`);
      await raider.follows.create({ fflogsUserId: 6161 });
    }
    const stop = new AbortController();
    let looked = 0;
    const results = await pollFollows(h.handle, {
      intervalMs: 0,
      signal: stop.signal,
      list: async (owner, o) => {
        looked++;
        stop.abort();
        return client.listReports(owner, o);
      },
    });
    expect(looked).toBe(1);
    expect(results).toHaveLength(1);
    // The rest are still due: the next poll looks at them.
    expect((await poll()).length).toBeGreaterThan(1);
  });
});
