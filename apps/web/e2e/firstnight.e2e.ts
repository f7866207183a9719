// Issue 15 in the browser: opened at 127.0.0.1 while the server was told localhost, several report
// files imported at once with their upload percentage, reports that say what they are, the roster
// added from the logs, a mechanic picked from the fight, and no page wider than a phone.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeReportFile } from "@progboard/ingest/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, PASSWORD, RESULTS, shownStatic, sidewaysOverflow, signUp, startHarness } from "./harness";

const STATIC = "Firstnighters";
const TABS = ["Reports", "Roster", "Strats", "Progress", "Analysis"] as const;

describe("the first raid night", () => {
  let harness: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // BETTER_AUTH_URL says localhost; the browser opens 127.0.0.1.
    harness = await startHarness({ authHost: "localhost" });
    context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await context?.close();
    await harness?.close();
  });

  const openTab = async (name: (typeof TABS)[number]) => {
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name, exact: true }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
  };
  const shoot = async (name: string) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(RESULTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(RESULTS, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  it("signs up at 127.0.0.1 although the server was told localhost", async () => {
    expect(harness.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await signUp(page, "raidlead");
    await landing(page).waitFor();
    await createStatic(page, STATIC);
    await expect.poll(() => shownStatic(page)).toBe(STATIC);
    expect(PASSWORD.length).toBeGreaterThan(8);
  });

  it("imports several report files at once, showing each upload's percentage", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "progboard-e2e-multi-"));
    const files = [path.join(dir, "tuesday.jsonl"), path.join(dir, "thursday.jsonl")];
    await writeReportFile(files[0] ?? "", { seed: 7, code: "E2eMultiFile001", pulls: 24, eventsPerPull: 400, format: "jsonl" });
    await writeReportFile(files[1] ?? "", { seed: 8, code: "E2eMultiFile002", pulls: 18, eventsPerPull: 400, format: "jsonl" });

    await page.getByLabel("Report files (.json or .jsonl, several at once)").setInputFiles(files);
    // Every value a progress bar shows while the files go up.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { uploadProgress: number[] }).uploadProgress = seen;
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll("progress")) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole("button", { name: "Import 2 files" }).click();
    const uploads = page.getByRole("list", { name: "Files to import" });
    await expect.poll(() => uploads.getByRole("status").count(), { timeout: 60_000 }).toBe(2);
    expect(await uploads.textContent()).toMatch(/Importing .*E2eMultiFile001.*24 pulls.*Importing .*E2eMultiFile002.*18 pulls/);
    const progress = await page.evaluate(() => (window as unknown as { uploadProgress: number[] }).uploadProgress);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBe(100);

    // Each report says what it is; a file has no Live switch and no "Fetch again".
    const reports = page.getByRole("table", { name: "Watched reports" });
    const tuesday = reports.getByRole("row", { name: /E2eMultiFile001/ });
    await expect.poll(() => tuesday.textContent(), { timeout: 60_000 }).toMatch(/Done/);
    const text = (await tuesday.textContent()) ?? "";
    expect(text).toContain("24 pulls");
    expect(text).toMatch(/\d+ kills?/);
    expect(text).toMatch(/Best pull: (Kill|[PI]\d+ \d+\.\d%)/);
    expect(text).toContain("File");
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    await expect.poll(() => reports.getByRole("row", { name: /E2eMultiFile002/ }).textContent(), { timeout: 60_000 }).toContain("18 pulls");
    expect(await page.getByRole("switch", { name: /Live polling/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Fetch again|Retry/ }).count()).toBe(0);
    expect(await page.title()).toBe(`Reports · ${STATIC} · progboard`);
    await shoot("reports");
  });

  it("adds the roster from the characters in the reports, with their aliases", async () => {
    await openTab("Roster");
    expect(await page.title()).toBe(`Roster · ${STATIC} · progboard`);
    await page.getByRole("button", { name: "Show characters from the logs" }).click();
    const seen = page.getByRole("list", { name: "Characters in the reports" });
    await seen.getByRole("listitem").first().waitFor();
    expect(await seen.getByRole("listitem").count()).toBe(8);
    expect(await seen.textContent()).toContain("Sela Moonbrook@Omega");
    expect(await seen.textContent()).toMatch(/White Mage · 42 pulls/);
    await seen.getByLabel("Sela Moonbrook@Omega").check();
    await seen.getByLabel("Kaito Ren@Ragnarok").check();
    await page.getByRole("button", { name: "Add 2 to the roster" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Added Kaito Ren, Sela Moonbrook.");
    const roster = page.getByRole("table", { name: "Roster" });
    await expect.poll(() => roster.getByRole("row", { name: /Sela Moonbrook/ }).textContent()).toContain("Healer");
    expect(await roster.getByRole("row", { name: /Kaito Ren/ }).textContent()).toContain("Ragnarok");
    // Added ones are ticked and greyed, with the member they are on the roster as.
    expect(await seen.getByLabel("Sela Moonbrook@Omega").isDisabled()).toBe(true);
    expect(await seen.textContent()).toContain("on the roster as Sela Moonbrook");
    await shoot("roster-from-reports");
  });

  it("picks a mechanic from the fight's abilities, and refuses a name that matches nothing", async () => {
    await openTab("Strats");
    const mechanic = page.getByRole("combobox", { name: "Mechanic" });
    const list = page.getByRole("listbox", { name: "Abilities of the fight" });
    await mechanic.waitFor();
    // Opened empty, it lists the fight's abilities, phase by phase, each with its id and hits.
    await mechanic.click();
    await list.waitFor();
    expect(await mechanic.getAttribute("aria-expanded")).toBe("true");
    expect(await list.getByRole("option").first().textContent()).toMatch(/first seen in P1 · [\d,]+ hits? · \d+ deaths?$/);
    await shoot("strats-picker-open");

    // Part of a name, in another case and with an accent: the ability, found; arrows and Enter pick it.
    await mechanic.fill("cÏnder c");
    await expect
      .poll(() => list.getByRole("option").allTextContents())
      .toEqual([expect.stringMatching(/^Cinder Crown 32001 ?first seen in P1 · [\d,]+ hits? · \d+ deaths?$/)]);
    await mechanic.press("ArrowDown");
    await page.screenshot({ path: path.join(RESULTS, "strats-picker-filtered-desktop.png") });
    const active = await mechanic.getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${active}"]`).getAttribute("aria-selected")).toBe("true");
    await mechanic.press("Enter");
    expect(await mechanic.inputValue()).toBe("32001");
    expect(await mechanic.getAttribute("aria-expanded")).toBe("false");
    // What was picked is said below the form (and describes the box).
    expect(await page.locator(`[id="${await mechanic.getAttribute("aria-describedby")}"]`).textContent()).toMatch(
      /^Cinder Crown \(32001\) · first seen in P1/,
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await mechanic.fill("ash");
    await mechanic.press("ArrowDown");
    await page.screenshot({ path: path.join(RESULTS, "strats-picker-filtered-phone.png") });
    await mechanic.press("Escape");
    await mechanic.fill("32001");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("Role", { exact: true }).selectOption("healer");
    await page.getByRole("button", { name: "Assign" }).click();
    const strats = page.getByRole("table").filter({ hasText: "Cinder Crown" });
    await expect.poll(() => strats.getByRole("row", { name: /Cinder Crown/ }).textContent()).toContain("(32001)");
    await shoot("strats-picker");

    // Escape closes the list and keeps what was typed; the mouse picks too.
    await mechanic.fill("32");
    await list.getByRole("option").first().waitFor();
    await mechanic.press("Escape");
    expect(await mechanic.getAttribute("aria-expanded")).toBe("false");
    expect(await mechanic.inputValue()).toBe("32");
    await mechanic.press("ArrowDown");
    const second = list.getByRole("option").nth(1);
    const secondId = await second.locator(".combobox-id").textContent();
    await second.click();
    expect(await mechanic.inputValue()).toBe(secondId);
    expect(await mechanic.evaluate((el) => el === document.activeElement)).toBe(true);

    // An ability id the list does not have is still a mechanic.
    await mechanic.fill("99999");
    expect(await list.getByRole("option").count()).toBe(0);
    expect(await page.locator(".combobox-note", { hasText: "No ability of the fight matches" }).isVisible()).toBe(true);
    await page.getByLabel("Role", { exact: true }).selectOption("tank");
    await page.getByRole("button", { name: "Assign" }).click();
    await expect.poll(() => page.getByRole("table", { name: "Strats" }).getByRole("row", { name: /99999/ }).count()).toBe(1);

    await page.getByLabel("Mechanic", { exact: true }).fill("Tankbustr");
    await page.getByLabel("Role", { exact: true }).selectOption("tank");
    await page.getByRole("button", { name: "Assign" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain('No ability named "Tankbustr"');
  });

  it("no tab scrolls sideways at 390 × 844", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of TABS) {
      await openTab(tab);
      // Let charts and tables settle before measuring (a tab that polls never goes network-idle).
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
      const { fits, wide } = await sidewaysOverflow(page);
      expect({ tab, wide, fits }).toEqual({ tab, wide: [], fits: true });
      await page.screenshot({ path: path.join(RESULTS, `phone-${tab.toLowerCase()}.png`), fullPage: true });
    }
    expect((await page.request.get("/favicon.svg")).status()).toBe(200);
  });
  it("says 'Added' only when someone was added, and tells a removed member's tab before moving on", async () => {
    const bobContext = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    const bob = await bobContext.newPage();
    bob.setDefaultTimeout(20_000);
    await signUp(bob, "bobby");
    await landing(bob).waitFor();
    await createStatic(bob, "Bobby's own");
    await expect.poll(() => shownStatic(bob)).toBe("Bobby's own");

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "Members" }).click();
    const modal = page.getByRole("dialog", { name: `Members of ${STATIC}` });
    await modal.getByLabel("Add by username").fill("bobby");
    await modal.getByLabel("Add by username").press("Enter");
    await expect.poll(() => modal.getByRole("status").textContent()).toBe("Added bobby.");
    await modal.getByLabel("Add by username").fill("BOBBY");
    await modal.getByLabel("Add by username").press("Enter");
    await expect.poll(() => modal.getByRole("status").textContent()).toBe("bobby is already a member.");

    await bob.reload();
    await bob.getByLabel("Current static").selectOption({ label: STATIC });
    await expect.poll(() => shownStatic(bob)).toBe(STATIC);
    await modal.getByRole("button", { name: "Remove bobby" }).click();
    // Removing someone asks first (owners only).
    await modal.getByRole("group", { name: `Remove bobby from ${STATIC}?` }).waitFor();
    await modal.getByRole("button", { name: "Remove bobby" }).click();
    await expect.poll(() => modal.textContent()).not.toContain("@bobby");
    await page.keyboard.press("Escape");

    // bobby's tab learns it on its next request, says so, and shows his own static.
    await bob.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Roster", exact: true }).click();
    const banner = bob.getByRole("status").filter({ hasText: "no longer a member" });
    await expect.poll(() => banner.textContent()).toContain(`You are no longer a member of ${STATIC}.`);
    expect(await shownStatic(bob)).toBe("Bobby's own");
    await bob.screenshot({ path: path.join(RESULTS, "removed-member.png") });
    await bobContext.close();
  });
});
