// Issue 16, "Post it to Discord", through the whole server: a report the ingestion worker fetches
// from (a fake) FFLogs finishes, the worker wakes the Discord poster, and the night's recap reaches
// (a fake) Discord once; a second process on the same database posts nothing more; Post now of a
// posted night is refused in words.
import { type FakeDiscord, startFakeDiscord } from "@progboard/api/testing/discord";
import { type FakeFflogs, GENERATED_ENCOUNTER, generateReport, startFakeFflogs } from "@progboard/ingest/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestion } from "./ingestion";
import { createTestApp } from "./testing";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const CODE = "DiscordNight001";
const generated = generateReport({ seed: 16, code: CODE, pulls: 9, eventsPerPull: 60 });
const WEBHOOK_ID = "987654321098765432";
const TOKEN = "serverTestToken".padEnd(68, "z");
let fflogs: FakeFflogs;
let discord: FakeDiscord;
let t: TestApp;
let staticId: number;

const as = (user: string) => ({ "x-dev-user": user, ...(staticId ? { "x-static-id": String(staticId) } : {}) });
async function call<T>(procedure: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await t.app.request(`/api/trpc/${procedure}${query}`, { headers: as("ona") });
  return ((await response.json()) as { result: { data: T } }).result.data;
}
async function mutate(procedure: string, input: unknown) {
  const response = await t.post(`/api/trpc/${procedure}`, input, as("ona"));
  return { status: response.status, body: (await response.json()) as { result?: { data: unknown }; error?: { message: string } } };
}
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  fflogs = await startFakeFflogs({ reports: [{ report: generated.report, events: (fightId) => generated.events(fightId) }], pageSize: 500 });
  discord = await startFakeDiscord();
  t = await createTestApp(
    {
      AUTH_MODE: "dev",
      FFLOGS_CLIENT_ID: fflogs.clientId,
      FFLOGS_CLIENT_SECRET: fflogs.clientSecret,
      FFLOGS_API_URL: fflogs.apiUrl,
      FFLOGS_TOKEN_URL: fflogs.tokenUrl,
      DISCORD_API_URL: discord.url,
    },
    { ingestion: true },
  );
  const created = await t.post("/api/trpc/statics.create", { name: "Ona's static" }, as("ona"));
  staticId = ((await created.json()) as { result: { data: { id: number } } }).result.data.id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await fflogs?.close();
  await discord?.close();
});

describe("a night's recap, posted to Discord when its report is in", () => {
  it("posts once the worker has fetched the report: one message, the embed and the curve", async () => {
    expect((await mutate("discord.setWebhook", { url: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}` })).status).toBe(200);
    expect((await mutate("watchedReports.add", { report: CODE })).status).toBe(200);
    await until(() => discord.received.length > 0, "the post");
    const [request] = discord.received;
    expect(request).toMatchObject({ webhookId: WEBHOOK_ID, wait: true, status: 200 });
    expect(request?.files.map((f) => f.filename)).toEqual(["prog-curve.png"]);
    const embed = (request?.payload?.embeds as { title: string; description: string }[])[0];
    expect(embed?.title).toMatch(/^The Cinder Throne/);
    expect(embed?.description).toMatch(/^9 pulls over/);
    const [session] = await call<{ sessionKey: string }[]>("analysis.sessions", { encounterId: GENERATED_ENCOUNTER.id });
    await until(
      async () =>
        (await call<{ session: { status: string } | null }>("discord.get", { encounterId: GENERATED_ENCOUNTER.id, session: session?.sessionKey }))
          .session?.status === "sent",
      "the post recorded as sent",
    );
  });

  it("posts nothing more from a second process on the same database, nor on Post now", async () => {
    const other = createIngestion(t.env, t.db);
    try {
      await other.discord?.round();
    } finally {
      await other.close();
    }
    const [session] = await call<{ sessionKey: string }[]>("analysis.sessions", { encounterId: GENERATED_ENCOUNTER.id });
    const again = await mutate("discord.postNow", { encounterId: GENERATED_ENCOUNTER.id, session: session?.sessionKey });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toMatch(/^This night was already posted to Discord/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(discord.received).toHaveLength(1);
  });
});
