// SPEC.md F, G and I in the browser: the Progress and Analysis tabs over imported synthetic
// reports, and their PNG / CSV downloads holding exactly what is shown.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateReport, writeReportData, writeReportFile } from "@progboard/ingest/testing";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, importReportFile, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

const PULLS = 30;
const PLAYERS = ["Aldric Stormvale", "Mira Ashford", "Sela Moonbrook", "Tavi Nunh", "Kaito Ren", "Ysolde Vire", "Bram Cogsworth", "Lyra Emberly"];
// The chart background (palette.ts THEME.background): anything else on the canvas was drawn.
const BACKGROUND = [0x1c, 0x1f, 0x25];

async function openTab(page: Page, name: "Progress" | "Analysis"): Promise<void> {
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

/** The canvas of a chart, by the title it draws (its accessible name starts with it). */
function chart(page: Page, title: string): Locator {
  return page.getByRole("img", { name: new RegExp(`^${title}\\.`) });
}

/** Size of the canvas, its corner colour and how many of its pixels are not background. */
function canvasPixels(canvas: Locator) {
  return canvas.evaluate((el: HTMLCanvasElement, background: number[]) => {
    const ctx = el.getContext("2d");
    if (!ctx) throw new Error("no 2d context");
    const { data } = ctx.getImageData(0, 0, el.width, el.height);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (
        Math.abs((data[i] ?? 0) - (background[0] ?? 0)) +
          Math.abs((data[i + 1] ?? 0) - (background[1] ?? 0)) +
          Math.abs((data[i + 2] ?? 0) - (background[2] ?? 0)) >
        12
      )
        drawn++;
    }
    return { width: el.width, height: el.height, corner: [data[0], data[1], data[2], data[3]], drawn, total: el.width * el.height };
  }, BACKGROUND);
}

async function download(page: Page, button: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return { name: file.suggestedFilename(), body: await readFile(await file.path()) };
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

/** A chart's "Data shown" table, opened. */
async function chartData(page: Page, title: string): Promise<Locator> {
  await page
    .getByRole("region", { name: title })
    .getByText(/^Data shown/)
    .click();
  const table = page.getByRole("table", { name: `${title} data` });
  await table.waitFor();
  return table;
}

/** A table as shown: its header cells, then each body row's cells. */
function tableCells(table: Locator): Promise<string[][]> {
  return table.evaluate((el: HTMLTableElement) =>
    [...el.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent ?? "")),
  );
}

/** The PNG's size from its header, and how many channel values differ from the canvas on the page. */
function comparePng(page: Page, canvas: Locator, png: Buffer) {
  return canvas.evaluate(async (el: HTMLCanvasElement, base64: string) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const copy = document.createElement("canvas");
    copy.width = image.naturalWidth;
    copy.height = image.naturalHeight;
    const copyCtx = copy.getContext("2d");
    const shownCtx = el.getContext("2d");
    if (!copyCtx || !shownCtx) throw new Error("no 2d context");
    copyCtx.drawImage(image, 0, 0);
    const a = copyCtx.getImageData(0, 0, copy.width, copy.height).data;
    const b = shownCtx.getImageData(0, 0, el.width, el.height).data;
    let different = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > 2) different++;
    return { width: image.naturalWidth, height: image.naturalHeight, different };
  }, png.toString("base64"));
}

