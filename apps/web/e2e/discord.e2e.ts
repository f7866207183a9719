// Issue 16's Discord posting in the browser, against a local fake of Discord's webhook API: an
// owner sets the webhook on the Night tab (a wrong address refused in words, the token never shown
// back), "Post to Discord" posts the night once and the page says so; desktop and a 390 px phone.
// Screenshots go to test-results/ to be looked at.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type FakeDiscord, startFakeDiscord } from "@progboard/api/testing/discord";
import { writeReportFile } from "@progboard/ingest/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, importReportFile, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

const WEBHOOK_ID = "112233445566778899";
const TOKEN = "e2eWebhookToken".padEnd(68, "q");

describe("Discord on the Night tab", () => {
  let harness: Harness;
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    harness = await startHarness({ env: { DISCORD_API_URL: fake.url } });
  });
  afterAll(async () => {
    await harness?.close();
    await fake?.close();
  });

  it("lets an owner set the webhook and post a night, once", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "progboard-e2e-discord-"));
    const file = path.join(dir, "night.jsonl");
    await writeReportFile(file, { seed: 12, code: "E2eDiscord000001", pulls: 16, eventsPerPull: 80, format: "jsonl" });

    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    await signUp(page, "discordlead");
    await landing(page).waitFor();
    await createStatic(page, "Webhook Wardens");
    await expect.poll(() => shownStatic(page)).toBe("Webhook Wardens");
    // Imported before any webhook is set: not posted by itself.
    await importReportFile(page, file, "Tuesday", 16);

    await page.getByRole("link", { name: "Night", exact: true }).click();
    await page.getByRole("list", { name: "Pulls" }).waitFor();
    const section = page.getByRole("region", { name: "Discord" });
    await section.getByText("No webhook set: nothing is posted to Discord.").waitFor();
    expect(await page.getByRole("button", { name: "Post to Discord" }).count()).toBe(0);

    const field = section.getByLabel("Webhook URL");
    await field.fill("https://example.com/hooks/123");
    await section.getByRole("button", { name: "Save webhook" }).click();
    await section
      .getByRole("alert")
      .getByText(/^That is not a Discord webhook address/)
      .waitFor();
    await field.fill(`https://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}`);
    await section.getByRole("button", { name: "Save webhook" }).click();
    await section.getByText(`Webhook ${WEBHOOK_ID} set: nights that end from now on are posted to its channel.`).waitFor();
    await section.getByTestId("discord-webhook").getByText(WEBHOOK_ID).waitFor();
    // The token is never shown again: not in the page, not in the field.
    expect(await page.content()).not.toContain(TOKEN);
    expect(fake.received).toHaveLength(0);

    await page.getByRole("button", { name: "Post to Discord" }).click();
    await page
      .getByTestId("discord-status")
      .getByText(/^Posted to Discord on /)
      .waitFor({ timeout: 30_000 });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]).toMatchObject({ webhookId: WEBHOOK_ID, status: 200 });
    expect(fake.received[0]?.files.map((f) => f.filename)).toEqual(["prog-curve.png"]);
    expect(await page.getByRole("button", { name: "Post to Discord" }).isDisabled()).toBe(true);
    await section
      .locator(".discord-post")
      .first()
      .getByText(/Posted to Discord on /)
      .waitFor();
    await page.getByRole("heading", { name: "Discord" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, "discord-desktop.png"), fullPage: true });
    await section.screenshot({ path: path.join(RESULTS, "discord-desktop-section.png") });
    await page.locator(".night-actions").screenshot({ path: path.join(RESULTS, "discord-desktop-post.png") });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("heading", { name: "Discord" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, "discord-390.png") });
    await section.screenshot({ path: path.join(RESULTS, "discord-390-section.png") });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "discord-390-full.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
