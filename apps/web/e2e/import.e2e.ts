// SPEC.md E in the browser: a report file imported from the Reports tab shows its pulls.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeReportFile } from "@progboard/ingest/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

describe("importing a report file", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("imports a synthetic report and shows it done with its pulls", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "progboard-e2e-import-")), "prog-night.jsonl");
    await writeReportFile(file, { seed: 3, code: "E2eImport000001", pulls: 12, eventsPerPull: 150, format: "jsonl" });

    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signUp(page, "importer");
    await landing(page).waitFor();
    await createStatic(page, "Importers");
    await expect.poll(() => shownStatic(page)).toBe("Importers");

    await page.getByLabel("Report files (.json or .jsonl, several at once)").setInputFiles(file);
    await page.getByLabel("Label for the import (optional)").fill("Week 1");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => page.getByRole("main").textContent()).toContain("E2eImport000001");

    const row = page.getByRole("table", { name: "Watched reports" }).getByRole("row", { name: /Week 1/ });
    // The summary shows the pulls as soon as the fights are in; "Done" once every pull's events are.
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain("Done");
    expect(await row.textContent()).toContain("12 pulls");
    await page.screenshot({ path: path.join(RESULTS, "reports-imported.png"), fullPage: true });
    await context.close();
  });
});