describe("progress and analysis", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("draws the prog curve of an imported report, and downloads exactly what is shown", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "progboard-e2e-progress-")), "prog.jsonl");
    await writeReportFile(file, { seed: 11, code: "E2eProgress00001", pulls: PULLS, eventsPerPull: 150, format: "jsonl" });

    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    await signUp(page, "raidlead");
    await landing(page).waitFor();
    await createStatic(page, "Cinder Prog");
    await expect.poll(() => shownStatic(page)).toBe("Cinder Prog");

    // Before any report: say where pulls come from.
    await openTab(page, "Progress");
    await page.getByText("No pulls yet — watch or import a report in the Reports tab").waitFor();

    await importReportFile(page, file, "Night one", PULLS);
    await openTab(page, "Progress");

    // The curve is drawn: a filled background (not transparent) with plenty drawn on it.
    const curve = chart(page, "Prog curve");
    await curve.waitFor();
    await expect.poll(async () => (await canvasPixels(curve)).drawn).toBeGreaterThan(0);
    const pixels = await canvasPixels(curve);
    expect(pixels.corner).toEqual([...BACKGROUND, 255]);
    expect(pixels.drawn / pixels.total).toBeGreaterThan(0.03);
    expect(await curve.getAttribute("aria-label")).toMatch(/Best: (kill|[PI]\d+ [\d.]+%) on pull \d+/);

    expect(await page.getByLabel("At a glance").textContent()).toContain(`Pulls${PULLS}`);

    // The pulls table lists every pull; its CSV holds exactly its cells.
    const pullsTable = page.getByRole("table", { name: "Pulls" });
    const shownPulls = await tableCells(pullsTable);
    expect(shownPulls).toHaveLength(PULLS + 1);
    expect(shownPulls[0]).toEqual([
      "Pull",
      "Started",
      "Duration",
      "Result",
      "Phase",
      "Boss % left",
      "Fight % left",
      "Deaths",
      "First death",
      "Died to",
      "At",
      "Not counted",
      "Also in",
    ]);
    expect(shownPulls.slice(1).map((r) => r[0])).toEqual(Array.from({ length: PULLS }, (_, i) => String(i + 1)));
    expect(shownPulls[PULLS]?.[3]).toBe("Kill");
    const pullsCsv = await download(page, page.getByRole("button", { name: "Download CSV: Pulls" }));
    expect(pullsCsv.name).toMatch(/^progboard-cinder-prog-the-cinder-throne-ultimate-pulls-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(parseCsv(pullsCsv.body.toString("utf8"))).toEqual(shownPulls);

    // The chart's CSV: one row per pull drawn, the same as its "Data shown" table.
    const curveCsv = await download(page, page.getByRole("button", { name: "Download CSV: Prog curve" }));
    expect(curveCsv.name).toMatch(/^progboard-cinder-prog-the-cinder-throne-ultimate-prog-curve-\d{4}-\d{2}-\d{2}\.csv$/);
    const curveRows = parseCsv(curveCsv.body.toString("utf8"));
    expect(curveRows).toEqual(await tableCells(await chartData(page, "Prog curve")));
    expect(curveRows).toHaveLength(PULLS + 1);
    expect(curveRows[0]).toEqual(["Pull", "Session", "Started", "Outcome", "Reached", "Progress score", "Best so far", "Session best"]);
    expect(curveRows[PULLS]?.slice(3, 5)).toEqual(["kill", "Kill"]);
    // The session's best is the kill, marked in the CSV as on the chart.
    expect(curveRows.filter((r) => r[7] !== "" && r[7] !== "Session best")).toEqual([curveRows[PULLS]]);

    // The PNG is the canvas as shown: same size, same pixels.
    const png = await download(page, page.getByRole("button", { name: "Download PNG: Prog curve" }));
    expect(png.name).toMatch(/^progboard-cinder-prog-the-cinder-throne-ultimate-prog-curve-\d{4}-\d{2}-\d{2}\.png$/);
    expect(png.body.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect([png.body.readUInt32BE(16), png.body.readUInt32BE(20)]).toEqual([pixels.width, pixels.height]);
    const compared = await comparePng(page, curve, png.body);
    expect(compared).toMatchObject({ width: pixels.width, height: pixels.height });
    expect(compared.different).toBeLessThan(pixels.total * 4 * 0.001);

    // A prog point: added in the form, listed with the pulls that reached it, drawn on the curve.
    await page.getByLabel("Name", { exact: true }).fill("Twin Wardens");
    await page.getByLabel("Phase", { exact: true }).selectOption({ label: "P2" });
    await page.getByRole("button", { name: "Add prog point" }).click();
    const points = page.getByRole("table", { name: "Prog points" });
    await expect.poll(() => points.textContent()).toContain("Twin Wardens");
    expect(await points.textContent()).toMatch(new RegExp(`\\d+ of ${PULLS}`));
    await page.getByRole("status").filter({ hasText: "Added Twin Wardens." }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, "progress-tab.png"), fullPage: true });

    // Analysis: every chart drawn, with the players by name.
    await openTab(page, "Analysis");
    for (const title of ["How pulls ended", "What the first death was", "Deaths per player", "Wipes started per player"]) {
      const canvas = chart(page, title);
      await canvas.waitFor();
      await expect.poll(async () => (await canvasPixels(canvas)).drawn).toBeGreaterThan(1000);
    }
    const deaths = await tableCells(await chartData(page, "Deaths per player"));
    expect(deaths[0]).toEqual([
      "Player",
      "On roster",
      "Pulls",
      "Deaths before the wipe was decided",
      "Died first",
      "Deaths per pull",
      "Deaths after (cascade)",
    ]);
    expect(
      deaths
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...PLAYERS].sort());
    expect(await page.getByRole("main").textContent()).toMatch(/died first on \d+ of \d+ pulls\./);
    // One report is one session: no trend, and it says so.
    const trend = page.getByRole("region", { name: "Deaths per pull over sessions" });
    expect(await trend.textContent()).toMatch(/Insufficient data: 1 session with at least 5 eligible pulls/);

    const wipesCsv = await download(page, page.getByRole("button", { name: "Download CSV: How pulls ended" }));
    const wipeRows = parseCsv(wipesCsv.body.toString("utf8"));
    expect(wipeRows).toEqual(await tableCells(await chartData(page, "How pulls ended")));
    expect(wipeRows.slice(1).reduce((sum, r) => sum + Number(r[1]), 0)).toBe(PULLS);
    await page.screenshot({ path: path.join(RESULTS, "analysis-tab.png"), fullPage: true });

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("follows progress over several sessions", { timeout: 300_000 }, async () => {
    // One synthetic prog, split into a report per night as a static would log it.
    const generated = generateReport({ seed: 5, pulls: 150, eventsPerPull: 120 });
    const { report } = generated;
    const day = (startTime: number) => Math.floor((report.startTime + startTime) / 86_400_000);
    const nights = [...new Set(report.fights.map((f) => day(f.startTime)))];
    expect(nights.length).toBeGreaterThanOrEqual(3);
    const dir = await mkdtemp(path.join(tmpdir(), "progboard-e2e-nights-"));
    const files = await Promise.all(
      nights.map(async (night, i) => {
        const fights = report.fights.filter((f) => day(f.startTime) === night);
        const code = `E2eNight${String(i + 1).padStart(8, "0")}`;
        const file = path.join(dir, `${code}.jsonl`);
        await writeReportData(file, { report: { ...report, code, fights }, events: (id) => generated.events(id) }, { format: "jsonl" });
        return { file, label: `Night ${i + 1}`, pulls: fights.length };
      }),
    );

    const context = await harness.browser.newContext({ baseURL: harness.baseURL, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signUp(page, "longprog");
    await landing(page).waitFor();
    await createStatic(page, "Long Prog");
    await expect.poll(() => shownStatic(page)).toBe("Long Prog");
    for (const night of files) await importReportFile(page, night.file, night.label, night.pulls);

    await openTab(page, "Progress");
    const curve = chart(page, "Prog curve");
    await curve.waitFor();
    expect(await curve.getAttribute("aria-label")).toMatch(new RegExp(`New best in \\d+ of ${files.length} sessions`));
    await expect.poll(async () => (await tableCells(page.getByRole("table", { name: "Pulls" }))).length).toBe(151);
    await page.screenshot({ path: path.join(RESULTS, "progress-sessions.png"), fullPage: true });

    // One session picked: only its pulls, numbered as in the whole prog.
    const second = files[1];
    if (!second) throw new Error("expected a second night");
    await page.getByLabel("Sessions", { exact: true }).selectOption({ index: 2 });
    await expect.poll(async () => (await tableCells(page.getByRole("table", { name: "Pulls" }))).length).toBe(second.pulls + 1);
    const firstOfSecond = (await tableCells(page.getByRole("table", { name: "Pulls" })))[1]?.[0];
    expect(firstOfSecond).toBe(String((files[0]?.pulls ?? 0) + 1));
    await page.getByLabel("Sessions", { exact: true }).selectOption({ index: 0 });

    await openTab(page, "Analysis");
    const trend = chart(page, "Deaths per pull over sessions");
    await trend.waitFor();
    await expect.poll(async () => (await canvasPixels(trend)).drawn).toBeGreaterThan(1000);
    expect(await page.getByRole("region", { name: "Deaths per pull over sessions" }).textContent()).toMatch(/deaths per pull over \d+ sessions/);
    const trendCsv = await download(page, page.getByRole("button", { name: "Download CSV: Deaths per pull over sessions" }));
    expect(parseCsv(trendCsv.body.toString("utf8"))).toEqual(await tableCells(await chartData(page, "Deaths per pull over sessions")));
    await page.screenshot({ path: path.join(RESULTS, "analysis-sessions.png"), fullPage: true });
    await context.close();
  });
});
