// Issue 11 in the browser: a partial report reads as partial in the Reports tab, and a pull whose
// fight % and phase FFLogs did not log reads "unknown" in the pulls table (never 100 % or P1),
// at desktop width and on a 390 px phone. Screenshots go to test-results/ to be looked at.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readSavageTierFixture } from "@progboard/ingest/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

/** The savage-tier fixture with events for fights 2–4 only, and fight 5 still in progress when logged. */
async function partialFile(): Promise<string> {
  const fixture = readSavageTierFixture();
  const report = fixture.data.reportData.report;
  report.events.data = report.events.data.filter((e) => typeof e.fight === "number" && e.fight <= 4);
  report.fights[4] = { ...report.fights[4], fightPercentage: null, bossPercentage: null, lastPhase: null, lastPhaseAsAbsoluteIndex: null };
  const file = path.join(await mkdtemp(path.join(tmpdir(), "progboard-e2e-numbers-")), "Tuesday night.json");
  await writeFile(file, JSON.stringify(fixture));
  return file;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS, `numbers-${name}.png`), fullPage: true });
}

describe("numbers a raid leader can trust", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("shows a partial report as partial and unknown figures as unknown, on desktop and phone", async () => {
    const file = await partialFile();
    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    await signUp(page, "raidlead");
    await landing(page).waitFor();
    await createStatic(page, "Savage Prog");
    await expect.poll(() => shownStatic(page)).toBe("Savage Prog");

    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.getByLabel("Report files (.json or .jsonl, several at once)").setInputFiles(file);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const row = page.getByRole("table", { name: "Watched reports" }).getByRole("row", { name: /sAvAgEtIeR2026x1/ });
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain("Partial");
    expect(await row.textContent()).toContain('3 of 7 pulls have their events; the others read "unknown"');
    await shoot(page, "reports-1280");

    await page.getByRole("link", { name: "Progress", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Progress" }).waitFor();
    const pulls = page.getByRole("table", { name: "Pulls" });
    await pulls.waitFor();
    await page.getByText("have their events. The other").first().waitFor();
    const unknownRow = pulls.getByRole("row").filter({ hasText: "Phase" }).or(pulls.getByRole("row").nth(4));
    expect(await unknownRow.last().textContent()).toContain("unknown");
    await page.getByText(/without a logged phase or fight %: ranked by what is known/).waitFor();
    await page.getByRole("img", { name: /^Prog curve\./ }).waitFor();
    await page.getByText("Loading chart…").waitFor({ state: "detached" });
    await shoot(page, "progress-1280");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("img", { name: /^Prog curve\./ }).waitFor();
    await shoot(page, "progress-390");
    await page.getByRole("link", { name: "Analysis", exact: true }).click();
    await page.getByText("have their events. The other").first().waitFor();
    await shoot(page, "analysis-390");
    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await row.waitFor();
    await shoot(page, "reports-390");
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);
});
