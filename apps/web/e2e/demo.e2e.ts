// Issue 15, "A demo to explore": a first visit opens the demo from the sign-in page without an
// account, every tab renders with the "Demo · read-only" banner and no edit forms, and a write is
// refused by the server in words.
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, RESULTS, shownStatic, sidewaysOverflow, startHarness } from "./harness";

const TABS = ["Reports", "Roster", "Strats", "Progress", "Analysis", "Night", "Activity"] as const;

describe("the demo", () => {
  let harness: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness({ demo: true });
    context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await harness?.close();
  });

  const shoot = async (name: string) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(RESULTS, `demo-${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // Turned to a phone's width, the page fits it once the charts have redrawn (their resize observers).
    await expect.poll(() => sidewaysOverflow(page), { timeout: 5_000 }).toEqual({ fits: true, wide: [] });
    await page.screenshot({ path: path.join(RESULTS, `demo-${name}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  it("opens from the sign-in page without an account", async () => {
    await page.goto("/");
    await page.getByRole("button", { name: "Explore the demo" }).waitFor();
    await shoot("signin");
    await page.getByRole("button", { name: "Explore the demo" }).click();
    await page.getByText("Demo · read-only").waitFor();
    expect(await shownStatic(page)).toBe("Cinder Throne demo");
  });

  it.each(TABS)("renders the %s tab read-only", async (name) => {
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name, exact: true }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByText("Demo · read-only").isVisible()).toBe(true);
    // No visible edit form (the encounter picker's "open" form is reading, and stays).
    const visibleForms = await page
      .locator("form:not(.nested)")
      .evaluateAll((forms) => forms.filter((f) => (f as HTMLElement).offsetParent !== null).length);
    expect(visibleForms).toBe(0);
    // Nor any edit button (Rename, Remove, Edit, Fetch again…).
    const visibleEdits = await page
      .locator("[data-edit]")
      .evaluateAll((buttons) => buttons.filter((b) => (b as HTMLElement).offsetParent !== null).length);
    expect(visibleEdits).toBe(0);
    expect(await page.getByRole("button", { name: /^(Remove|Rename|Edit)\b/ }).count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    await shoot(name.toLowerCase());
    if (name === "Analysis") {
      const mistakes = page.getByRole("region", { name: "Mistakes without deaths per session" });
      expect(await mistakes.getByRole("listitem").count()).toBeGreaterThan(0);
      await mistakes.screenshot({ path: path.join(RESULTS, "demo-analysis-mistakes-desktop.png") });
    }
  });

  it("scrolls no tab sideways at 390 × 844", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const name of TABS) {
        await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name, exact: true }).click();
        await page.getByRole("heading", { level: 1, name }).waitFor();
        // Let charts and tables settle before measuring (a tab that polls never goes network-idle).
        await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
        await page
          .getByText(/^(Loading|Analysing)\b/)
          .first()
          .waitFor({ state: "detached", timeout: 10_000 })
          .catch(() => undefined);
        expect({ tab: name, ...(await sidewaysOverflow(page)) }).toEqual({ tab: name, fits: true, wide: [] });
        if (name === "Analysis") {
          // The seeded strats' mistakes over the seven nights (issue 16).
          const mistakes = page.getByRole("region", { name: "Mistakes without deaths per session" });
          await mistakes.locator("canvas").waitFor();
          await mistakes.screenshot({ path: path.join(RESULTS, "demo-analysis-mistakes-phone.png") });
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("leaves the Sharing tab out", async () => {
    expect(await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Sharing", exact: true }).count()).toBe(0);
  });

  it("shows the seeded nights on the Reports tab", async () => {
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Reports", exact: true }).click();
    const reports = page.getByRole("table", { name: "Watched reports" });
    await expect.poll(() => reports.getByRole("row").count()).toBeGreaterThanOrEqual(8);
    expect(await reports.textContent()).toMatch(/Night 1/);
  });

  it("offers nothing to save on the Night tab (the demo is read-only)", async () => {
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Night", exact: true }).click();
    await page.getByRole("region", { name: "Saved nights" }).getByText("None in the demo.").waitFor();
    expect(await page.getByRole("button", { name: "Save this night" }).count()).toBe(0);
  });

  it("has a write refused by the server, in words", async () => {
    const answer = await page.evaluate(async () => {
      const response = await fetch("/api/trpc/roster.create", {
        method: "POST",
        headers: { "content-type": "application/json", "x-progboard-demo": "1" },
        body: JSON.stringify({ name: "Planted" }),
      });
      return { status: response.status, body: await response.text() };
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("The demo is read-only");
  });
});
