// Issue 15 in the browser: the instance admin sets FFLogs up in the app (before that, the Watch and
// Follow forms say what is missing and who can fix it), then a static follows its guild. Desktop
// and a 390 px phone, screenshots saved.
import path from "node:path";
import { type FakeFflogs, startFakeFflogs } from "@progboard/ingest/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, RESULTS, signUp, startHarness } from "./harness";

let harness: Harness;
let fake: FakeFflogs;

beforeAll(async () => {
  fake = await startFakeFflogs({
    reports: [],
    listings: [
      {
        owner: { kind: "guild", name: "Crystal Tower", server: "tonberry", region: "JP" },
        report: { code: "GuildNight0001", startTime: Date.now() - 2 * 86_400_000, endTime: Date.now() - 2 * 86_400_000 + 3 * 3_600_000 },
      },
    ],
  });
  // Where FFLogs is, but no credentials: the admin enters them in the app.
  harness = await startHarness({ env: { FFLOGS_API_URL: fake.apiUrl, FFLOGS_TOKEN_URL: fake.tokenUrl, POLL_INTERVAL: "10" } });
});
afterAll(async () => {
  await harness?.close();
  await fake?.close();
});

describe("FFLogs access and following a guild", () => {
  it("the admin sets FFLogs up; the static follows its guild and its report is watched", async () => {
    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));

    await signUp(page, "ada");
    await landing(page).waitFor();
    await createStatic(page, "Crystal prog");
    const watchForm = page.locator("form", { has: page.getByRole("heading", { name: "Watch a report" }) });
    await expect.poll(() => watchForm.textContent()).toContain("FFLogs access is not set up on this server yet. You are an instance admin");
    expect(await page.getByLabel("Report code or FFLogs URL").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Follow", exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(RESULTS, "follow-not-set-up.png"), fullPage: true });

    // The Admin page: a wrong secret is refused in words, the right one connects.
    await page.getByRole("button", { name: "Admin" }).click();
    const dialog = page.getByRole("dialog", { name: "Admin · FFLogs access" });
    await dialog.getByLabel("Client id").fill(fake.clientId);
    await dialog.getByLabel("Client secret").fill("not-the-secret");
    await dialog.getByRole("button", { name: "Test and save" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toContain("Not saved: FFLogs rejected the API client credentials (HTTP 401)");
    await dialog.getByLabel("Client secret").fill(fake.clientSecret);
    await dialog.getByRole("button", { name: "Test and save" }).click();
    await expect.poll(() => dialog.getByRole("status").textContent()).toContain(`Connected as client ${fake.clientId}`);
    expect(await dialog.getByLabel("Client secret").inputValue()).toBe("");
    await page.screenshot({ path: path.join(RESULTS, "admin-fflogs.png"), fullPage: true });
    await dialog.getByRole("button", { name: "Close" }).click();

    // Now the forms work: follow the guild.
    await expect.poll(() => page.getByLabel("Report code or FFLogs URL").isDisabled()).toBe(false);
    await page.getByLabel("Guild name").fill("Crystal Tower");
    await page.getByLabel("Server").fill("Tonberry");
    await page.getByLabel("Region").selectOption("JP");
    await page.getByRole("button", { name: "Follow", exact: true }).click();
    const follows = page.getByRole("list", { name: "Followed guilds and users" });
    await expect.poll(() => follows.textContent()).toContain("the guild Crystal Tower (tonberry, JP)");
    // The poller looks at it and watches its report (the page refreshes the list).
    const reports = page.getByRole("table", { name: "Watched reports" });
    for (let i = 0; i < 30 && !((await reports.count()) > 0 && (await reports.textContent())?.includes("GuildNight0001")); i++) {
      await page.waitForTimeout(1000);
      await page.reload();
    }
    expect(await reports.textContent()).toContain("GuildNight0001");
    await page.screenshot({ path: path.join(RESULTS, "follow-desktop.png"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(RESULTS, "follow-phone.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
