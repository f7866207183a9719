// SPEC.md H in the browser: static A gives static B read-only access to one report; a member of B
// opens it (banner, the granter's views, no edit controls, no private fields); A revokes; B's next
// navigation shows it is gone. Screenshots (desktop and 390 px) saved under test-results/.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeReportFile } from "@progboard/ingest/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, importReportFile, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

const PULLS = 12;

async function openSharing(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Sharing", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Sharing" }).waitFor();
}

describe("sharing", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("A shares one report with B; B reads it under the banner, read-only; A revokes and B's next navigation shows it gone", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "progboard-e2e-sharing-"));
    const shared = path.join(dir, "shared.jsonl");
    const other = path.join(dir, "other.jsonl");
    await writeReportFile(shared, { seed: 41, code: "E2eShared000001", pulls: PULLS, eventsPerPull: 120, format: "jsonl" });
    await writeReportFile(other, { seed: 42, code: "E2eOther0000001", pulls: PULLS, eventsPerPull: 120, format: "jsonl" });

    const newPage = async (width: number) => {
      const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return page;
    };
    const a = await newPage(1280);
    const b = await newPage(1280);
    const errors: Error[] = [];
    a.on("pageerror", (e) => errors.push(e));
    b.on("pageerror", (e) => errors.push(e));

    await signUp(a, "alina");
    await landing(a).waitFor();
    await createStatic(a, "Alpha Share");
    await expect.poll(() => shownStatic(a)).toBe("Alpha Share");
    await importReportFile(a, shared, "Shared night", PULLS);
    await importReportFile(a, other, "Private night", PULLS);

    await signUp(b, "bruno");
    await landing(b).waitFor();
    await createStatic(b, "Bravo Share");
    await expect.poll(() => shownStatic(b)).toBe("Bravo Share");
    await openSharing(b);
    const handle = (await b.getByLabel("Share handle value").textContent())?.trim() ?? "";
    expect(handle).toMatch(/^st_[a-z2-7]{20}$/);
    await b.getByText("No static shares its progress with us yet").waitFor();

    // A gives B the shared night only.
    await openSharing(a);
    await a.getByLabel("Their share handle").fill(handle);
    await a.getByLabel("What they may read").selectOption({ label: "Report Shared night" });
    await a.getByRole("button", { name: "Give read-only access" }).click();
    await a.getByRole("status").filter({ hasText: "Access given." }).waitFor();
    const given = a.getByRole("table", { name: "Access we gave" });
    await expect.poll(() => given.textContent()).toContain("Bravo Share");
    await a.screenshot({ path: path.join(RESULTS, "sharing-page.png"), fullPage: true });

    // B opens it: the banner, the granter's pulls of that report only, no edit controls.
    await b.reload();
    // The grant names the report as A calls it.
    await expect.poll(() => b.getByRole("list", { name: "Shared with us" }).textContent()).toContain("“Shared night”");
    await b.screenshot({ path: path.join(RESULTS, "sharing-received.png"), fullPage: true });
    await b.getByRole("list", { name: "Shared with us" }).getByRole("link", { name: "Alpha Share" }).click();
    await b.getByRole("note").filter({ hasText: "Shared by Alpha Share · read-only" }).waitFor();
    const pulls = b.getByRole("table", { name: "Pulls" });
    await pulls.waitFor();
    expect(await b.getByLabel("At a glance").textContent()).toContain(`Pulls${PULLS}`);
    const text = (await b.locator("main").textContent()) ?? "";
    expect(text).not.toContain("E2eOther0000001");
    expect(await b.getByRole("button", { name: /Add|Remove|Save|Edit/ }).count()).toBe(0);
    expect(await b.getByLabel(/notes/i).count()).toBe(0);
    await b.screenshot({ path: path.join(RESULTS, "shared-progress-desktop.png"), fullPage: true });
    await b.getByRole("navigation", { name: "Shared views" }).getByRole("link", { name: "Analysis" }).click();
    await b.getByRole("heading", { level: 1, name: "Alpha Share: Analysis" }).waitFor();
    await b.getByRole("note").filter({ hasText: "Shared by Alpha Share · read-only" }).waitFor();
    await b.screenshot({ path: path.join(RESULTS, "shared-analysis-desktop.png"), fullPage: true });
    await b.setViewportSize({ width: 390, height: 844 });
    await b.getByRole("navigation", { name: "Shared views" }).getByRole("link", { name: "Progress" }).click();
    await b.getByRole("table", { name: "Pulls" }).waitFor();
    await b.screenshot({ path: path.join(RESULTS, "shared-progress-phone.png"), fullPage: true });

    // A revokes; B's next navigation says it is gone.
    await a.getByRole("button", { name: "Revoke Bravo Share's access" }).click();
    await a.getByRole("button", { name: "Revoke", exact: true }).click();
    await expect.poll(() => given.textContent()).toContain("Revoked");
    await b.getByRole("navigation", { name: "Shared views" }).getByRole("link", { name: "Analysis" }).click();
    await b.getByText("This shared view is gone: the access was revoked, or never was ours.").waitFor();
    await b.screenshot({ path: path.join(RESULTS, "shared-gone-phone.png"), fullPage: true });
    await a.setViewportSize({ width: 390, height: 844 });
    await a.screenshot({ path: path.join(RESULTS, "sharing-page-phone.png"), fullPage: true });

    // A's Activity page lists the grant, the read and the revocation.
    await a.setViewportSize({ width: 1280, height: 900 });
    await a.getByRole("link", { name: "Activity", exact: true }).click();
    const activity = a.locator("main");
    await a.waitForTimeout(3000);
    await a.screenshot({ path: path.join(RESULTS, "activity-sharing.png"), fullPage: true });
    await expect.poll(() => activity.textContent()).toContain("gave Bravo Share read-only access to report");
    const log = (await activity.textContent()) ?? "";
    expect(log).toContain("for Bravo Share (shared.");
    expect(log).toContain("revoked Bravo Share's access to report");
    await a.screenshot({ path: path.join(RESULTS, "activity-sharing.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
