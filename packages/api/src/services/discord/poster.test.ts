// The Discord poster against a local fake of Discord's webhook API (testing-discord.ts): a session
// ends when its report finishes importing, its recap is posted once (an embed within Discord's
// limits, the prog curve as files[0]), across a restart and two posters at once; 429 is honoured
// (retry_after), 5xx retried with backoff then failed in words, 404 failed at once, in words.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discordPosts, fights, reports, users } from "@progboard/db";
import { enqueue, ingestReport, markDone, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { TRPCError } from "@trpc/server";
import { and, eq, max, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../testing";
import { type FakeDiscord, startFakeDiscord } from "../../testing-discord";
import { createAnalysisCache } from "../analysis/cache";
import { type DiscordPosterOptions, postDue, queueEndedSessions, startDiscordPoster } from "./poster";
import { DISCORD_LIMITS, embedChars } from "./recap";
import { executeWebhook } from "./webhook";

// What the tests drew and sent, kept to look at after a run (test-results/ is not committed).
const SHOTS = fileURLToPath(new URL("../../../test-results/discord/", import.meta.url));
mkdirSync(SHOTS, { recursive: true });

let h: Harness;
let fake: FakeDiscord;
const encounterId = GENERATED_ENCOUNTER.id;
const WEBHOOK_ID = "123456789012345678";
const TOKEN = "Tok3n_secret-".padEnd(68, "x");
const WEBHOOK = `https://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}`;
const SHORT = "DiscordShort001";
const LONG = "DiscordLong0001";
type Caller = Awaited<ReturnType<Harness["as"]>>;
let owner: Caller;
let member: Caller;
let staticId: number;
let ownerId: number;
const logged: string[] = [];

const options = (more: Partial<DiscordPosterOptions> = {}): DiscordPosterOptions => ({
  analysisCache: h.analysisCache,
  apiBase: fake.url,
  idleMinutes: 30,
  backoffMs: 40,
  log: (level, message, fields) => logged.push(JSON.stringify({ level, message, ...fields })),
  ...more,
});

async function ingest(code: string, pulls: number, seed: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-discord-")), "report.jsonl");
  await writeReportFile(file, { seed, code, pulls, eventsPerPull: 40, format: "jsonl" });
  await enqueue(h.handle, code);
  const summary = await ingestReport(h.handle, await openReportFile(file), code);
  await markDone(h.handle, code, summary.revision);
}

async function sessionOf(code: string): Promise<string> {
  const [s] = await owner.analysis.sessions({ encounterId, code });
  if (!s) throw new Error("no session");
  return s.sessionKey;
}

async function posts() {
  return h.handle.withWorkerTenant({ userId: ownerId, staticId }, (db) =>
    db.select().from(discordPosts).where(eq(discordPosts.staticId, staticId)).orderBy(discordPosts.sessionKey),
  );
}

async function setPost(session: string, values: { [K in keyof typeof discordPosts.$inferInsert]?: (typeof discordPosts.$inferInsert)[K] | SQL }) {
  await h.handle.withWorkerTenant({ userId: ownerId, staticId }, (db) =>
    db
      .update(discordPosts)
      .set(values)
      .where(and(eq(discordPosts.staticId, staticId), eq(discordPosts.encounterId, encounterId), eq(discordPosts.sessionKey, session))),
  );
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  fake = await startFakeDiscord();
  staticId = (await (await h.as("sora")).statics.create({ name: "Sora's static" })).id;
  owner = await h.as("sora", { staticId });
  await h.as("mika");
  await (await h.as("sora")).members.add({ staticId, username: "mika" });
  member = await h.as("mika", { staticId });
  const [row] = await h.handle.db.select({ id: users.id }).from(users).where(eq(users.username, "sora"));
  ownerId = row?.id ?? 0;
  // A report imported before the webhook is set is not posted (nor is anything older).
  await ingest("DiscordBefore01", 5, 3);
  await owner.watchedReports.add({ report: "DiscordBefore01" });
  await owner.discord.setWebhook({ url: WEBHOOK });
  await owner.watchedReports.add({ report: SHORT });
  await owner.watchedReports.add({ report: LONG, label: "Long Tuesday" });
  await ingest(SHORT, 12, 5);
}, 120_000);
afterAll(async () => {
  await fake.close();
  await h.close();
});
beforeEach(() => {
  logged.length = 0;
});

describe("a session that ends is posted once", () => {
  it("queues the session of a report that finished importing (not one from before the webhook), once", async () => {
    const queued = await queueEndedSessions(h.handle, options());
    expect(queued).toEqual([{ staticId, encounterId, sessionKey: await sessionOf(SHORT) }]);
    expect(await queueEndedSessions(h.handle, options())).toEqual([]);
    expect((await posts()).map((p) => ({ session: p.sessionKey, status: p.status, trigger: p.trigger }))).toEqual([
      { session: await sessionOf(SHORT), status: "pending", trigger: "auto" },
    ]);
  });

  it("posts the recap: ?wait=true, multipart, the embed within Discord's limits and the curve as files[0]", async () => {
    const done = await postDue(h.handle, options());
    expect(done).toEqual([{ staticId, encounterId, sessionKey: await sessionOf(SHORT), status: "sent" }]);
    expect(fake.received).toHaveLength(1);
    const request = fake.received[0];
    if (!request?.payload) throw new Error("no payload");
    expect(request).toMatchObject({ webhookId: WEBHOOK_ID, token: TOKEN, wait: true, status: 200 });
    expect(request.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const night = await owner.analysis.night({ encounterId, session: await sessionOf(SHORT) });
    const embeds = request.payload.embeds as {
      title: string;
      description: string;
      fields: { name: string; value: string }[];
      image: { url: string };
    }[];
    expect(request.payload.username).toBe("progboard");
    expect(embeds).toHaveLength(1);
    const embed = embeds[0];
    if (!embed) throw new Error("no embed");
    expect(embed.title).toBe(`${night.session.pulls[0]?.name} – ${night.sessionLabel}`);
    expect(embed.description.startsWith(night.headline)).toBe(true);
    for (const line of night.lines) expect(embed.description).toContain(line.line);
    expect(embed.fields[0]).toEqual({ name: "Best pull", value: expect.stringContaining(night.best ?? "unknown") as unknown, inline: true });
    expect(embed.image).toEqual({ url: "attachment://prog-curve.png" });
    expect(embedChars(embed as never)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(request.payload.attachments).toEqual([{ id: 0, filename: "prog-curve.png" }]);
    expect(request.files.map((f) => ({ field: f.field, filename: f.filename, type: f.contentType }))).toEqual([
      { field: "files[0]", filename: "prog-curve.png", type: "image/png" },
    ]);
    const png = request.files[0]?.bytes as Buffer;
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 320]);
    writeFileSync(path.join(SHOTS, "fake-received.png"), png);
    writeFileSync(path.join(SHOTS, "fake-received.json"), JSON.stringify(request.payload, null, 2));

    const [post] = await posts();
    expect(post).toMatchObject({
      status: "sent",
      attempts: 1,
      lastError: null,
      leaseUntil: null,
      messageId: expect.stringMatching(/^\d+$/) as unknown,
    });
    // The log names the webhook's id, never its token.
    expect(logged.join("\n")).toContain(WEBHOOK_ID);
    expect(logged.join("\n")).not.toContain(TOKEN);
  });

  it("posts nothing again after a restart: a second poster (another process, a cold cache) finds nothing to do", async () => {
    const other = options({ analysisCache: createAnalysisCache() });
    expect(await queueEndedSessions(h.handle, other)).toEqual([]);
    expect(await postDue(h.handle, other)).toEqual([]);
    // The report is imported again (a re-fetch): its session was posted, so it is not posted again.
    await enqueue(h.handle, SHORT);
    await markDone(h.handle, SHORT, 0);
    expect(await queueEndedSessions(h.handle, other)).toEqual([]);
    expect(await postDue(h.handle, other)).toEqual([]);
    expect(fake.received).toHaveLength(1);
  });

  it("lets only one of two posters running at once claim a due post, and none take a post whose lease is live", async () => {
    const session = await sessionOf(SHORT);
    await setPost(session, { status: "pending", attempts: 0, messageId: null, leaseUntil: sql`now() + interval '1 minute'` });
    expect(await postDue(h.handle, options())).toEqual([]);
    // The claimer died: once its lease has run out, exactly one of two posters posts it.
    await setPost(session, { leaseUntil: sql`now() - interval '1 second'` });
    const before = fake.received.length;
    const [a, b] = await Promise.all([postDue(h.handle, options()), postDue(h.handle, options({ analysisCache: createAnalysisCache() }))]);
    expect([...a, ...b].map((d) => d.status)).toEqual(["sent"]);
    expect(fake.received.length - before).toBe(1);
  });
});

describe("a live report's session", () => {
  const LIVE = "DiscordLive0001";
  it("ends once the report has had no new pull for the idle time, not before", async () => {
    await owner.watchedReports.add({ report: LIVE, live: true });
    await ingest(LIVE, 4, 7);
    // The last pull ended ten minutes ago.
    await h.handle.withIngestion(async (db) => {
      const [last] = await db
        .select({ end: max(fights.endTime) })
        .from(fights)
        .where(eq(fights.reportCode, LIVE));
      await db
        .update(reports)
        .set({ startTime: Date.now() - 10 * 60_000 - Number(last?.end ?? 0) })
        .where(eq(reports.code, LIVE));
    });
    h.analysisCache.clear();
    expect(await queueEndedSessions(h.handle, options({ idleMinutes: 30 }))).toEqual([]);
    expect(await queueEndedSessions(h.handle, options({ idleMinutes: 5 }))).toEqual([{ staticId, encounterId, sessionKey: await sessionOf(LIVE) }]);
    // Not posted here: the other tests count the fake's requests.
    await setPost(await sessionOf(LIVE), { status: "failed", lastError: "not posted in this test" });
  });
});

describe("Discord's answers", () => {
  let session: string;
  beforeAll(async () => {
    await ingest(LONG, 300, 11);
    const queued = await queueEndedSessions(h.handle, options());
    session = await sessionOf(LONG);
    expect(queued).toEqual([{ staticId, encounterId, sessionKey: session }]);
  }, 120_000);

  it("honours a 429's retry_after, then posts; the 300 pulls trimmed to Discord's limits", async () => {
    fake.queue({ status: 429, retryAfter: 0.3 });
    const before = fake.received.length;
    expect(await postDue(h.handle, options())).toEqual([{ staticId, encounterId, sessionKey: session, status: "pending" }]);
    const waiting = (await posts()).find((p) => p.sessionKey === session);
    expect(waiting).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "Discord asked us to slow down: retry after 0.3 s",
      leaseUntil: null,
    });
    // Not before retry_after.
    expect(await postDue(h.handle, options())).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await postDue(h.handle, options())).toEqual([{ staticId, encounterId, sessionKey: session, status: "sent" }]);
    const [first, second] = fake.received.slice(before);
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(200);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(300);
    const embed = (second?.payload?.embeds as { description: string; title: string; fields: { name: string; value: string }[] }[])[0];
    if (!embed) throw new Error("no embed");
    expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embedChars(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(embed.description).toMatch(/… and \d+ more pulls$/);
    // Named as the static named the report.
    expect(embed.title).toMatch(/ – Long Tuesday$/);
    expect((await posts()).find((p) => p.sessionKey === session)?.sessionLabel).toBe("Long Tuesday");
  });

  it("retries a 5xx with backoff, then fails after the last attempt, in words", async () => {
    await setPost(session, { status: "pending", attempts: 0, messageId: null, lastError: null });
    fake.queue({ status: 500 }, { status: 502 }, { status: 503 });
    const o = options({ maxAttempts: 3, backoffMs: 30 });
    const before = fake.received.length;
    const statuses: string[] = [];
    for (let round = 0; round < 12 && statuses.at(-1) !== "failed"; round++) {
      statuses.push(...(await postDue(h.handle, o)).map((d) => d.status));
      await new Promise((resolve) => setTimeout(resolve, 70));
    }
    expect(statuses).toEqual(["pending", "pending", "failed"]);
    expect(fake.received.slice(before).map((r) => r.status)).toEqual([500, 502, 503]);
    const post = (await posts()).find((p) => p.sessionKey === session);
    expect(post).toMatchObject({
      status: "failed",
      attempts: 3,
      lastError: "Discord had an error (HTTP 503): Internal Server Error, code 0 (gave up after 3 attempts)",
    });
    // Shown to members in words.
    expect((await member.discord.get({ encounterId, session })).session).toMatchObject({ status: "failed", lastError: post?.lastError });
  });

  it("fails a 404 (the webhook was deleted in Discord) at once, in words; Post now tries a failed post again", async () => {
    await member.discord.postNow({ encounterId, session });
    fake.deleteWebhook(WEBHOOK_ID);
    const before = fake.received.length;
    expect(await postDue(h.handle, options())).toEqual([{ staticId, encounterId, sessionKey: session, status: "failed" }]);
    expect(fake.received.length - before).toBe(1);
    const post = (await posts()).find((p) => p.sessionKey === session);
    expect(post).toMatchObject({ status: "failed", attempts: 1, trigger: "manual", lastError: "The webhook was deleted in Discord: set a new one" });
    expect(await postDue(h.handle, options())).toEqual([]);
  });

  it("refuses to post a recap over Discord's limits, and the fake refuses one as Discord does (400, Invalid Form Body)", async () => {
    const embed = { title: "t", description: "x".repeat(5000), fields: [] };
    const address = { id: "223456789012345678", token: TOKEN };
    const before = fake.received.length;
    expect(await executeWebhook(address, { username: "progboard", embeds: [embed] }, null, { apiBase: fake.url })).toEqual({
      kind: "failed",
      reason: "The recap breaks Discord's limits: an embed's description is 5000 characters (Discord takes 4096)",
    });
    expect(fake.received.length).toBe(before);
    const form = new FormData();
    form.set("payload_json", JSON.stringify({ embeds: [embed] }));
    const answer = await fetch(`${fake.url}/api/v10/webhooks/${address.id}/${TOKEN}?wait=true`, { method: "POST", body: form });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      code: 50035,
      message: "Invalid Form Body",
      errors: { "embeds.0": { description: expect.anything() as unknown } },
    });
  });

  it("waits the Retry-After header when the body has no retry_after, and a timeout is retried in words", async () => {
    const address = { id: "323456789012345678", token: TOKEN };
    const payload = { username: "progboard", embeds: [{ title: "t", description: "d", fields: [] }] };
    const noBody: typeof fetch = () => Promise.resolve(new Response("", { status: 429, headers: { "retry-after": "2" } }));
    expect(await executeWebhook(address, payload, null, { apiBase: fake.url, fetch: noBody })).toEqual({
      kind: "retry",
      afterMs: 2000,
      reason: "Discord asked us to slow down: retry after 2.0 s",
    });
    fake.queue({ status: "hang", ms: 400 });
    expect(await executeWebhook(address, payload, null, { apiBase: fake.url, timeoutMs: 100 })).toEqual({
      kind: "retry",
      afterMs: null,
      reason: "Discord did not answer within 100 ms",
    });
    const refused: typeof fetch = () => Promise.reject(new TypeError(`fetch failed ${TOKEN}`));
    const outcome = await executeWebhook(address, payload, null, { apiBase: fake.url, fetch: refused });
    expect(outcome).toEqual({ kind: "retry", afterMs: null, reason: "Discord could not be reached (network error)" });
  });
});

