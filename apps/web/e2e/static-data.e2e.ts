// The Reports, Roster and Strats tabs against the real server, and that each static sees only its own.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

const REPORT_URL = "https://www.fflogs.com/reports/AbCdEf123456?fight=3";
const CODE = "AbCdEf123456";

function main(page: Page) {
  return page.getByRole("main");
}

async function openTab(page: Page, name: "Reports" | "Roster" | "Strats"): Promise<void> {
  await page.getByRole("link", { name }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

describe("reports, roster and strats", () => {
  let harness: Harness;

  beforeAll(async () => {
    // FFLogs credentials so reports can be watched; nothing answers at that address, so fetches fail.
    harness = await startHarness({
      env: {
        FFLOGS_CLIENT_ID: "e2e-client",
        FFLOGS_CLIENT_SECRET: "e2e-secret",
        FFLOGS_API_URL: "http://127.0.0.1:9/api/v2/client",
      },
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("keeps each static's reports, roster and strats to itself", async () => {
    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));

    await signUp(page, "carol");
    await landing(page).waitFor();
    await createStatic(page, "Alpha");
    await expect.poll(() => shownStatic(page)).toBe("Alpha");

    // Reports: watch one by pasting its FFLogs link.
    await main(page).getByText("No reports yet.").waitFor();
    await page.getByLabel("Report code or FFLogs URL").fill("https://example.com/reports/AbCdEf123456");
    await page.getByRole("button", { name: "Watch report" }).click();
    await expect.poll(() => main(page).getByRole("alert").textContent()).toContain("not a report code or an FFLogs report link");

    await page.getByLabel("Report code or FFLogs URL").fill(REPORT_URL);
    await expect.poll(() => page.locator("#watch-report-hint").textContent()).toBe(`Report ${CODE} from that link.`);
    await page.getByLabel("Label (optional)").fill("Tuesday night");
    await page.getByRole("button", { name: "Watch report" }).click();
    const reports = page.getByRole("table", { name: "Watched reports" });
    const tuesday = reports.getByRole("row", { name: /Tuesday night/ });
    await expect.poll(() => tuesday.textContent()).toContain(CODE);
    expect(await tuesday.textContent()).toContain("@carol");
    // Its fetch status shows beside it: queued at first; FFLogs cannot be reached here, so the worker
    // soon marks it retrying (or failed). Which one depends on timing, so any of them will do.
    expect(await tuesday.textContent()).toMatch(/Queued|Fetching|Retrying|Failed/);
    expect(await page.getByLabel("Report code or FFLogs URL").inputValue()).toBe("");

    // The same report twice: the server's refusal, in words.
    await page.getByLabel("Report code or FFLogs URL").fill(CODE);
    await page.getByRole("button", { name: "Watch report" }).click();
    await expect.poll(() => main(page).getByRole("alert").textContent()).toContain(`This static already watches report ${CODE}`);

    const live = page.getByRole("switch", { name: "Live polling for Tuesday night" });
    expect(await live.isChecked()).toBe(false);
    await live.click();
    await expect.poll(() => live.isChecked()).toBe(true);

    await page.getByRole("button", { name: "Rename Tuesday night" }).click();
    await page.getByLabel(`Label for ${CODE}`).fill("Tuesday prog");
    await page.getByLabel(`Label for ${CODE}`).press("Enter");
    await reports.getByRole("row", { name: /Tuesday prog/ }).waitFor();
    expect(await page.getByRole("switch", { name: "Live polling for Tuesday prog" }).isChecked()).toBe(true);

    // A second report, removed again after confirming.
    await page.getByLabel("Report code or FFLogs URL").fill("XyZ987654321");
    await page.getByRole("button", { name: "Watch report" }).click();
    await reports.getByRole("row", { name: /XyZ987654321/ }).waitFor();
    await page.getByRole("button", { name: "Remove XyZ987654321" }).click();
    await page.getByRole("group", { name: "Stop watching XyZ987654321?" }).getByRole("button", { name: "Stop watching" }).click();
    await reports.getByRole("row", { name: /XyZ987654321/ }).waitFor({ state: "detached" });
    await page.screenshot({ path: path.join(RESULTS, "reports-tab.png"), fullPage: true });

    // Another static starts empty; back in Alpha, its report is still there.
    await createStatic(page, "Beta");
    await expect.poll(() => shownStatic(page)).toBe("Beta");
    await expect.poll(() => main(page).textContent()).toContain("watched by Beta.");
    await main(page).getByText("No reports yet.").waitFor();
    expect(await main(page).textContent()).not.toContain(CODE);

    await page.getByLabel("Current static").selectOption({ label: "Alpha" });
    await expect.poll(() => shownStatic(page)).toBe("Alpha");
    await expect.poll(() => main(page).textContent()).toContain(CODE);
    expect(await main(page).textContent()).toContain("watched by Alpha.");

    // Roster: members with jobs; the role follows the job unless chosen.
    await openTab(page, "Roster");
    await main(page).getByText("No roster yet.").waitFor();
    const roster = page.getByRole("table", { name: "Roster" });
    for (const [name, job] of [
      ["Aoi", "WAR"],
      ["Mira", "WHM"],
      ["Kai", "SAM"],
    ] as const) {
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Job").selectOption(job);
      await page.getByRole("button", { name: "Add member" }).click();
      await roster.getByRole("row", { name: new RegExp(name) }).waitFor();
    }
    expect(await roster.getByRole("row", { name: /Aoi/ }).textContent()).toContain("Tank");
    expect(await roster.getByRole("row", { name: /Mira/ }).textContent()).toContain("Healer");
    // Party-list order: tank, healer, DPS.
    expect(await roster.locator("tbody th").allTextContents()).toEqual(["Aoi", "Mira", "Kai"]);

    await page.getByLabel("Name", { exact: true }).fill("aoi");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect.poll(() => main(page).getByRole("alert").textContent()).toContain("already has a member named aoi");

    // Edit Aoi: notes, and two characters of which one is removed again.
    await page.getByRole("button", { name: "Edit Aoi" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Aoi" });
    await dialog.waitFor();
    for (const [character, server] of [
      ["Aoi Tsukino", "Tonberry"],
      ["Aoi Alt", "Cerberus"],
    ] as const) {
      await dialog.getByLabel("Character name").fill(character);
      await dialog.getByLabel("Server").fill(server);
      await dialog.getByRole("button", { name: "Add character" }).click();
      await dialog.getByRole("list", { name: "Characters" }).getByText(character).waitFor();
    }
    await dialog.getByRole("button", { name: "Remove Aoi Alt (Cerberus)" }).click();
    await dialog.getByText("Aoi Alt").waitFor({ state: "detached" });
    await dialog.getByLabel("Notes").fill("Main tank");
    await page.screenshot({ path: path.join(RESULTS, "roster-edit.png") });
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.waitFor({ state: "detached" });
    const aoi = roster.getByRole("row", { name: /Aoi/ });
    await expect.poll(() => aoi.textContent()).toContain("Main tank");
    expect(await aoi.textContent()).toContain("Aoi Tsukino");

    // "This is me", then the claim shows who, with the way back.
    await aoi.getByRole("button", { name: "This is me" }).click();
    await aoi.getByRole("button", { name: "Not me" }).waitFor();
    expect(await aoi.textContent()).toContain("@carol");
    expect(await roster.getByRole("row", { name: /Mira/ }).getByRole("button", { name: "This is me" }).count()).toBe(1);
    await page.screenshot({ path: path.join(RESULTS, "roster-tab.png"), fullPage: true });

    // Strats: a new static has no encounters; open one by id and assign mechanics.
    await openTab(page, "Strats");
    await main(page).getByText("No encounters yet.", { exact: false }).waitFor();
    await page.getByLabel("Encounter id", { exact: true }).fill("abc");
    await page.getByRole("button", { name: "Open" }).click();
    await expect.poll(() => main(page).getByRole("alert").textContent()).toContain("positive whole number");
    await page.getByLabel("Encounter id", { exact: true }).fill("1079");
    await page.getByRole("button", { name: "Open" }).click();
    await main(page).getByText("No strats for this encounter yet.").waitFor();

    await page.getByLabel("Mechanic", { exact: true }).fill("Akh Morn");
    await page.getByRole("button", { name: "Assign" }).click();
    await expect.poll(() => main(page).getByRole("alert").textContent()).toContain("a role, a roster member, or both");
    await page.getByLabel("Role").selectOption("tank");
    await page.getByLabel("Player").selectOption({ label: "Aoi (WAR)" });
    await page.getByLabel("Notes").fill("Invuln the third hit");
    await page.getByRole("button", { name: "Assign" }).click();
    const strats = page.getByRole("table", { name: "Strats" });
    const akhMorn = strats.getByRole("row", { name: /Akh Morn/ });
    await expect.poll(() => akhMorn.textContent()).toContain("Aoi");
    expect(await akhMorn.textContent()).toContain("Tank");
    expect(await page.getByLabel("Encounter", { exact: true }).inputValue()).toBe("1079");

    await page.getByLabel("Mechanic", { exact: true }).fill("Exaflare");
    await page.getByLabel("Player").selectOption({ label: "Mira (WHM)" });
    await page.getByRole("button", { name: "Assign" }).click();
    await strats.getByRole("row", { name: /Exaflare/ }).waitFor();

    // Edit reassigns; the mechanic itself stays.
    await page.getByRole("button", { name: "Edit Exaflare" }).click();
    expect(await page.getByLabel("Mechanic", { exact: true }).inputValue()).toBe("Exaflare");
    await page.getByLabel("Player").selectOption({ label: "Kai (SAM)" });
    await page.getByRole("button", { name: "Update" }).click();
    await expect.poll(() => strats.getByRole("row", { name: /Exaflare/ }).textContent()).toContain("Kai");
    await page.screenshot({ path: path.join(RESULTS, "strats-tab.png"), fullPage: true });

    await page.getByRole("button", { name: "Remove Exaflare" }).click();
    await page.getByRole("group", { name: "Remove the assignment for Exaflare?" }).getByRole("button", { name: "Remove" }).click();
    await strats.getByRole("row", { name: /Exaflare/ }).waitFor({ state: "detached" });

    // Beta has none of Alpha's roster or strats.
    await page.getByLabel("Current static").selectOption({ label: "Beta" });
    await expect.poll(() => shownStatic(page)).toBe("Beta");
    await main(page).getByText("No encounters yet.", { exact: false }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, "strats-empty.png") });
    await openTab(page, "Roster");
    await main(page).getByText("No roster yet.").waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
