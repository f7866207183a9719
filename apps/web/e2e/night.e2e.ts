// Issue 16 in the browser: the Night page of an imported session (pull lines, the comparison with
// the session before, the phase → mechanic → player drill-down, mistakes from a failure debuff set
// in the Strats tab), "Save this night" and the saved night viewed as saved; desktop and a 390 px
// phone. Screenshots go to test-results/ to be looked at.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeReportFile } from "@progboard/ingest/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, importReportFile, landing, RESULTS, shownStatic, sidewaysOverflow, signUp, startHarness } from "./harness";

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS, `night-${name}.png`), fullPage: true });
}

describe("the Night page", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("writes up a night, drills into its wipes, counts mistakes and saves it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "progboard-e2e-night-"));
    const week1 = path.join(dir, "week1.jsonl");
    const week2 = path.join(dir, "week2.jsonl");
    await writeReportFile(week1, { seed: 8, code: "E2eNightWeek0001", pulls: 10, eventsPerPull: 150, format: "jsonl" });
    await writeReportFile(week2, {
      seed: 9,
      code: "E2eNightWeek0002",
      pulls: 14,
      eventsPerPull: 150,
      format: "jsonl",
      startTime: Date.UTC(2025, 0, 13, 19, 0, 0),
    });

    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    await signUp(page, "nightlead");
    await landing(page).waitFor();
    await createStatic(page, "Night Owls");
    await expect.poll(() => shownStatic(page)).toBe("Night Owls");
    await importReportFile(page, week1, "Week 1", 10);
    await importReportFile(page, week2, "Week 2", 14);

    // A failure debuff by the game's status id (FFLogs logs it + 1,000,000).
    await page.getByRole("link", { name: "Strats", exact: true }).click();
    await page.getByLabel("Mechanic", { exact: true }).fill("3901");
    await page.getByLabel("A mistake is when it…").selectOption("debuff");
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await page.getByText("Saved 3901.").waitFor();

    await page.getByRole("link", { name: "Night", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Night" }).waitFor();
    const lines = page.getByRole("list", { name: "Pulls" });
    await lines.waitFor();
    expect(await lines.getByRole("listitem").count()).toBe(14);
    // "11. 3:25 – P2 41.3% – first: … to …": numbered across both reports.
    expect(await lines.getByRole("listitem").first().textContent()).toMatch(/^11\. \d+:\d\d – /);
    // File imports are no FFLogs report: no FFLogs links.
    expect(await page.getByRole("link", { name: /on FFLogs/ }).count()).toBe(0);
    await page.getByRole("heading", { name: "Compared with the session before" }).waitFor();
    expect(await page.getByRole("table", { name: "Share of pulls reaching each phase" }).textContent()).toContain("(was ");
    await page
      .getByText(/Ashbrand|Ability 1003901/)
      .first()
      .waitFor();

    // Tonight against the session before, mechanic by mechanic.
    expect(await page.getByRole("region", { name: "Mistakes without deaths" }).textContent()).toMatch(
      /: [^:]+ \d+ times? this session, (\d+|no data for) the session before\./,
    );

    // Phase → mechanic → player: each step lists the pulls behind it.
    const phases = page.getByRole("list", { name: "Phases" });
    await phases.getByRole("button").first().click();
    const region = page.getByRole("region", { name: "Pulls behind the selection" });
    await region.waitFor();
    const phasePulls = await region.getByRole("listitem").count();
    await page
      .getByRole("list", { name: /^Mechanics in / })
      .getByRole("button")
      .first()
      .click();
    const mechanicPulls = await region.getByRole("listitem").count();
    await page
      .getByRole("list", { name: /^Who failed / })
      .getByRole("button")
      .first()
      .click();
    const playerPulls = await region.getByRole("listitem").count();
    expect(phasePulls).toBeGreaterThanOrEqual(mechanicPulls);
    expect(mechanicPulls).toBeGreaterThanOrEqual(playerPulls);
    expect(playerPulls).toBeGreaterThan(0);
    expect(await region.getByRole("heading").textContent()).toMatch(/ › .+ › /);
    await shoot(page, "1280");

    await page.getByRole("button", { name: "Save this night" }).click();
    await page.getByText(/^Saved as “/).waitFor();
    const saved = page.getByRole("region", { name: "Saved nights" }).or(page.getByLabel("Saved nights"));
    await saved.getByRole("button", { name: "View" }).first().click();
    await page.getByText(/^As saved on /).waitFor();
    await page.getByRole("heading", { name: /\(saved\)$/ }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("heading", { level: 1, name: "Night" }).scrollIntoViewIfNeeded();
    // Nothing wider than the phone (wide tables and the tab bar scroll inside their own box).
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap, .tabs"))
        .slice(0, 5)
        .map((el) => `${el.tagName}.${el.className}`),
    );
    expect(wide).toEqual([]);
    await shoot(page, "390");
    await page.screenshot({ path: path.join(RESULTS, "night-390-top.png") });

    // Over sessions, in the Analysis tab: the top mechanics' mistakes per session, then one player's.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("link", { name: "Analysis", exact: true }).click();
    const card = page.getByRole("region", { name: "Mistakes without deaths per session" });
    await card.waitFor();
    await card.locator("canvas").waitFor();
    expect(await card.getByRole("listitem").first().textContent()).toMatch(/^(Ashbrand|Ability 1003901)[^:]*: \d+ mistakes? over 2 sessions; /);
    await card.getByText(/^Data shown/).click();
    const data = card.getByRole("table", { name: "Mistakes without deaths per session data" });
    await expect.poll(() => data.getByRole("row").count()).toBeGreaterThanOrEqual(3);
    expect(await data.textContent()).toMatch(/Ashbrand|Ability 1003901/);
    await page.screenshot({ path: path.join(RESULTS, "analysis-mistakes-1280.png"), fullPage: true });
    await card.scrollIntoViewIfNeeded();
    // Hovering the last session's point: who made them (drawn in the tooltip, looked at in the shot).
    const box = await card.locator("canvas").boundingBox();
    if (box) await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
    await card.screenshot({ path: path.join(RESULTS, "analysis-mistakes-card-1280.png") });
    const whose = card.getByLabel("Whose mistakes");
    const firstPlayer = await whose.locator("option").nth(1).textContent();
    const name = (firstPlayer ?? "").replace(/ \(\d+\)$/, "");
    await whose.selectOption({ index: 1 });
    await page.getByRole("region", { name: `${name}: mistakes without deaths per session` }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    // The charts redraw at the new width when their resize observers fire.
    await expect.poll(() => sidewaysOverflow(page)).toEqual({ fits: true, wide: [] });
    await page
      .getByRole("region", { name: `${name}: mistakes without deaths per session` })
      .screenshot({ path: path.join(RESULTS, "analysis-mistakes-card-390.png") });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 240_000);
});