describe("the API", () => {
  it("never hands out the webhook's token, to anyone", async () => {
    const seen = JSON.stringify([await owner.discord.get({}), await member.discord.get({ encounterId, session: await sessionOf(SHORT) })]);
    expect(seen).toContain(WEBHOOK_ID);
    expect(seen).not.toContain(TOKEN);
    expect(await member.discord.get({})).toMatchObject({ webhook: { webhookId: WEBHOOK_ID, setBy: "sora" }, canManage: false });
  });

  it("lets only owners set or clear the webhook, and refuses what is not a Discord webhook in words", async () => {
    expect(await failure(member.discord.setWebhook({ url: WEBHOOK }))).toEqual({
      code: "FORBIDDEN",
      message: "Only an owner of Sora's static can set the Discord webhook",
    });
    expect(await failure(member.discord.clearWebhook())).toMatchObject({ code: "FORBIDDEN" });
    for (const url of [
      `https://evil.example/api/webhooks/${WEBHOOK_ID}/${TOKEN}`,
      "not a url",
      `http://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}`,
    ]) {
      const refused = await failure(owner.discord.setWebhook({ url }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toMatch(/not a Discord webhook address/);
      expect(refused.message).not.toContain(TOKEN);
    }
    expect((await owner.discord.get({})).webhook?.webhookId).toBe(WEBHOOK_ID);
  });

  it("answers Post now for a sent night with CONFLICT, for no webhook in words, and for an unknown session NOT_FOUND", async () => {
    expect(await failure(member.discord.postNow({ encounterId, session: await sessionOf(SHORT) }))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^This night was already posted to Discord/) as unknown,
    });
    expect(await failure(member.discord.postNow({ encounterId, session: "report:nothing" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await owner.discord.clearWebhook()).toEqual({ removed: true });
    expect(await failure(member.discord.postNow({ encounterId, session: await sessionOf(LONG) }))).toEqual({
      code: "BAD_REQUEST",
      message: "No Discord webhook is set: an owner sets one on the Night tab, under Discord",
    });
    expect((await owner.audit.list({})).entries.slice(0, 2).map((e) => e.action)).toEqual(["discord.webhook_cleared", "discord.webhook_set"]);
  });
});

describe("the poster's loop", () => {
  it("stops at once when asked during a round, not an interval later", async () => {
    let release: () => void = () => {};
    let began: () => void = () => {};
    const inRound = new Promise<void>((resolve) => {
      began = resolve;
    });
    // A database that answers the round's first look only when told: stop() is asked mid-round.
    let released = false;
    const handle = {
      withIngestion: <T>(): Promise<T> => {
        began();
        if (released) return Promise.resolve([] as T);
        return new Promise<T>((resolve) => {
          release = () => {
            released = true;
            resolve([] as T);
          };
        });
      },
      withWorkerTenant: () => Promise.reject(new Error("not reached")),
    } as unknown as Parameters<typeof startDiscordPoster>[0];
    const poster = startDiscordPoster(handle, { intervalMs: 3_600_000, idleMinutes: 30, analysisCache: createAnalysisCache() });
    await inRound;
    const stopped = poster.stop().then(() => "stopped");
    release();
    const hung = new Promise((resolve) => setTimeout(() => resolve("still waiting for the interval"), 5_000));
    expect(await Promise.race([stopped, hung])).toBe("stopped");
  });
});
